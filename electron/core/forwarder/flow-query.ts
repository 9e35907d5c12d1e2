import type { FlowFilter, FlowPage, FlowRow, MessageStory, OutboundDto } from '../../../shared/dto';
import type { Db } from '../db/open';
import { AppError } from '../kernel/errors';
import { type CsvExport, type CsvOptions, exportFlowCsv, openFlowCsv } from './flow-export';
import { createOutboundRepo } from '../whatsapp';
import { type RawFlow, createFlowRowsRepo } from './flow-rows-repo';
import {
  createTableScan,
  type Cursor,
  INBOUND_SPEC,
  OUTBOX_SPEC,
  type Probes,
  type TableScanOptions,
} from './flow-scan-repo';
import type { InboundRepo } from './inbound-repo';
import { createOutboxRepo } from './outbox-repo';
import { uncertainReason } from './uncertain';

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
    numberId: r.number_id,
    numberName: r.number_name,
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

export function createFlowQuery(db: Db, inbound: InboundRepo, opts: TableScanOptions = {}) {
  const scans = [createTableScan(db, INBOUND_SPEC, opts), createTableScan(db, OUTBOX_SPEC, opts)];
  const tables = (filter: FlowFilter) =>
    scans.filter((s) => filter.direction !== (s.spec.dir === 'in' ? 'outbox' : 'in'));

  const rowsRepo = createFlowRowsRepo(db);
  const outboundRepo = createOutboundRepo(db);
  const outboxRepo = createOutboxRepo(db);

  /**
   * The newest `limit` rows before the cursor, both tables merged: each table gives at most `limit` ids in its own
   * index order (keyset), the two short lists are merged here, never the whole union sorted in SQL.
   */
  const select = (filter: FlowFilter, cursor: Cursor | null, limit: number, probes: Probes = new Map()): RawFlow[] => {
    const keyed: { dir: 'in' | 'outbox'; id: number; time: number; sortkey: number }[] = [];
    for (const scan of tables(filter)) {
      for (const r of scan.ids(filter, cursor, limit, probes)) {
        keyed.push({ dir: scan.spec.dir, id: r.id, time: r.time, sortkey: r.id * 2 + scan.spec.offset });
      }
    }
    keyed.sort((a, b) => b.time - a.time || b.sortkey - a.sortkey);
    const page = keyed.slice(0, limit);
    const ids = (dir: 'in' | 'outbox') => JSON.stringify(page.filter((k) => k.dir === dir).map((k) => k.id));
    const byKey = new Map<string, RawFlow>();
    if (page.some((k) => k.dir === 'in')) for (const r of rowsRepo.many('in', ids('in'))) byKey.set(`in:${r.id}`, r);
    if (page.some((k) => k.dir === 'outbox'))
      for (const r of rowsRepo.many('outbox', ids('outbox'))) byKey.set(`outbox:${r.id}`, r);
    return page.flatMap((k) => byKey.get(`${k.dir}:${k.id}`) ?? []);
  };

  const count = (filter: FlowFilter, probes: Probes): { total: number; capped: boolean } => {
    let total = 0;
    let capped = false;
    for (const scan of tables(filter)) {
      const c = scan.count(filter, probes);
      total += c.n;
      capped ||= c.capped;
    }
    return { total, capped };
  };

  const one = (direction: 'in' | 'outbox', id: number): FlowRow | null => {
    const r = rowsRepo.one(direction, id);
    return r ? toRow(r) : null;
  };

  return {
    page(filter: FlowFilter = {}, before?: string | null, limit = 100): FlowPage {
      const lim = Math.min(Math.max(1, Math.floor(limit)), 1000);
      // The page's rows and its total probe the same trigrams: once for both.
      const probes: Probes = new Map();
      const rows = select(filter, parseCursor(before), lim, probes);
      const last = rows[rows.length - 1];
      const { total, capped } = count(filter, probes);
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
        ? outboundRepo.forMessage(id, -1)
        : outboundRepo.forMessage(-1, id)) as unknown as OutboundDto[];
      const attempts = direction === 'in' ? inbound.attempts(id) : [];
      const inRow = direction === 'in' ? inbound.get(id) : null;
      const raw = direction === 'in' ? (inRow?.otomax_raw ?? null) : outboxRepo.raw(id);
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
    /** The log as CSV, newest first, part by part (each read in keyset chunks that yield to the event loop). */
    openCsv(filter: FlowFilter = {}, maxRows = 200_000, options: CsvOptions = {}): CsvExport {
      return openFlowCsv((cursor, limit) => select(filter, cursor, limit), maxRows, options);
    },
    /** The whole CSV as one string (the parts joined): see openCsv for the window's way. */
    exportCsv(
      filter: FlowFilter = {},
      maxRows = 200_000,
      options: CsvOptions = {},
    ): Promise<{ filename: string; csv: string }> {
      return exportFlowCsv((cursor, limit) => select(filter, cursor, limit), maxRows, options);
    },
  };
}
