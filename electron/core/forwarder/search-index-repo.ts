import type { Db } from '../db/open';

/**
 * The text search indexes filled in the background (migration 009): each index has a watermark, the highest id it
 * covers. Every row at or under it is in the index, no row past it is; the rows past it (the tail) are what a search
 * also checks on the real column (flow-scan-repo.ts) and what the indexer inserts next (search-indexer.ts).
 */
export const SEARCH_TABLES = [
  { index: 'inbound_text_search', table: 'inbound_messages', column: 'text' },
  { index: 'outbox_text_search', table: 'outbox_messages', column: 'pesan' },
] as const;

export type SearchIndexName = (typeof SEARCH_TABLES)[number]['index'];

/** No tail: a database before migration 009 (its triggers index every row; the migration tests read one). */
const ALL_INDEXED = Number.MAX_SAFE_INTEGER;

export function createSearchIndexRepo(db: Db) {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_watermarks'").get();
  const mark = exists
    ? db.prepare<[string], { upto: number }>('SELECT upto FROM search_watermarks WHERE name = ?')
    : { get: () => ({ upto: ALL_INDEXED }) };
  const move = exists
    ? db.prepare<[number, string]>('UPDATE search_watermarks SET upto = ? WHERE name = ?')
    : { run: () => undefined };
  const per = SEARCH_TABLES.map((s) => ({
    ...s,
    newest: db.prepare<[], { id: number | null }>(`SELECT max(id) AS id FROM ${s.table}`),
    /** The last id of the next batch: the n-th row past the watermark (or the last one there is). */
    batchEnd: db.prepare<[number, number], { id: number | null }>(
      `SELECT max(id) AS id FROM (SELECT id FROM ${s.table} WHERE id > ? ORDER BY id LIMIT ?)`,
    ),
    insert: db.prepare<[number, number]>(
      `INSERT INTO ${s.index} (rowid, ${s.column}) SELECT id, ${s.column} FROM ${s.table} WHERE id > ? AND id <= ? ORDER BY id`,
    ),
    rebuild: db.prepare(`INSERT INTO ${s.index} (${s.index}) VALUES ('rebuild')`),
    waiting: db.prepare<[number], { n: number }>(`SELECT count(*) AS n FROM ${s.table} WHERE id > ?`),
  }));
  const at = (i: number) => {
    const p = per[i];
    if (!p) throw new Error(`no search index ${i}`);
    return p;
  };
  const watermark = (index: string): number => mark.get(index)?.upto ?? 0;
  /** `run`'s commit without its own sync (synchronous NORMAL for it, then back): see indexBatch. */
  const unsynced = <T>(run: () => T): T => {
    const level = db.pragma('synchronous', { simple: true }) as number;
    if (level <= 1) return run();
    db.pragma('synchronous = NORMAL');
    try {
      return run();
    } finally {
      db.pragma(level === 3 ? 'synchronous = EXTRA' : 'synchronous = FULL');
    }
  };

  /**
   * One batch of index `i` in one transaction: the next `limit` rows past its watermark inserted into the index and
   * the watermark moved to the last of them; a crash leaves both as they were, or both moved. Committed without its
   * own sync (synchronous NORMAL for this commit): a batch lost to a power cut is lost with its watermark move (the WAL
   * keeps commits in order, and the next synced commit of the engine carries it anyway), and is indexed again.
   * Returns the rows indexed (0: nothing was waiting).
   */
  const indexBatch = (i: number, limit: number): number => {
    const p = at(i);
    const from = watermark(p.index);
    if ((p.newest.get()?.id ?? 0) <= from) return 0;
    return unsynced(() =>
      db.transaction(() => {
        const upto = watermark(p.index);
        const end = p.batchEnd.get(upto, limit)?.id ?? null;
        if (end === null) return 0;
        const rows = p.insert.run(upto, end).changes;
        move.run(end, p.index);
        return rows;
      })(),
    );
  };

  return {
    count: per.length,
    name: (i: number): SearchIndexName => at(i).index,
    /** The highest id the index covers: rows past it are checked on the real column by every search. */
    watermark,
    /** Rows of index `i` waiting to be indexed (a count over the tail: for tests and logs, not the hot path). */
    waiting: (i: number): number => at(i).waiting.get(watermark(at(i).index))?.n ?? 0,
    /** True when index `i` has rows past its watermark (one seek). */
    behind: (i: number): boolean => (at(i).newest.get()?.id ?? 0) > watermark(at(i).index),
    indexBatch,
    unsynced,
    /**
     * Every index rebuilt from its table and its watermark moved to the newest row, in one transaction: for a log
     * written with the triggers dropped (the bench's seeding), never on the engine's path.
     */
    rebuildAll(): void {
      db.transaction(() => {
        for (const p of per) {
          p.rebuild.run();
          move.run(p.newest.get()?.id ?? 0, p.index);
        }
      })();
    },
  };
}

export type SearchIndexRepo = ReturnType<typeof createSearchIndexRepo>;
