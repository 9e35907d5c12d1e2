import type { Db } from '../db/open';
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

export interface IndexSlice {
  index: string;
  rows: number;
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
 * The text search indexes filled off the write path (migration 011, docs/log-search.md): a message's commit no
 * longer writes its trigram entries; this indexes the rows past each index's watermark in batches, one batch per turn
 * of the event loop, the indexes taking turns. A batch's size follows its time (over the budget halves the next,
 * well under doubles it, between INDEX_MIN_BATCH and INDEX_MAX_BATCH rows), so the loop is never held long. While a
 * full batch says more is waiting it comes back after INDEX_CATCH_UP_MS, otherwise after INDEX_IDLE_MS: at a steady
 * rate the tail a search checks is a quarter second of traffic; after a restart with a backlog it catches up in
 * slices. Stopping cancels the next turn; no batch is ever in flight across turns (each is one synchronous
 * transaction), so the database can close right after stop().
 */
export function createSearchIndexer(o: SearchIndexerOptions) {
  const repo = createSearchIndexRepo(o.db);
  const budget = o.budgetMs ?? INDEX_BUDGET_MS;
  const batches = Array.from({ length: repo.count }, () => INDEX_FIRST_BATCH);
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
  const step = (): boolean => {
    for (let k = 0; k < repo.count; k++) {
      const i = (next + k) % repo.count;
      if (!repo.behind(i)) continue;
      next = (i + 1) % repo.count;
      const batch = batches[i] ?? INDEX_FIRST_BATCH;
      const t0 = performance.now();
      const rows = repo.indexBatch(i, batch);
      const ms = performance.now() - t0;
      batches[i] = adapt(batch, ms);
      o.onSlice?.({ index: repo.name(i), rows, batch, ms });
      return rows >= batch || Array.from({ length: repo.count }, (_, j) => j).some((j) => repo.behind(j));
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
