import type { Db } from '../db/open';

/**
 * The statuses one WhatsApp number has rows in, for the live flow's number filter (migration 007): a number's rows in
 * time order are its (number, status, time) index read one status at a time and merged, so the table needs no
 * second (number, time) index. Read by seeking from one status to the next (one seek per status, a handful in all),
 * never by walking the number's rows. Reads only; the tables' writers are their own repositories.
 */

/** More distinct statuses than any table has (8 inbound, 6 outbox): a bound on the seeks, not a limit in practice. */
const MAX_STATUSES = 64;

export function createFlowStatusesRepo(db: Db, table: 'inbound_messages' | 'outbox_messages') {
  const number = table === 'inbound_messages' ? 'session_id' : 'number_id';
  const next = db.prepare<[string, string], { s: string }>(
    `SELECT status AS s FROM ${table} WHERE ${number} = ? AND status > ? ORDER BY status LIMIT 1`,
  );
  const size = db.prepare<[string, number], { n: number }>(
    `SELECT count(*) AS n FROM (SELECT 1 FROM ${table} WHERE ${number} = ? LIMIT ?)`,
  );
  return {
    /** True when the number has at most `max` rows in the table (counted on the index, at most `max` + 1 steps). */
    small(numberId: string, max: number): boolean {
      return (size.get(numberId, max + 1)?.n ?? 0) <= max;
    },
    /** The distinct statuses of the number's rows, in order; empty when the number has no row. */
    of(numberId: string): string[] {
      const out: string[] = [];
      let from = '';
      for (let i = 0; i < MAX_STATUSES; i++) {
        const r = next.get(numberId, from);
        if (!r) break;
        out.push(r.s);
        from = r.s;
      }
      return out;
    },
  };
}

/** The newest `limit` of several lists that are each newest first (time, then id, descending). */
export function mergeNewest<T extends { id: number; time: number }>(lists: T[][], limit: number): T[] {
  if (lists.length === 1) return (lists[0] as T[]).slice(0, limit);
  return lists
    .flat()
    .sort((a, b) => b.time - a.time || b.id - a.id)
    .slice(0, limit);
}
