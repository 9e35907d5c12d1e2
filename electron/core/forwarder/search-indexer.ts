import type { Db } from '../db/open';
import { createSearchMerger, SEARCH_INDEXES } from '../db/search-merge';
import type { Logger } from '../kernel/logger';
import { createSearchIndexRepo } from './search-index-repo';

/** Between two looks while nothing or little is waiting: the tail a search checks on the real column stays short. */
export const INDEX_IDLE_MS = 250;
/** Between two batches while catching up (a full batch): the engine keeps most of each second. */
export const INDEX_CATCH_UP_MS = 20;
/** Time one batch may hold the event loop; the batch size follows it. */
export const INDEX_BUDGET_MS = 8;
export const INDEX_FIRST_BATCH = 256;
export const INDEX_MIN_BATCH = 16;
/** The largest batch: a few thousand rows, under the budget on this machine's size (about 4 us a row, batched). */
export const INDEX_MAX_BATCH = 2_048;

/** Pages one merge step writes at first, and its bounds (the step's size follows its time, as a batch's does). */
export const MERGE_FIRST_PAGES = 16;
const MERGE_MIN_PAGES = 4;
export const MERGE_MAX_PAGES = 64;

export interface IndexSlice {
  index: string;
  /** A batch of rows indexed, or a merge step folding the segments the batches wrote. */
  kind: 'index' | 'merge';
  /** Rows indexed (0 for a merge step). */
  rows: number;
  /** The batch's rows, or the merge step's pages. */
  batch: number;
  ms: number;
}

export interface SearchIndexerOptions {
  db: Db;
  log: Logger;
  idleMs?: number;
  catchUpMs?: number;
  budgetMs?: number;
  /** Tests and the bench: each batch as it ran. */
  onSlice?: (s: IndexSlice) => void;
}

/**
 * The text search indexes filled off the write path (migration 009, docs/log-search.md): a message's commit no
 * longer writes its trigram entries; this indexes the rows past each index's watermark in batches, one batch per turn
 * of the event loop, the indexes taking turns. A batch's size follows its time (over the budget halves the next,
 * well under doubles it, between INDEX_MIN_BATCH and INDEX_MAX_BATCH rows), so the loop is never held long. While a
 * full batch says more is waiting it comes back after INDEX_CATCH_UP_MS, otherwise after INDEX_IDLE_MS: at a steady
 * rate the tail a search checks is a quarter second of traffic; after a restart with a backlog it catches up in
 * slices. FTS5's automerge is off (migration 009): after a batch, the segments it wrote are folded by bounded merge
 * steps, one per turn, before the next batch of that index. Stopping cancels the next turn; no batch is ever in flight across turns (each is one synchronous
 * transaction), so the database can close right after stop().
 */
export function createSearchIndexer(o: SearchIndexerOptions) {
  const repo = createSearchIndexRepo(o.db);
  const merger = createSearchMerger(o.db);
  // The merger counts the indexes in the same order.
  if (SEARCH_INDEXES.some((t, i) => repo.name(i) !== t)) throw new Error('search indexes out of order');
  const budget = o.budgetMs ?? INDEX_BUDGET_MS;
  const batches = Array.from({ length: repo.count }, () => INDEX_FIRST_BATCH);
  const pages = Array.from({ length: repo.count }, () => MERGE_FIRST_PAGES);
  /** Segments may wait to be folded (what a run before this one or a batch since left): merge before indexing. */
  const owed = Array.from({ length: repo.count }, () => true);
  let next = 0;
  let timer: NodeJS.Timeout | null = null;
  let running = false;

  const adapt = (batch: number, ms: number): number => {
    if (ms > budget) return Math.max(INDEX_MIN_BATCH, Math.floor(batch / 2));
    if (ms < budget / 3) return Math.min(INDEX_MAX_BATCH, batch * 2);
    return batch;
  };

  /**
   * One batch of the first index (from the one after the last served) with rows waiting. True when rows are still
   * waiting in some index afterwards.
   */
  const indexes = Array.from({ length: repo.count }, (_, j) => j);
  const waiting = () => owed.some(Boolean) || indexes.some((j) => repo.behind(j));

  /**
   * One merge step of the first index that owes one: about `pages` pages folded (FTS5 'merge', levels of 4 segments
   * or more), its size following its time. A batch waits until its index is folded, so no level ever gathers the
   * 16 segments of FTS5's crisis merge (a whole level at once).
   */
  const mergeStep = (): boolean => {
    for (let k = 0; k < repo.count; k++) {
      const i = (next + k) % repo.count;
      if (!owed[i]) continue;
      next = (i + 1) % repo.count;
      const n = pages[i] ?? MERGE_FIRST_PAGES;
      const t0 = performance.now();
      owed[i] = repo.unsynced(() => merger.step(i, n));
      const ms = performance.now() - t0;
      if (ms > budget) pages[i] = Math.max(MERGE_MIN_PAGES, Math.floor(n / 2));
      else if (ms < budget / 3) pages[i] = Math.min(MERGE_MAX_PAGES, n * 2);
      o.onSlice?.({ index: repo.name(i), kind: 'merge', rows: 0, batch: n, ms });
      return true;
    }
    return false;
  };

  const step = (): boolean => {
    if (mergeStep()) return waiting();
    for (let k = 0; k < repo.count; k++) {
      const i = (next + k) % repo.count;
      if (!repo.behind(i)) continue;
      next = (i + 1) % repo.count;
      const batch = batches[i] ?? INDEX_FIRST_BATCH;
      const t0 = performance.now();
      const rows = repo.indexBatch(i, batch);
      const ms = performance.now() - t0;
      batches[i] = adapt(batch, ms);
      if (rows > 0) owed[i] = true;
      o.onSlice?.({ index: repo.name(i), kind: 'index', rows, batch, ms });
      return rows >= batch || waiting();
    }
    return false;
  };

  const schedule = (ms: number) => {
    if (!running || timer) return;
    timer = setTimeout(tick, ms);
    timer.unref?.();
  };

  function tick(): void {
    timer = null;
    if (!running) return;
    let more = false;
    try {
      more = step();
    } catch (err) {
      // The next look tries again; the search stays exact meanwhile (the tail is checked on the real column).
      o.log.error({ err }, 'search indexing batch failed');
    }
    schedule(more ? (o.catchUpMs ?? INDEX_CATCH_UP_MS) : (o.idleMs ?? INDEX_IDLE_MS));
  }

  return {
    /** Starts looking; the first batch comes in the next turn (a backlog from before a restart is caught up). */
    start(): void {
      if (running) return;
      running = true;
      schedule(0);
    },
    stop(): void {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
    },
    /** One batch now (tests, the bench): true when rows are still waiting. */
    step,
    /** Rows waiting in each index (a count: tests and logs). */
    waiting: (): number[] => Array.from({ length: repo.count }, (_, i) => repo.waiting(i)),
  };
}

export type SearchIndexer = ReturnType<typeof createSearchIndexer>;
