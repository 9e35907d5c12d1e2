import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../kernel/logger';
import type { Db } from './open';

export interface CheckpointOptions {
  /** How often the WAL's pages are copied into the database file (a PASSIVE checkpoint, on a timer). */
  everyMs: number;
  /** SQLite's own checkpoint at commit, kept as a safety net for a copy that does not run (pages). */
  safetyPages: number;
  /**
   * Copy on a worker thread with a connection of its own (the engine's), so the copy and its two syncs never hold
   * the event loop; without it (or when the thread cannot start) the copy runs on the loop between groups.
   */
  worker?: {
    log: Logger;
    /** The driver's module file (default: better-sqlite3 as this module resolves it). */ driver?: string;
  };
}

export interface Checkpointer {
  /** Where the copies run now: 'worker', or 'loop' (no worker asked, or it could not start or failed). */
  where(): 'worker' | 'loop';
  /** What the worker did so far: copies made and the longest, in ms (null on the loop). */
  stats(): Promise<{ copies: number; longestMs: number } | null>;
  /** Stop copying; the worker closes its connection (at most 5 s, then it is terminated). */
  stop(): Promise<void>;
}

/**
 * The worker's program, evaluated as CommonJS from this string: the built app is one bundle with no worker file
 * beside it, and the driver is required by the absolute path the engine resolved. It opens the database file, runs
 * a PASSIVE checkpoint every `everyMs` and closes its connection when told to stop. A PASSIVE checkpoint never waits
 * for a writer and never blocks one: it copies the frames no reader still needs, syncing the WAL before and the
 * database file after, so a power cut at any point leaves one of the two copies whole.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
let copies = 0;
let longestMs = 0;
const timer = setInterval(() => {
  try {
    const t0 = performance.now();
    checkpoint.get();
    longestMs = Math.max(longestMs, performance.now() - t0);
    copies += 1;
  } catch (e) {
    parentPort.postMessage({ type: 'failed', message: String((e && e.message) || e) });
  }
}, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m === 'stats') parentPort.postMessage({ type: 'stats', copies, longestMs });
  if (m === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort.postMessage({ type: 'stopped', copies, longestMs });
    parentPort.close();
  }
});
parentPort.postMessage({ type: 'ready' });
`;

/** The loop's own copy on a timer, between groups: the fallback, and what a connection without a worker gets. */
function loopCheckpoints(db: Db, everyMs: number): () => void {
  const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
  const timer = setInterval(() => {
    if (db.open && !db.inTransaction) checkpoint.get();
  }, everyMs);
  timer.unref?.();
  return () => clearInterval(timer);
}

/**
 * Checkpoints on a timer instead of inside a commit (issue 15). Left to SQLite, the commit that takes the WAL past
 * 1,000 pages copies them all into the database file and syncs it before it returns. On the loop, every `everyMs`,
 * a copy of the 300-1,000 pages that 1,000 callbacks a second write took 5-40 ms on a 2-core machine: every
 * callback arriving meanwhile waited for it (the p99 to the 200). On a worker thread with its own connection the copy
 * runs beside the loop; the loop's copy is the fallback when the thread cannot start or fails, so the WAL is always
 * copied. `safetyPages` stays SQLite's own checkpoint at commit for a copy that falls behind.
 */
export function startCheckpoints(db: Db, o: CheckpointOptions): Checkpointer {
  db.pragma(`wal_autocheckpoint = ${o.safetyPages}`);
  let stopLoop: (() => void) | null = null;
  const onLoop = () => {
    stopLoop ??= loopCheckpoints(db, o.everyMs);
  };
  if (!o.worker || db.memory) {
    onLoop();
    return { where: () => 'loop', stats: async () => null, stop: async () => stopLoop?.() };
  }
  const log = o.worker.log;
  let worker: Worker | null = null;
  let stopping = false;
  const fallBack = (why: string) => {
    if (stopping || stopLoop) return;
    log.warn({ reason: why }, 'database checkpoints run on the main thread: the worker thread failed');
    worker = null;
    onLoop();
  };
  try {
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: o.worker.driver ?? createRequire(import.meta.url).resolve('better-sqlite3'),
        file: db.name,
        everyMs: o.everyMs,
      },
      // A small thread: it holds one connection and a timer.
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
    });
    worker.unref();
    worker.on('error', (e) => fallBack(e.message));
    worker.on('exit', (code) => {
      if (!stopping) fallBack(`the thread ended (${code})`);
    });
    worker.on('message', (m: { type: string; message?: string }) => {
      if (m.type === 'failed') log.warn({ reason: m.message }, 'database checkpoint failed on the worker thread');
    });
  } catch (e) {
    fallBack(e instanceof Error ? e.message : String(e));
  }
  return {
    where: () => (worker && !stopLoop ? 'worker' : 'loop'),
    stats() {
      const w = worker;
      if (!w || stopLoop) return Promise.resolve(null);
      return new Promise((resolve) => {
        const on = (m: { type: string; copies: number; longestMs: number }) => {
          if (m.type !== 'stats') return;
          w.off('message', on);
          resolve({ copies: m.copies, longestMs: m.longestMs });
        };
        w.on('message', on);
        w.postMessage('stats');
      });
    },
    async stop() {
      stopping = true;
      stopLoop?.();
      const w = worker;
      worker = null;
      if (!w) return;
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => void w.terminate().then(() => resolve()), 5000);
        w.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        w.postMessage('stop');
      });
    },
  };
}
