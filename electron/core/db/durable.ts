import { AppError } from '../kernel/errors';
import type { Statement } from 'better-sqlite3';
import type { Db } from './open';
import type { WalSync } from './wal-sync';

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
  const inTransaction = transactionRunner(db);
  const level = db.pragma('synchronous', { simple: true }) as number;
  if (level >= 2) return inTransaction(fn);
  db.pragma('synchronous = FULL');
  try {
    return inTransaction(fn);
  } finally {
    db.pragma(level === 1 ? 'synchronous = NORMAL' : 'synchronous = OFF');
  }
}

/** Runs a function in a transaction, or in a savepoint inside one: better-sqlite3's own wrapper, built once. */
type TransactionRunner = <T>(fn: () => T) => T;

const runners = new WeakMap<Db, TransactionRunner>();

/**
 * `db.transaction(fn)()` for any `fn`, with better-sqlite3's wrapper built once per connection: it is the same
 * wrapper (BEGIN or, nested, a SAVEPOINT; rollback on a throw; a promise refused), but `db.transaction()` builds
 * four wrapper functions and defines their properties on every call, which at a few transactions per message was a
 * measurable part of the engine's CPU (issue 15).
 */
export function transactionRunner(db: Db): TransactionRunner {
  let run = runners.get(db);
  if (!run) {
    const wrapped = db.transaction((fn: () => unknown) => fn());
    run = wrapped as unknown as TransactionRunner;
    runners.set(db, run);
  }
  return run;
}

/** Stores many small commits with one sync: see createGroupCommit. */
export interface GroupCommit {
  /**
   * Run `fn` in the next group transaction; resolves with its result once that transaction is committed and
   * synced (FULL), rejects with its error (only its own changes are undone) or with the commit's error.
   * Items run and commit in the order they were queued: an item queued earlier is committed in the same transaction
   * or an earlier one (or failed), so a caller may queue dependent writes without waiting between them.
   */
  run<T>(fn: () => T, opts?: ItemOptions): Promise<T>;
  /**
   * Like run, but `fn` starts no group of its own: it rides with the next one (a run() of this or a later loop turn),
   * or goes alone after `maxDelayMs` (default 1000) when none comes. For bookkeeping that may reach the disk a moment
   * later (read marks): at a steady rate it costs no sync of its own.
   */
  ride<T>(fn: () => T, maxDelayMs?: number, opts?: ItemOptions): Promise<T>;
  /** Items waiting for the next group (for tests and metrics). */
  pending(): number;
}

/** The engine's group commit: also closed before the database. */
export interface ClosableGroupCommit extends GroupCommit {
  /**
   * Before the database closes: stores what is queued, waits for the sync in flight and the ones it still owes, then
   * closes the WAL handle. Items run after it commit alone with synchronous = FULL (durably()).
   */
  close(): Promise<void>;
}

export interface ItemOptions {
  /**
   * `fn` changes nothing when it throws: it writes with one statement at most (SQLite undoes a failed statement's own
   * changes and keeps the transaction), or catches what follows its one write. Such an item runs without a savepoint
   * of its own: a SAVEPOINT and its RELEASE are two statements, and at four or five items a message they were a
   * measurable part of the engine's CPU (issue 15). One that throws is still undone alone, by SQLite.
   */
  atomic?: boolean;
}

