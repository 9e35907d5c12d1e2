import type { FlowFilter, FlowPage, FlowRow, MessageStory, OutboundDto } from '../../../shared/dto';
import type { Db } from '../db/open';
import { AppError } from '../errors';
import { normalizePhone } from '../otomax/phone';
import type { InboundRepo } from './inbound-repo';
import { NEEDS_CHECK, UNCERTAIN_CLASSES_SQL, uncertainReason } from './uncertain';

interface RawFlow {
  direction: 'in' | 'outbox';
  id: number;
  time: number;
  phone: string | null;
  name: string | null;
  text: string;
  status: string;
  otomax_status: number | null;
  otomax_desc: string | null;
  kode_inbox: number | null;
  reply_text: string | null;
  reply_status: string | null;
  reply_error: string | null;
  latency_ms: number | null;
  error: string | null;
  error_class: string | null;
  sortkey: number;
}

/**
 * A queued message that OtomaX already failed to take (refused, timed out, not configured) is shown as
 * 'waiting_otomax' ("Menunggu OtomaX"), not as a plain queue or an in-flight send. Derived, never stored.
 */
const WAITING_OTOMAX = `(i.status IN ('queued', 'forwarding') AND (i.error_class IS NOT NULL
  OR EXISTS (SELECT 1 FROM forward_attempts a WHERE a.inbound_id = i.id AND a.outcome <> 'ok')))`;

const IN_SELECT = `SELECT 'in' AS direction, i.id, i.received_at AS time, i.sender_phone AS phone, i.push_name AS name, i.text,
  CASE WHEN ${WAITING_OTOMAX} THEN 'waiting_otomax' ELSE i.status END AS status, i.otomax_status, i.otomax_desc, i.kode_inbox, o.text AS reply_text, o.status AS reply_status, o.error_message AS reply_error, i.latency_ms,
  i.error_message AS error, i.error_class, i.id * 2 + 1 AS sortkey
  FROM inbound_messages i
  LEFT JOIN outbound_messages o ON o.id = (SELECT id FROM outbound_messages WHERE inbound_id = i.id ORDER BY id LIMIT 1)`;

const OUTBOX_SELECT = `SELECT 'outbox' AS direction, b.id, b.received_at AS time, b.penerima AS phone,
  (SELECT push_name FROM inbound_messages WHERE sender_phone = b.penerima AND push_name IS NOT NULL ORDER BY received_at DESC LIMIT 1) AS name,
  b.pesan AS text, b.status, NULL AS otomax_status, NULL AS otomax_desc, b.kode_inbox, o.text AS reply_text, o.status AS reply_status, o.error_message AS reply_error,
  CASE WHEN o.sent_at IS NOT NULL THEN o.sent_at - b.received_at END AS latency_ms, b.error_message AS error, NULL AS error_class, b.id * 2 AS sortkey
  FROM outbox_messages b
  LEFT JOIN outbound_messages o ON o.id = (SELECT id FROM outbound_messages WHERE outbox_id = b.id ORDER BY id LIMIT 1)`;

