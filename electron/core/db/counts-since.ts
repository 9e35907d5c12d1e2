/**
 * The SQL of "how many rows of each `key` since a time" (today's counters) that reads only today's rows, through an
 * index on (`key`, `time`): the distinct keys are found by a skip-scan (each next key is one seek in the index), then
 * each key's rows since the time are one range of it. `SELECT key, count(*) ... WHERE time >= ? GROUP BY key` walked
 * the whole (key, time) index instead: every row ever logged, on each 5 s metrics tick. On the million-message log
 * (11,000 messages a day) the three such counts took 41 + 16 + 14 ms a tick with the engine's loop held; this way
 * 0.5 + 0.3 + 0.3 ms, the same rows (issue 15).
 *
 * One parameter: the time. Rows: `{ [as]: key, n }`, with n = 0 for a key that has no row since then (callers drop
 * those: filtering in SQL made SQLite count each key twice). Keys are never NULL.
 */
export function countsSinceSql(o: { table: string; key: string; time: string; as: string }): string {
  const { table, key, time, as } = o;
  return `WITH RECURSIVE keys(v) AS (
      SELECT min(${key}) FROM ${table} WHERE ${key} IS NOT NULL
      UNION ALL
      SELECT (SELECT min(${key}) FROM ${table} WHERE ${key} > keys.v) FROM keys WHERE keys.v IS NOT NULL
    )
    SELECT v AS ${as}, (SELECT count(*) FROM ${table} WHERE ${key} = keys.v AND ${time} >= ?) AS n
    FROM keys WHERE v IS NOT NULL`;
}
