/**
 * Issue 15: the WAL's pages are copied into the database file on a timer, not inside a commit. Left to SQLite, the
 * commit that takes the WAL past 1,000 pages runs the checkpoint (copy and sync) before it returns, and the message
 * or callback in that group waits for it. The database file only grows at a checkpoint (a commit writes to the WAL),
 * so its size shows when one ran.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGroupCommit, type CheckpointOptions } from '../../../electron/core/db/durable';
import { openDatabase } from '../../../electron/core/db/open';
import { walSyncFor } from '../../../electron/core/db/wal-sync';
import { tempDir } from '../../helpers/tmp';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** 60 groups of 20 rows of 3 KB (a page each): about 1,300 WAL pages, past SQLite's 1,000-page checkpoint. */
async function fill(checkpoint?: CheckpointOptions) {
  const t = tempDir();
  const file = join(t.dir, 'j.db');
  const db = openDatabase(file);
  db.exec('CREATE TABLE t (x INTEGER PRIMARY KEY, pad TEXT NOT NULL) STRICT');
  db.pragma('wal_checkpoint(TRUNCATE)');
  const group = createGroupCommit(db, { walSync: walSyncFor(db), ...(checkpoint ? { checkpoint } : {}) });
  cleanups.push(async () => {
    await group.close();
    db.close();
    t.cleanup();
  });
  const insert = db.prepare('INSERT INTO t (pad) VALUES (?)');
  const before = statSync(file).size;
  for (let g = 0; g < 60; g++)
    await Promise.all(Array.from({ length: 20 }, () => group.run(() => insert.run('x'.repeat(3000)))));
  return {
    file,
    before,
    afterCommits: statSync(file).size,
    rows: () => db.prepare('SELECT count(*) AS n FROM t').get(),
  };
}

describe('group commit: checkpoints on a timer, between groups', () => {
  it('no commit copies pages into the database file; the timer does, within its period', async () => {
    // Only the checkpoint's interval is faked (the group commit's setImmediate and the fsyncs run for real), so the
    // timer fires exactly when the test says, however long the commits take on a loaded machine.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const f = await fill({ everyMs: 500, safetyPages: 100_000 });
    // Every group is committed and synced, none of them ran a checkpoint.
    expect(f.afterCommits).toBe(f.before);
    vi.advanceTimersByTime(499);
    expect(statSync(f.file).size).toBe(f.before);
    vi.advanceTimersByTime(1);
    expect(statSync(f.file).size).toBeGreaterThan(f.before + 1_000_000);
    expect(f.rows()).toEqual({ n: 1200 });
  });

  it("without it (SQLite's own checkpoint) a commit past 1,000 pages copies them before it returns", async () => {
    const f = await fill();
    expect(f.afterCommits).toBeGreaterThan(f.before + 1_000_000);
  });
});
