import type { FlowFilter } from '../../../shared/dto';
import type { Db } from '../../../electron/core/db/open';
import { normalizePhone } from '../../../electron/core/otomax/phone';

/**
 * The flow query as it was before issue 15 (UNION ALL sorted as a whole, exact count(*), LIKE scans), kept only as
 * the oracle the new query must agree with row for row.
 */
const IN_SELECT = `SELECT 'in' AS direction, i.id, i.received_at AS time, i.sender_phone AS phone, i.push_name AS name, i.text,
  i.status, i.otomax_status, i.otomax_desc, i.kode_inbox, o.text AS reply_text, o.status AS reply_status, i.latency_ms,
  i.error_message AS error, i.id * 2 + 1 AS sortkey
  FROM inbound_messages i
  LEFT JOIN outbound_messages o ON o.id = (SELECT id FROM outbound_messages WHERE inbound_id = i.id ORDER BY id LIMIT 1)`;

const OUTBOX_SELECT = `SELECT 'outbox' AS direction, b.id, b.received_at AS time, b.penerima AS phone,
  (SELECT push_name FROM inbound_messages WHERE sender_phone = b.penerima AND push_name IS NOT NULL ORDER BY received_at DESC LIMIT 1) AS name,
  b.pesan AS text, b.status, NULL AS otomax_status, NULL AS otomax_desc, b.kode_inbox, o.text AS reply_text, o.status AS reply_status,
  CASE WHEN o.sent_at IS NOT NULL THEN o.sent_at - b.received_at END AS latency_ms, b.error_message AS error, b.id * 2 AS sortkey
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
  if (filter.status) {
    if (/^\d+$/.test(filter.status)) {
      if (!col.otomax) return '0';
      where.push(`${col.otomax} = ?`);
      params.push(Number(filter.status));
    } else {
      where.push(`${col.status} = ?`);
      params.push(filter.status);
    }
  }
  return where.length ? where.join(' AND ') : '1';
}

export function legacyFlow(db: Db) {
  const select = (filter: FlowFilter, before: string | null | undefined, limit: number | null) => {
    const params: unknown[] = [];
    const parts: string[] = [];
    if (filter.direction !== 'outbox') parts.push(`${IN_SELECT} WHERE ${branchWhere(filter, 'in', params)}`);
    if (filter.direction !== 'in') parts.push(`${OUTBOX_SELECT} WHERE ${branchWhere(filter, 'outbox', params)}`);
    let sql = `SELECT * FROM (${parts.join(' UNION ALL ')})`;
    if (before) {
      const m = /^(\d+):(\d+)$/.exec(before);
      if (!m) throw new Error('bad cursor');
      sql += ' WHERE time < ? OR (time = ? AND sortkey < ?)';
      params.push(Number(m[1]), Number(m[1]), Number(m[2]));
    }
    sql += ' ORDER BY time DESC, sortkey DESC';
    if (limit !== null) {
      sql += ' LIMIT ?';
      params.push(limit);
    }
    return {
      rows: db.prepare(sql).all(...params) as { id: number; direction: string; time: number; sortkey: number }[],
      params,
    };
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

  return { select, count };
}
