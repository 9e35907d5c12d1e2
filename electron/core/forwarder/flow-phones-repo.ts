import type { Db } from '../db/open';
import type { TableSpec } from './flow-scan-repo';

/** Phones with a row in the table: a few thousand at a shop, read by skipping through the phone index. */
export const PHONE_LIST_MAX = 20_000;
const PHONE_LIST_TTL_MS = 60_000;

/**
 * The distinct phones of a table, for phone searches (the only way in since migration 008 dropped the phone trigram
 * indexes, besides a scan of the phone index): read by seeking from one phone to the next in the phone index (one
 * seek per phone, not one step per row), kept for a minute and topped up with the phones of rows added since. null
 * when there are more than `max` phones (remembered for a minute too, so each search does not read them again).
 * The limit stays at 20,000: the first read of 100,000 phones would hold the engine 130-150 ms.
 */
export function createPhoneList(db: Db, spec: Pick<TableSpec, 'table' | 'phone'>, max = PHONE_LIST_MAX) {
  // One statement walks the phones (no call into SQLite per phone): about three times faster than a seek per call,
  // 29-33 ms for 20,000 phones, 133-152 ms for 100,000 on the 2-core bench machine (issue 15).
  const walk = db
    .prepare<[number], string>(
      `WITH RECURSIVE p(x) AS (
         SELECT (SELECT ${spec.phone} FROM ${spec.table} WHERE ${spec.phone} > '' ORDER BY ${spec.phone} LIMIT 1)
         UNION ALL
         SELECT (SELECT ${spec.phone} FROM ${spec.table} WHERE ${spec.phone} > p.x ORDER BY ${spec.phone} LIMIT 1)
         FROM p WHERE p.x IS NOT NULL LIMIT ?
       ) SELECT x FROM p WHERE x IS NOT NULL`,
    )
    .pluck();
  const maxId = db.prepare<[], { m: number | null }>(`SELECT max(id) AS m FROM ${spec.table}`);
  const since = db.prepare<[number], { p: string | null }>(`SELECT ${spec.phone} AS p FROM ${spec.table} WHERE id > ?`);
  let cache: { phones: Set<string>; upTo: number; at: number } | null = null;
  let tooManyAt: number | null = null;
  const load = (): Set<string> | null => {
    const upTo = maxId.get()?.m ?? 0;
    if (cache && Date.now() - cache.at < PHONE_LIST_TTL_MS) {
      for (const r of since.all(cache.upTo)) if (r.p !== null) cache.phones.add(r.p);
      cache.upTo = upTo;
      return cache.phones;
    }
    if (tooManyAt !== null && Date.now() - tooManyAt < PHONE_LIST_TTL_MS) return null;
    const list = walk.all(max + 1);
    if (list.length > max) {
      cache = null;
      tooManyAt = Date.now();
      return null;
    }
    tooManyAt = null;
    const phones = new Set(list);
    cache = { phones, upTo, at: Date.now() };
    return phones;
  };
  return {
    /** Phones containing the digits (what LIKE '%digits%' matches), or null when the list is too long to read. */
    matching(digits: string): string[] | null {
      const all = load();
      return all ? [...all].filter((p) => p.includes(digits)) : null;
    },
  };
}
