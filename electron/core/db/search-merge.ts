import type { Db } from './open';

/**
 * The log's text trigram indexes (migrations 004, 007 and 008) while old rows are pruned. Every delete writes "this row is
 * gone" entries into a new small segment of each index, and FTS5 folds segments together as it goes (automerge):
 * after every 64 pages written it merges 64 pages per level in one go, and that one step took 350 ms of a 100-row
 * prune step on the 1 M log (issue 15; without the index deletes the worst step was 60 ms). While a prune runs the
 * folding is taken over here instead: automerge off, and a bounded `merge` of a few pages after each step, each in
 * its own turn of the event loop. When the prune ends, the indexes are folded to the state automerge would keep
 * (fewer than 4 segments a level, no merge half done) and automerge is put back, so the writes that follow find
 * nothing left to do in one go.
 */
/**
 * The phone indexes are gone (migration 008): every phone holds the trigram "628", a doclist as long as the table,
 * and FTS5 stops a merge only between terms, so one step of that term held the engine 40-50 ms whatever its size.
 */
export const SEARCH_INDEXES = ['inbound_text_search', 'outbox_text_search'] as const;

/**
 * What every index runs with outside a prune. Automerge stays off since migration 009: the background indexer
 * (forwarder/search-indexer.ts) folds the segments its batches write with bounded `merge` steps of its own, in turns
 * of their own (automerge would merge 64 pages per level in one go inside a batch: 30-50 ms measured). The crisis
 * merge keeps FTS5's default, a last resort the indexer's merging keeps far off.
 */
const AUTOMERGE_DEFAULT = 0;
const CRISISMERGE_DEFAULT = 16;
/**
 * During a prune: FTS5 merges a whole level at once when it holds this many segments (a "crisis merge"), and with
 * automerge off the small segments of the deletes pile up while `step` finishes a long merge higher up.
 */
const CRISISMERGE_HELD = 256;

export function createSearchMerger(db: Db) {
  // The setting must be an integer: a bound JS number arrives as a REAL, which FTS5 refuses, so each value is written.
  const setAll = (name: string, value: number) =>
    SEARCH_INDEXES.map((t) => db.prepare(`INSERT INTO ${t} (${t}, rank) VALUES ('${name}', ${value})`));
  const held = [...setAll('automerge', 0), ...setAll('crisismerge', CRISISMERGE_HELD)];
  const released = [...setAll('automerge', AUTOMERGE_DEFAULT), ...setAll('crisismerge', CRISISMERGE_DEFAULT)];
  const merge = SEARCH_INDEXES.map((t) => db.prepare(`INSERT INTO ${t} (${t}, rank) VALUES ('merge', ?)`));
  const total = db.prepare<[], { n: number }>('SELECT total_changes() AS n');
  const changes = () => total.get()?.n ?? 0;
  return {
    /** Automerge off: the prune's steps only add small segments; `step` does the merging. */
    hold(): void {
      db.transaction(() => held.forEach((s) => s.run()))();
    },
    /**
     * At most about `pages` pages of merging in one index (0 to SEARCH_INDEXES.length - 1). True when it did work
     * (call again to go on), false when that index is folded (no level with 4 segments, no merge in progress).
     */
    step(index: number, pages: number): boolean {
      const before = changes();
      merge[index]?.run(pages);
      // FTS5's documented test: a merge that did nothing changes fewer than two rows.
      return changes() - before >= 2;
    },
    /** Automerge and the crisis merge back to their usual values (also after a prune that was stopped). */
    release(): void {
      db.transaction(() => released.forEach((s) => s.run()))();
    },
  };
}

export type SearchMerger = ReturnType<typeof createSearchMerger>;
