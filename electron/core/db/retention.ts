import type { Db } from './open';
import { createSearchMerger, SEARCH_INDEXES } from './search-merge';

export interface PruneResult {
  inbound: number;
  outbound: number;
  outbox: number;
  attempts: number;
  campaigns: number;
}

/** One DELETE per table and step: rows older than the cutoff, at most `batch` of them. */
const STEPS: { key: keyof PruneResult; sql: string }[] = [
  {
    key: 'attempts',
    sql: `DELETE FROM forward_attempts WHERE id IN (SELECT id FROM forward_attempts WHERE started_at < ? LIMIT ?)`,
  },
  {
    key: 'outbound',
    sql: `DELETE FROM outbound_messages WHERE id IN (SELECT id FROM outbound_messages WHERE created_at < ? AND status NOT IN ('queued','sending') LIMIT ?)`,
  },
  {
    key: 'outbox',
    sql: `DELETE FROM outbox_messages WHERE id IN (SELECT id FROM outbox_messages WHERE received_at < ? AND status NOT IN ('received','sending') AND (report_status IS NULL OR reported_at IS NOT NULL) LIMIT ?)`,
  },
  {
    key: 'inbound',
    sql: `DELETE FROM inbound_messages WHERE id IN (SELECT id FROM inbound_messages WHERE received_at < ? AND status NOT IN ('received','queued','forwarding') LIMIT ?)`,
  },
  // Finished broadcast campaigns go with their recipients (ON DELETE CASCADE); running ones stay.
  {
    key: 'campaigns',
    sql: `DELETE FROM qontak_campaigns WHERE id IN (SELECT id FROM qontak_campaigns WHERE created_at < ? AND status = 'done' LIMIT ?)`,
  },
];

const empty = (): PruneResult => ({ inbound: 0, outbound: 0, outbox: 0, attempts: 0, campaigns: 0 });

/**
 * Delete traffic older than the retention window. Rows still in flight are kept whatever their age,
 * so pruning can never lose a message that has not reached its end state.
 */
export function pruneTraffic(db: Db, olderThan: number, batch = 5000): PruneResult {
  const result = empty();
  for (const step of STEPS) {
    const stmt = db.prepare(step.sql);
    for (;;) {
      const changes = stmt.run(olderThan, batch).changes;
      result[step.key] += changes;
      if (changes < batch) break;
    }
  }
  return result;
}

/** Rows in the first step of the background prune (the oldest pages are often not in memory yet). */
export const PRUNE_FIRST_BATCH = 25;
const PRUNE_MIN_BATCH = 5;
/**
 * The largest step. With the index merging moved out of the deletes, a step stays under a third of its time long
 * enough to double to 800 rows, and one such step took 52 ms on the 1 M log (the oldest pages read from disk):
 * the time of a step grows with its rows, so the bound keeps one slow step short.
 */
export const PRUNE_MAX_BATCH = 250;
/** Time one step may hold the engine: with its checkpoint, well under the 50 ms the owner would notice. */
export const PRUNE_STEP_MS = 15;

export interface PruneStep {
  key: keyof PruneResult;
  rows: number;
  batch: number;
  /** The DELETE's time (ms). */
  ms: number;
  /** The checkpoint's time after it (ms). */
  checkpointMs: number;
  /** The trigram indexes' merge step after it (ms; see search-merge.ts). */
  mergeMs: number;
}

/**
 * Pages each trigram index merges after a step, at first: a few ms of writing. It follows its time as the batch
 * does (between 4 and 32 pages), so a merge step stays within the step's budget on a slow disk too.
 */
export const PRUNE_MERGE_PAGES = 16;
const MERGE_MIN_PAGES = 4;
const MERGE_MAX_PAGES = 32;
/** Merge steps at the end of a prune, at most (each a few ms, in its own turn). */
const MAX_FINAL_MERGES = 100_000;

/** The next batch: halve when a step ran over its time, double while it stays well under. */
function nextBatch(batch: number, ms: number, budgetMs: number): number {
  if (ms > budgetMs) return Math.max(PRUNE_MIN_BATCH, Math.floor(batch / 2));
  if (ms < budgetMs / 3) return Math.min(PRUNE_MAX_BATCH, batch * 2);
  return batch;
}

