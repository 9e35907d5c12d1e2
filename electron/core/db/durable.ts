import { AppError } from '../kernel/errors';
import type { Db } from './open';

/**
 * Run `fn` as one transaction committed with synchronous = FULL: when it returns, that commit and every commit
 * before it on this connection are on disk (the WAL is written in order, and FULL syncs it at this commit).
 * Marks the commits made right before an action that must not happen twice or be lost: an InsertInbox sent,
 * a WhatsApp message sent, the 200 that tells OtomaX a callback is stored, an UpdateStatusOutbox. The database
 * opens with FULL already (every commit synced); this keeps these commits durable even on a connection opened
 * with NORMAL (the benchmark's). See docs/durability.md.
 */
export function durably<T>(db: Db, fn: () => T): T {
  // Inside an outer transaction the commit (and its sync) would belong to the caller: a bug here.
  if (db.inTransaction) throw new AppError('INTERNAL', 'durably() must not run inside another transaction');
  const level = db.pragma('synchronous', { simple: true }) as number;
  if (level >= 2) return db.transaction(fn)();
  db.pragma('synchronous = FULL');
  try {
    return db.transaction(fn)();
  } finally {
    db.pragma(level === 1 ? 'synchronous = NORMAL' : 'synchronous = OFF');
  }
}

/** Stores many small commits with one sync: see createGroupCommit. */
export interface GroupCommit {
  /**
   * Run `fn` in the next group transaction; resolves with its result once that transaction is committed and
   * synced (FULL), rejects with its error (only its own changes are undone) or with the commit's error.
   * Items run and commit in the order they were queued: an item queued earlier is committed in the same transaction
   * or an earlier one (or failed), so a caller may queue dependent writes without waiting between them.
   */
  run<T>(fn: () => T): Promise<T>;
  /**
   * Like run, but `fn` starts no group of its own: it rides with the next one (a run() of this or a later loop turn),
   * or goes alone after `maxDelayMs` (default 1000) when none comes. For bookkeeping that may reach the disk a moment
   * later (read marks): at a steady rate it costs no sync of its own.
   */
  ride<T>(fn: () => T, maxDelayMs?: number): Promise<T>;
  /** Items waiting for the next group (for tests and metrics). */
  pending(): number;
}

interface GroupItem {
  fn: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: better-sqlite3 commits synchronously, so while one commit syncs the event loop stands still and the
 * requests that arrive meanwhile wait in the socket. Each `run` queues its work; at the end of the loop turn (one
 * setImmediate) everything queued is stored in one transaction, each item in its own savepoint (one that throws is
 * undone alone), and committed with one sync. A burst of N callbacks costs about one sync per loop turn instead of
 * N, and each caller still answers only after the commit that holds its row (issue 15: callbacks waited on
 * per-callback syncs). `maxBatch` bounds one transaction; the rest goes in the next turn.
 */
export function createGroupCommit(db: Db, opts: { maxBatch?: number } = {}): GroupCommit {
  const maxBatch = opts.maxBatch ?? 500;
  let queue: GroupItem[] = [];
  let scheduled = false;
  /** The flush that riders wait for at most (none while a group is scheduled anyway). */
  let riderTimer: NodeJS.Timeout | null = null;

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };

  function flush(): void {
    scheduled = false;
    if (riderTimer) clearTimeout(riderTimer);
    riderTimer = null;
    const batch = queue.length > maxBatch ? queue.splice(0, maxBatch) : queue;
    if (batch === queue) queue = [];
    if (queue.length) schedule();
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      durably(db, () => {
        for (const item of batch) {
          try {
            // Nested: a savepoint, so an item that throws rolls back its own changes only.
            outcomes.push({ ok: true, value: db.transaction(item.fn)() });
          } catch (e) {
            outcomes.push({ ok: false, value: e });
          }
        }
      });
    } catch (e) {
      for (const item of batch) item.reject(e);
      return;
    }
    batch.forEach((item, i) => {
      const o = outcomes[i] as { ok: boolean; value: unknown };
      if (o.ok) item.resolve(o.value);
      else item.reject(o.value);
    });
  }

  return {
    run<T>(fn: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
        schedule();
      });
    },
    ride<T>(fn: () => T, maxDelayMs = 1000): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
        if (!scheduled && !riderTimer) {
          riderTimer = setTimeout(() => {
            riderTimer = null;
            schedule();
          }, maxDelayMs);
          riderTimer.unref?.();
        }
      });
    },
    pending: () => queue.length,
  };
}
