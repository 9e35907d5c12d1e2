import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { uptime } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError } from '../kernel/errors';

export const LOCK_FILE = 'jembatan.lock';
/** The holder touches the lock this often, so a lock nobody touches is known to be left behind. */
export const HEARTBEAT_MS = 10_000;
/** A lock untouched this long is stale even if its pid now names some other live process (pid reuse). */
export const STALE_AFTER_MS = 120_000;

export interface LockHolder {
  pid: number;
  startedAt: number;
  host: string;
  /** Tells two engines of one process apart (tests restart in-process). */
  nonce?: string;
}

export interface FolderLock {
  readonly path: string;
  /** Stop the heartbeat and remove the lock file (idempotent). */
  release(): void;
}

function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user; still a live holder.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): { holder: LockHolder | null; mtimeMs: number } | null {
  try {
    const mtimeMs = statSync(path).mtimeMs;
    let holder: LockHolder | null = null;
    try {
      const j = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
      if (typeof j.pid === 'number' && typeof j.startedAt === 'number') {
        holder = {
          pid: j.pid,
          startedAt: j.startedAt,
          host: typeof j.host === 'string' ? j.host : '?',
          ...(typeof j.nonce === 'string' ? { nonce: j.nonce } : {}),
        };
      }
    } catch {
      // Empty or torn: the writer died between creating the file and writing it.
    }
    return { holder, mtimeMs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/**
 * Whether a lock found on disk was left behind: its process is gone (SIGKILL, crash), it was written before this
 * machine last booted (power cut: its pid may now belong to anything), or nobody has touched it for a long time.
 */
export function isStale(found: { holder: LockHolder | null; mtimeMs: number }, now = Date.now()): boolean {
  const { holder, mtimeMs } = found;
  if (!holder) return now - mtimeMs > HEARTBEAT_MS;
  // Our own pid: an earlier engine of this process that was never stopped (in-process restarts in tests).
  if (holder.pid === process.pid) return true;
  if (!isAlive(holder.pid)) return true;
  const bootedAt = now - uptime() * 1000;
  if (holder.startedAt < bootedAt - 5_000) return true;
  return now - mtimeMs > STALE_AFTER_MS;
}

function describe(holder: LockHolder | null, dataDir: string): string {
  const who = holder
    ? `process ${holder.pid} (${holder.host}, started ${new Date(holder.startedAt).toISOString()})`
    : 'another process that is still starting';
  return `the data folder ${dataDir} is in use by another Jembatan: ${who}. Close it first, or start this one with another --data-dir`;
}

/**
 * An exclusive lock on the data folder: a file created with O_EXCL holding our pid and start time, touched every
 * HEARTBEAT_MS. A second copy on the same folder throws AppError DATA_DIR_IN_USE naming the holder; a lock left by
 * a killed process does not block (see isStale).
 */
export function lockDataFolder(dataDir: string, host: string, now = Date.now()): FolderLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, startedAt: now, host, nonce: randomBytes(8).toString('hex') };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const found = readHolder(path);
      if (found === null) continue; // released meanwhile: try again
      if (!isStale(found)) throw new AppError('DATA_DIR_IN_USE', describe(found.holder, dataDir));
      // Move the stale file aside before deleting it, so two starters racing cannot both delete a fresh lock.
      const aside = `${path}.stale-${process.pid}`;
      try {
        renameSync(path, aside);
        unlinkSync(aside);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(me));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return held(path, me);
  }
  const found = readHolder(path);
  throw new AppError('DATA_DIR_IN_USE', describe(found?.holder ?? null, dataDir));
}

function held(path: string, me: LockHolder): FolderLock {
  let released = false;
  const ours = () => {
    const h = readHolder(path)?.holder;
    return h?.pid === me.pid && h.nonce === me.nonce;
  };
  const heartbeat = setInterval(() => {
    try {
      const t = new Date();
      utimesSync(path, t, t);
    } catch {
      // Removed under us (someone judged it stale): nothing to touch; release() will not delete theirs.
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const release = () => {
    if (released) return;
    released = true;
    clearInterval(heartbeat);
    process.off('exit', release);
    try {
      if (ours()) unlinkSync(path);
    } catch {
      // Already gone.
    }
  };
  // An exit without stop() (process.exit after a fatal error) still frees the folder.
  process.on('exit', release);
  return { path, release };
}