/**
 * The same pruning in small steps with a turn of the event loop between them, so a year of old rows never holds
 * up forwarding. Each step's size follows its time (a step over `stepMs` halves the next, one well under doubles
 * it), and each step's pages are copied into the database file right after it (a PASSIVE checkpoint, in its own
 * turn): left to SQLite, the checkpoint comes once the WAL holds 1,000 pages and copies them all in one go, the
 * 300-500 ms stalls the bench measured (issue 15). `batch` fixes the size instead. The trigram indexes merge their
 * segments between the steps, a few pages per index in turns of their own, not inside a delete (search-merge.ts);
 * at the end they are folded the same way before FTS5's automerge is given back. `shouldStop` is asked between
 * steps (the engine stopping). Each loop ends when a step deletes fewer rows than its batch, and every step
 * deletes rows that exist, so it ends; the final merging ends when no index has work left (or after a bound).
 */
export async function pruneTrafficInSteps(
  db: Db,
  olderThan: number,
  opts: { batch?: number; stepMs?: number; shouldStop?: () => boolean; onStep?: (s: PruneStep) => void } = {},
): Promise<PruneResult> {
  const budget = opts.stepMs ?? PRUNE_STEP_MS;
  let batch = opts.batch ?? PRUNE_FIRST_BATCH;
  const result = empty();
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  /**
   * A delete or merge step's commit without its own sync (synchronous NORMAL for that one statement, then back): on
   * the shared disk of the bench the sync took up to 80 ms of a 250-row step. A prune lost to a power cut is only
   * done again at the next start, a merge lost is merged again (FTS5 merges in transactions: the index stays whole);
   * the next synced commit (or the checkpoint right after the step) makes them durable anyway.
   */
  const before = db.pragma('synchronous', { simple: true }) as number;
  const unsynced = <T>(run: () => T): T => {
    if (before <= 1) return run();
    db.pragma('synchronous = NORMAL');
    try {
      return run();
    } finally {
      db.pragma(`synchronous = ${before === 3 ? 'EXTRA' : 'FULL'}`);
    }
  };
  const merger = createSearchMerger(db);
  const pages = SEARCH_INDEXES.map(() => PRUNE_MERGE_PAGES);
  /**
   * One merge step in each index, each in its own turn of the event loop, its size following its time. `worked`:
   * some index had more to merge; `ms`: the longest of them.
   */
  const mergeStep = async (): Promise<{ worked: boolean; ms: number }> => {
    let worked = false;
    let longest = 0;
    for (let i = 0; i < pages.length; i++) {
      await turn();
      const n = pages[i] ?? PRUNE_MERGE_PAGES;
      const t0 = performance.now();
      if (unsynced(() => merger.step(i, n))) worked = true;
      const ms = performance.now() - t0;
      longest = Math.max(longest, ms);
      if (ms > budget) pages[i] = Math.max(MERGE_MIN_PAGES, Math.floor(n / 2));
      else if (ms < budget / 3) pages[i] = Math.min(MERGE_MAX_PAGES, n * 2);
    }
    return { worked, ms: longest };
  };
  merger.hold();
  try {
    await deleteInSteps();
    // Fold what the deletes left, a few pages at a time, before automerge is back.
    for (let i = 0; i < MAX_FINAL_MERGES && !opts.shouldStop?.(); i++) {
      if (!(await mergeStep()).worked) break;
    }
  } finally {
    merger.release();
  }
  return result;

  async function deleteInSteps(): Promise<void> {
    for (const step of STEPS) {
      const stmt = db.prepare(step.sql);
      for (;;) {
        if (opts.shouldStop?.()) return;
        const t0 = performance.now();
        const changes = unsynced(() => stmt.run(olderThan, batch).changes);
        const ms = performance.now() - t0;
        result[step.key] += changes;
        let checkpointMs = 0;
        let mergeMs = 0;
        if (changes) {
          mergeMs = (await mergeStep()).ms;
          await turn();
          const t2 = performance.now();
          db.pragma('wal_checkpoint(PASSIVE)');
          checkpointMs = performance.now() - t2;
        }
        opts.onStep?.({ key: step.key, rows: changes, batch, ms, checkpointMs, mergeMs });
        if (changes < batch) break;
        await turn();
        if (opts.batch === undefined) batch = nextBatch(batch, Math.max(ms, checkpointMs), budget);
      }
    }
  }
}