interface GroupItem {
  fn: () => unknown;
  atomic: boolean;
  /** Queued by ride(): bookkeeping that does not make the engine busy. */
  rider?: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: better-sqlite3 commits synchronously, so while one commit syncs the event loop stands still and the
 * requests that arrive meanwhile wait in the socket. Each `run` queues its work; at the end of the loop turn (one
 * setImmediate) everything queued is stored in one transaction, each item in its own savepoint (one that throws is
 * undone alone; an item marked atomic needs none: SQLite undoes a failed statement by itself). A burst of N callbacks costs about one commit per loop turn instead of N, and each caller still
 * answers only after a sync that covers the commit holding its row (issue 15). `maxBatch` bounds one transaction;
 * the rest goes in the next turn.
 *
 * The sync: without `walSync` each group commits with synchronous = FULL (the loop waits for the fsync). With
 * `walSync` (the engine's: wal-sync.ts), while the engine is busy (a sync in flight or owed, or several callers in
 * the group), the group commits with NORMAL (no sync at commit in WAL mode) and the WAL file is fsynced on libuv's
 * thread pool; the group's callers are settled in that fsync's callback. A lone caller on a quiet engine still
 * commits with FULL. FULL syncs exactly
 * the WAL at each commit, so this is the same sync with the loop running. One fsync is in flight at a time; the
 * items queued meanwhile wait for it and commit as one group when it ends, then share the next one (a later fsync
 * covers every frame written before it started).
 * A row is visible to readers before its sync, but nothing answers or acts on it before then: every action waits
 * for a caller's promise (docs/durability.md).
 */
export function createGroupCommit(
  db: Db,
  opts: { maxBatch?: number; walSync?: WalSync | null; checkpoint?: CheckpointOptions } = {},
): ClosableGroupCommit {
  const maxBatch = opts.maxBatch ?? 500;
  const checkpoints = opts.checkpoint ? startCheckpoints(db, opts.checkpoint) : null;
  const inTransaction = transactionRunner(db);
  // Prepared once: db.pragma() prepares a statement on every call, and db.exec() compiles its text on every call.
  const readLevel = db.prepare<[], number>('PRAGMA synchronous').pluck();
  const toNormal = db.prepare('PRAGMA synchronous = NORMAL');
  const backTo = new Map<number, Statement>();
  const restore = (level: number): Statement => {
    let s = backTo.get(level);
    if (!s) {
      s = db.prepare(`PRAGMA synchronous = ${level >= 3 ? 'EXTRA' : level === 2 ? 'FULL' : 'OFF'}`);
      backTo.set(level, s);
    }
    return s;
  };
  let queue: GroupItem[] = [];
  let scheduled = false;
  /** The flush that riders wait for at most (none while a group is scheduled anyway). */
  let riderTimer: NodeJS.Timeout | null = null;
  /** Null once closed (or never given): groups commit with FULL. */
  let walSync = opts.walSync ?? null;
  /** Groups committed with NORMAL that wait for the next fsync, in commit order. */
  let unsynced: ((err: Error | null) => void)[] = [];
  let syncing = false;
  let heldForSync = false;
  /** Called when no fsync is in flight or owed (close waits for it). */
  let onIdle: (() => void) | null = null;

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };

  /** One fsync at a time; it covers every group committed before it started. */
  function startSync(): void {
    if (syncing || !walSync) return;
    if (!unsynced.length) {
      onIdle?.();
      return;
    }
    const covered = unsynced;
    unsynced = [];
    syncing = true;
    walSync.sync((err) => {
      syncing = false;
      if (heldForSync) {
        heldForSync = false;
        flush(true);
      }
      for (const settle of covered) settle(err);
      startSync();
    });
  }

  /** The group's transaction with NORMAL: its sync is the WAL fsync that startSync runs next. */
  function commitUnsynced(fn: () => void): void {
    if (db.inTransaction) throw new AppError('INTERNAL', 'a group commit must not run inside another transaction');
    // Read once per group (the connection's level may change between groups), with statements prepared once.
    const level = readLevel.get() as number;
    if (level === 1) return inTransaction(fn);
    toNormal.run();
    try {
      inTransaction(fn);
    } finally {
      restore(level).run();
    }
  }

