import { closeSync, fstatSync, fsync, openSync, statSync } from 'node:fs';
import { AppError, errorMessage } from '../kernel/errors';
import type { Db } from './open';

/**
 * The sync a group commit waits for when it commits with synchronous = NORMAL: what FULL does at each commit in WAL
 * mode (sync the -wal file), run off the event loop. See createGroupCommit (durable.ts).
 */
export interface WalSync {
  /** Sync every commit made so far on the connection; `done` runs once they are on disk, or with the error. */
  sync(done: (err: Error | null) => void): void;
  /** Close the file handle. Only with no sync in flight, and before the database closes (Windows deletes the WAL). */
  close(): void;
}

/**
 * `fs.fsync` (FlushFileBuffers on Windows, any handle of the file) of the database's -wal file on libuv's thread pool.
 * The handle is opened at the first sync (the WAL exists while a connection has the database open in WAL mode) and
 * reopened when the file at that path is no longer the one it holds (SQLite deleted and recreated it).
 */
export function createWalSync(dbFile: string): WalSync {
  const walFile = `${dbFile}-wal`;
  let fd: number | null = null;
  let identity = '';

  /** The handle of the -wal file now at its path (one stat on the loop, a few microseconds). */
  const handle = (): number => {
    const st = statSync(walFile, { throwIfNoEntry: false });
    if (!st) throw new AppError('DB_FAILED', `the database's log file ${walFile} is missing`);
    const id = `${st.dev}:${st.ino}`;
    if (fd !== null && id === identity) return fd;
    if (fd !== null) closeSync(fd);
    fd = null;
    const opened = openSync(walFile, 'r+');
    const f = fstatSync(opened);
    fd = opened;
    identity = `${f.dev}:${f.ino}`;
    return opened;
  };

  return {
    sync(done) {
      let f: number;
      try {
        f = handle();
      } catch (e) {
        const err =
          e instanceof AppError
            ? e
            : new AppError('DB_FAILED', `cannot open the database's log file: ${errorMessage(e)}`, { cause: e });
        queueMicrotask(() => done(err));
        return;
      }
      fsync(f, (err) => done(err));
    },
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}

/** The engine's WAL sync for this connection, or null when there is no -wal file to sync (in memory, not WAL). */
export function walSyncFor(db: Db): WalSync | null {
  if (db.memory || db.name === ':memory:' || db.name === '') return null;
  const mode = db.pragma('journal_mode', { simple: true }) as string;
  return mode.toLowerCase() === 'wal' ? createWalSync(db.name) : null;
}
