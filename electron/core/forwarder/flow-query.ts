import type { FlowFilter, FlowPage, FlowRow, MessageStory, OutboundDto } from '../../../shared/dto';
import type { Db } from '../db/open';
import { AppError } from '../kernel/errors';
import { type CsvOptions, type CsvRow, exportFlowCsv } from './flow-export';
import { createTableScan, type Cursor, INBOUND_SPEC, OUTBOX_SPEC, waitingOtomax } from './flow-scan';
import type { InboundRepo } from './inbound-repo';
import { uncertainReason } from './uncertain';

/** A log row as the flow query reads it: the CSV's columns plus what only the window shows. */
interface RawFlow extends CsvRow {
  id: number;
  reply_error: string | null;
  error_class: string | null;
}

const IN_SELECT = `SELECT 'in' AS direction, i.id, i.received_at AS time, i.sender_phone AS phone, i.push_name AS name, i.text,
  CASE WHEN ${waitingOtomax('i')} THEN 'waiting_otomax' ELSE i.status END AS status, i.otomax_status, i.otomax_desc, i.kode_inbox, o.text AS reply_text, o.status AS reply_status, o.error_message AS reply_error, i.latency_ms,
  i.error_message AS error, i.error_class, i.id * 2 + 1 AS sortkey
  FROM inbound_messages i
  LEFT JOIN outbound_messages o ON o.id = (SELECT id FROM outbound_messages WHERE inbound_id = i.id ORDER BY id LIMIT 1)`;

const OUTBOX_SELECT = `SELECT 'outbox' AS direction, b.id, b.received_at AS time, b.penerima AS phone,
  (SELECT push_name FROM inbound_messages WHERE sender_phone = b.penerima AND push_name IS NOT NULL ORDER BY received_at DESC LIMIT 1) AS name,
  b.pesan AS text, b.status, NULL AS otomax_status, NULL AS otomax_desc, b.kode_inbox, o.text AS reply_text, o.status AS reply_status, o.error_message AS reply_error,
  CASE WHEN o.sent_at IS NOT NULL THEN o.sent_at - b.received_at END AS latency_ms, b.error_message AS error, NULL AS error_class, b.id * 2 AS sortkey
  FROM outbox_messages b
  LEFT JOIN outbound_messages o ON o.id = (SELECT id FROM outbound_messages WHERE outbox_id = b.id ORDER BY id LIMIT 1)`;

function toRow(r: RawFlow): FlowRow {
  return {
    id: `${r.direction}:${r.id}`,
    direction: r.direction,
    time: r.time,
    phone: r.phone,
    name: r.name,
    text: r.text,
    status: r.status as FlowRow['status'],
    otomaxStatus: r.otomax_status,
    otomaxDesc: r.otomax_desc,
    kodeInbox: r.kode_inbox,
    replyText: r.reply_text,
    replyStatus: r.reply_status as FlowRow['replyStatus'],
    replyError: r.reply_error,
    errorClass: r.error_class,
    latencyMs: r.latency_ms,
    error: r.error,
    uncertain:
      r.direction === 'in' && (r.status === 'failed' || r.status === 'checked') ? uncertainReason(r.error_class) : null,
  };
}

export function parseFlowId(id: string): { direction: 'in' | 'outbox'; id: number } {
  const m = /^(in|outbox):(\d+)$/.exec(id);
  if (!m) throw new AppError('VALIDATION', 'id must look like in:12 or outbox:3', { field: 'id' });
  return { direction: m[1] as 'in' | 'outbox', id: Number(m[2]) };
}

export type FlowQuery = ReturnType<typeof createFlowQuery>;

function parseCursor(before: string | null | undefined): Cursor | null {
  if (!before) return null;
  const m = /^(\d+):(\d+)$/.exec(before);
  if (!m) throw new AppError('VALIDATION', 'bad cursor', { field: 'before' });
  return { time: Number(m[1]), sortkey: Number(m[2]) };
}