  /** `afterSync`: the items held while an fsync ran (the engine is busy: they go off the loop, even a lone one). */
  function flush(afterSync = false): void {
    scheduled = false;
    if (riderTimer) clearTimeout(riderTimer);
    riderTimer = null;
    // An fsync is running: what was queued meanwhile waits for it and then commits as one transaction. Its callers
    // wait for the next fsync either way, and that one starts only when this one ends, so holding costs them nothing
    // and saves a transaction (WAL frames, index pages written again) each loop turn the fsync lasts (issue 15).
    if (syncing) {
      heldForSync = true;
      return;
    }
    const batch = queue.length > maxBatch ? queue.splice(0, maxBatch) : queue;
    if (batch === queue) queue = [];
    if (queue.length) schedule();
    if (!batch.length) return;
    const outcomes: { ok: boolean; value: unknown }[] = [];
    const body = () => {
      for (const item of batch) {
        try {
          // Nested: a savepoint, so an item that throws rolls back its own changes only (an atomic one needs none).
          outcomes.push({ ok: true, value: item.atomic ? item.fn() : inTransaction(item.fn) });
        } catch (e) {
          outcomes.push({ ok: false, value: e });
        }
      }
    };
    const settle = () =>
      batch.forEach((item, i) => {
        const o = outcomes[i] as { ok: boolean; value: unknown };
        if (o.ok) item.resolve(o.value);
        else item.reject(o.value);
      });
    // Off the loop only while the engine is busy: a sync in flight or owed, or more than one caller in this group.
    // A lone caller on a quiet engine commits with FULL as before (nothing else waits for the loop meanwhile), and
    // what it wrote is on disk the moment it can be read.
    const offLoop =
      walSync !== null && (afterSync || syncing || unsynced.length > 0 || batch.filter((i) => !i.rider).length > 1);
    try {
      if (offLoop) commitUnsynced(body);
      else durably(db, body);
    } catch (e) {
      for (const item of batch) item.reject(e);
      return;
    }
    if (!offLoop) return settle();
    unsynced.push((err) => {
      if (!err) return settle();
      // Committed but maybe not on disk: no caller may act as if it were (the 200, the send).
      const e = new AppError('DB_FAILED', `the database could not be synced to disk: ${err.message}`, { cause: err });
      for (const item of batch) item.reject(e);
    });
    startSync();
  }

  const group: ClosableGroupCommit = {
    run<T>(fn: () => T, opts?: ItemOptions): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, atomic: opts?.atomic === true, resolve: resolve as (v: unknown) => void, reject });
        schedule();
      });
    },
    ride<T>(fn: () => T, maxDelayMs = 1000, opts?: ItemOptions): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const atomic = opts?.atomic === true;
        queue.push({ fn, atomic, resolve: resolve as (v: unknown) => void, reject, rider: true });
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
    async close() {
      // Everything queued so far commits in order before this item, and its sync covers them all.
      await group.run(() => undefined).catch(() => undefined);
      if (walSync && (syncing || unsynced.length)) {
        await new Promise<void>((resolve) => {
          onIdle = resolve;
          startSync();
        });
      }
      onIdle = null;
      checkpoints?.stop();
      walSync?.close();
      walSync = null;
    },
  };
  return group;
}

export interface CheckpointOptions {
  /** How often the WAL's pages are copied into the database file (a PASSIVE checkpoint, on a timer). */
  everyMs: number;
  /** SQLite's own checkpoint at commit, kept as a safety net for a loop too busy to run the timer (pages). */
  safetyPages: number;
}

/**
 * Checkpoints on a timer instead of inside a commit (issue 15). Left to SQLite, the commit that takes the WAL past
 * 1,000 pages copies them all into the database file and syncs it before it returns: at 10 pages a message that was
 * every 60 messages or so, 1-4 ms added to that message's way to OtomaX (its claim commit) or to a callback's 200.
 * Here the copy runs every `everyMs`, between groups, where no message waits for it; it covers every writer on the
 * connection (the group commit's and durably()'s), and costs next to nothing when the WAL holds nothing new. The
 * pages it copies were synced to the WAL by their own commits; a PASSIVE checkpoint syncs the WAL again before
 * copying and the database file after, so a power cut at any point leaves either copy whole.
 */
function startCheckpoints(db: Db, o: CheckpointOptions): { stop(): void } {
  db.pragma(`wal_autocheckpoint = ${o.safetyPages}`);
  const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
  const timer = setInterval(() => {
    if (db.open && !db.inTransaction) checkpoint.get();
  }, o.everyMs);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