function likeEscape(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** WHERE clauses per branch, with the column names of that table. Values are bound, never interpolated. */
function branchWhere(filter: FlowFilter, dir: 'in' | 'outbox', params: unknown[]): string {
  const col =
    dir === 'in'
      ? {
          time: 'i.received_at',
          phone: 'i.sender_phone',
          text: 'i.text',
          status: 'i.status',
          otomax: 'i.otomax_status',
        }
      : { time: 'b.received_at', phone: 'b.penerima', text: 'b.pesan', status: 'b.status', otomax: null };
  const where: string[] = [];
  if (filter.from !== undefined) {
    where.push(`${col.time} >= ?`);
    params.push(filter.from);
  }
  if (filter.to !== undefined) {
    where.push(`${col.time} <= ?`);
    params.push(filter.to);
  }
  if (filter.phone) {
    const digits = normalizePhone(filter.phone) ?? filter.phone.replace(/\D/g, '');
    where.push(`${col.phone} LIKE ? ESCAPE '\\'`);
    params.push(likeEscape(digits));
  }
  if (filter.text) {
    where.push(`${col.text} LIKE ? ESCAPE '\\'`);
    params.push(likeEscape(filter.text));
  }
  if (filter.status === NEEDS_CHECK) {
    if (dir === 'outbox') return '0';
    where.push(`i.status = 'failed' AND i.error_class IN ${UNCERTAIN_CLASSES_SQL}`);
  } else if (filter.status) {
    if (/^\d+$/.test(filter.status)) {
      if (!col.otomax) return '0';
      where.push(`${col.otomax} = ?`);
      params.push(Number(filter.status));
    } else if (dir === 'in' && filter.status === 'waiting_otomax') {
      where.push(WAITING_OTOMAX);
    } else if (dir === 'in' && (filter.status === 'queued' || filter.status === 'forwarding')) {
      where.push(`${col.status} = ? AND NOT ${WAITING_OTOMAX}`);
      params.push(filter.status);
    } else {
      where.push(`${col.status} = ?`);
      params.push(filter.status);
    }
  }
  return where.length ? where.join(' AND ') : '1';
}

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

export function createFlowQuery(db: Db, inbound: InboundRepo) {
  const select = (filter: FlowFilter, before: string | null | undefined, limit: number | null) => {
    const params: unknown[] = [];
    const parts: string[] = [];
    if (filter.direction !== 'outbox') parts.push(`${IN_SELECT} WHERE ${branchWhere(filter, 'in', params)}`);
    if (filter.direction !== 'in') parts.push(`${OUTBOX_SELECT} WHERE ${branchWhere(filter, 'outbox', params)}`);
    let sql = `SELECT * FROM (${parts.join(' UNION ALL ')})`;
    if (before) {
      const m = /^(\d+):(\d+)$/.exec(before);
      if (!m) throw new AppError('VALIDATION', 'bad cursor', { field: 'before' });
      sql += ' WHERE time < ? OR (time = ? AND sortkey < ?)';
      params.push(Number(m[1]), Number(m[1]), Number(m[2]));
    }
    sql += ' ORDER BY time DESC, sortkey DESC';
    if (limit !== null) {
      sql += ' LIMIT ?';
      params.push(limit);
    }
    return { rows: db.prepare(sql).all(...params) as RawFlow[], params };
  };

  const count = (filter: FlowFilter): number => {
    const params: unknown[] = [];
    let n = 0;
    if (filter.direction !== 'outbox') {
      n += (
        db
          .prepare(`SELECT count(*) AS n FROM inbound_messages i WHERE ${branchWhere(filter, 'in', params)}`)
          .get(...params) as { n: number }
      ).n;
    }
    if (filter.direction !== 'in') {
      const p2: unknown[] = [];
      n += (
        db
          .prepare(`SELECT count(*) AS n FROM outbox_messages b WHERE ${branchWhere(filter, 'outbox', p2)}`)
          .get(...p2) as { n: number }
      ).n;
    }
    return n;
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
      const { rows } = select(filter, before, lim);
      const last = rows[rows.length - 1];
      return {
        rows: rows.map(toRow),
        nextCursor: rows.length === lim && last ? `${last.time}:${last.sortkey}` : null,
        total: count(filter),
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
    exportCsv(filter: FlowFilter = {}, maxRows = 200_000): { filename: string; csv: string } {
      const { rows } = select(filter, null, maxRows);
      const header = [
        'time',
        'direction',
        'phone',
        'name',
        'text',
        'status',
        'otomax_status',
        'otomax_desc',
        'kode_inbox',
        'reply',
        'reply_status',
        'latency_ms',
        'error',
      ];
      const lines = [header.join(',')];
      for (const r of rows) {
        lines.push(
          [
            new Date(r.time).toISOString(),
            r.direction,
            r.phone,
            r.name,
            r.text,
            r.status,
            r.otomax_status,
            r.otomax_desc,
            r.kode_inbox,
            r.reply_text,
            r.reply_status,
            r.latency_ms,
            r.error,
          ]
            .map(csvCell)
            .join(','),
        );
      }
      return {
        filename: `jembatan-log-${new Date().toISOString().slice(0, 10)}.csv`,
        csv: `\uFEFF${lines.join('\r\n')}\r\n`,
      };
    },
  };
}

/** RFC 4180 quoting, and a leading quote on cells a spreadsheet would run as a formula. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