export function createFlowQuery(db: Db, inbound: InboundRepo) {
  const scans = [createTableScan(db, INBOUND_SPEC), createTableScan(db, OUTBOX_SPEC)];
  const tables = (filter: FlowFilter) =>
    scans.filter((s) => filter.direction !== (s.spec.dir === 'in' ? 'outbox' : 'in'));

  // The full rows of a page, fetched by id once the page's ids are known.
  const inRows = db.prepare<[string], RawFlow>(`${IN_SELECT} WHERE i.id IN (SELECT value FROM json_each(?))`);
  const outboxRows = db.prepare<[string], RawFlow>(`${OUTBOX_SELECT} WHERE b.id IN (SELECT value FROM json_each(?))`);

  /**
   * The newest `limit` rows before the cursor, both tables merged: each table gives at most `limit` ids in its own
   * index order (keyset), the two short lists are merged here, never the whole union sorted in SQL.
   */
  const select = (filter: FlowFilter, cursor: Cursor | null, limit: number): RawFlow[] => {
    const keyed: { dir: 'in' | 'outbox'; id: number; time: number; sortkey: number }[] = [];
    for (const scan of tables(filter)) {
      for (const r of scan.ids(filter, cursor, limit)) {
        keyed.push({ dir: scan.spec.dir, id: r.id, time: r.time, sortkey: r.id * 2 + scan.spec.offset });
      }
    }
    keyed.sort((a, b) => b.time - a.time || b.sortkey - a.sortkey);
    const page = keyed.slice(0, limit);
    const ids = (dir: 'in' | 'outbox') => JSON.stringify(page.filter((k) => k.dir === dir).map((k) => k.id));
    const byKey = new Map<string, RawFlow>();
    if (page.some((k) => k.dir === 'in')) for (const r of inRows.all(ids('in'))) byKey.set(`in:${r.id}`, r);
    if (page.some((k) => k.dir === 'outbox'))
      for (const r of outboxRows.all(ids('outbox'))) byKey.set(`outbox:${r.id}`, r);
    return page.flatMap((k) => byKey.get(`${k.dir}:${k.id}`) ?? []);
  };

  const count = (filter: FlowFilter): { total: number; capped: boolean } => {
    let total = 0;
    let capped = false;
    for (const scan of tables(filter)) {
      const c = scan.count(filter);
      total += c.n;
      capped ||= c.capped;
    }
    return { total, capped };
  };

  const outboundFor = db.prepare<[number, number], Record<string, unknown>>(
    `SELECT id, kind, to_phone AS toPhone, text, status, wa_id AS waId, attempts, created_at AS createdAt, sent_at AS sentAt,
       delivered_at AS deliveredAt, read_at AS readAt, error_message AS error
     FROM outbound_messages WHERE inbound_id = ? OR outbox_id = ? ORDER BY id`,
  );
  const outboxRaw = db.prepare<[number], { raw: string }>('SELECT raw FROM outbox_messages WHERE id = ?');

  // One row is read on every state change the window is told of: prepared once.
  const oneIn = db.prepare<[number], RawFlow>(`${IN_SELECT} WHERE i.id = ?`);
  const oneOutbox = db.prepare<[number], RawFlow>(`${OUTBOX_SELECT} WHERE b.id = ?`);
  const one = (direction: 'in' | 'outbox', id: number): FlowRow | null => {
    const r = (direction === 'in' ? oneIn : oneOutbox).get(id);
    return r ? toRow(r) : null;
  };

  return {
    page(filter: FlowFilter = {}, before?: string | null, limit = 100): FlowPage {
      const lim = Math.min(Math.max(1, Math.floor(limit)), 1000);
      const rows = select(filter, parseCursor(before), lim);
      const last = rows[rows.length - 1];
      const { total, capped } = count(filter);
      return {
        rows: rows.map(toRow),
        nextCursor: rows.length === lim && last ? `${last.time}:${last.sortkey}` : null,
        total,
        ...(capped ? { totalIsLowerBound: true } : {}),
      };
    },
    row: one,
    detail(flowId: string): MessageStory {
      const { direction, id } = parseFlowId(flowId);
      const row = one(direction, id);
      if (!row) throw new AppError('NOT_FOUND', `no message ${flowId}`);
      const outbound = (direction === 'in'
        ? outboundFor.all(id, -1)
        : outboundFor.all(-1, id)) as unknown as OutboundDto[];
      const attempts = direction === 'in' ? inbound.attempts(id) : [];
      const inRow = direction === 'in' ? inbound.get(id) : null;
      const raw = direction === 'in' ? (inRow?.otomax_raw ?? null) : (outboxRaw.get(id)?.raw ?? null);
      // `what` stays English for the REST API and logs; the window says `step` (and its values) in its language.
      const events: MessageStory['events'] = [
        direction === 'in'
          ? { at: row.time, what: 'received', step: 'received' }
          : { at: row.time, what: 'outbox_received', step: 'outbox_received' },
      ];
      for (const a of attempts)
        events.push({
          at: a.startedAt,
          what: `attempt ${a.attempt}: ${a.outcome}`,
          step: 'attempt',
          attempt: a.attempt,
          outcome: a.outcome,
        });
      if (inRow?.forwarded_at)
        events.push({
          at: inRow.forwarded_at,
          what: `otomax ${inRow.otomax_status ?? ''}`.trim(),
          step: 'otomax',
          ...(inRow.otomax_status !== null ? { otomaxStatus: inRow.otomax_status } : {}),
        });
      if (inRow?.read_at) events.push({ at: inRow.read_at, what: 'marked_read', step: 'marked_read' });
      for (const o of outbound) {
        const at = (when: number, step: 'queued' | 'sent' | 'delivered' | 'read') =>
          events.push({ at: when, what: `${o.kind} ${step}`, step: `reply_${step}`, kind: o.kind });
        at(o.createdAt, 'queued');
        if (o.sentAt) at(o.sentAt, 'sent');
        if (o.deliveredAt) at(o.deliveredAt, 'delivered');
        if (o.readAt) at(o.readAt, 'read');
      }
      events.sort((a, b) => a.at - b.at);
      return { row, attempts, outbound, raw, events };
    },
    /** The log as CSV, newest first, read in keyset chunks that yield to the event loop between them. */
    exportCsv(
      filter: FlowFilter = {},
      maxRows = 200_000,
      options: CsvOptions = {},
    ): Promise<{ filename: string; csv: string }> {
      return exportFlowCsv((cursor, limit) => select(filter, cursor, limit), maxRows, options);
    },
  };
}
export { csvCell } from './flow-export';
