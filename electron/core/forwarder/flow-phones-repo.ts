import type { Db } from '../db/open';
import type { TableSpec } from './flow-scan-repo';

/** Phones with a row in the table: a few thousand at a shop, read by skipping through the phone index. */
export const PHONE_LIST_MAX = 20_000;
const PHONE_LIST_TTL_MS = 60_000;

/**
 * The distinct phones of a table, for phone searches: read by seeking from one phone to the next in the phone
 * index (one seek per phone, not one step per row), kept for a minute and topped up with the phones of rows added
 * since. null when there are too many phones for this to pay.
 */
export function createPhoneList(db: Db, spec: Pick<TableSpec, 'table' | 'phone'>, max = PHONE_LIST_MAX) {
  const next = db.prepare<[string], { p: string }>(
    `SELECT ${spec.phone} AS p FROM ${spec.table} WHERE ${spec.phone} > ? ORDER BY ${spec.phone} LIMIT 1`,
  );
  const maxId = db.prepare<[], { m: number | null }>(`SELECT max(id) AS m FROM ${spec.table}`);
  const since = db.prepare<[number], { p: string | null }>(`SELECT ${spec.phone} AS p FROM ${spec.table} WHERE id > ?`);
  let cache: { phones: Set<string>; upTo: number; at: number } | null = null;
  const load = (): Set<string> | null => {
    const upTo = maxId.get()?.m ?? 0;
    if (cache && Date.now() - cache.at < PHONE_LIST_TTL_MS) {
      for (const r of since.all(cache.upTo)) if (r.p !== null) cache.phones.add(r.p);
      cache.upTo = upTo;
      return cache.phones;
    }
    const phones = new Set<string>();
    let from = '';
    for (let i = 0; i <= max; i++) {
      const r = next.get(from);
      if (!r) {
        cache = { phones, upTo, at: Date.now() };
        return phones;
      }
      phones.add(r.p);
      from = r.p;
    }
    return null;
  };
  return {
    /** Phones containing the digits (what LIKE '%digits%' matches), or null when the list is too long to read. */
    matching(digits: string): string[] | null {
      const all = load();
      return all ? [...all].filter((p) => p.includes(digits)) : null;
    },
  };
}
