import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createGroupCommit } from '../../../electron/core/db/durable';
import { openDatabase, type Db } from '../../../electron/core/db/open';
import { createWalSync, walSyncFor, type WalSync } from '../../../electron/core/db/wal-sync';
import { tempDir } from '../../helpers/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function open(): { db: Db; file: string; reader: Database.Database } {
  const t = tempDir();
  const file = join(t.dir, 'j.db');
  const db = openDatabase(file);
  db.exec('CREATE TABLE t (x INTEGER PRIMARY KEY) STRICT');
  const reader = new Database(file, { readonly: true });
  cleanups.push(() => {
    reader.close();
    if (db.open) db.close();
    t.cleanup();
  });
  return { db, file, reader };
}

/**
 * The real WAL sync, held: each fsync starts only when the test releases it (a slow disk made visible). Records
 * what each sync saw when it was asked for and when it called back.
 */
function heldSync(file: string) {
  const real = createWalSync(file);
  const held: (() => void)[] = [];
  const log: string[] = [];
  let done = 0;
  let closed = false;
  const port: WalSync = {
    sync(cb) {
      log.push('sync');
      held.push(() =>
        real.sync((err) => {
          done++;
          log.push('synced');
          cb(err);
        }),
      );
    },
    close() {
      closed = true;
      log.push('close');
      real.close();
    },
  };
  return {
    port,
    log,
    held: () => held.length,
    done: () => done,
    closed: () => closed,
    release: () => held.splice(0).forEach((go) => go()),
  };
}

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe('group commit with the WAL synced off the loop', () => {
  it('a caller is answered only after the fsync that covers its commit, however long that fsync takes', async () => {
    const { db, file, reader } = open();
    const sync = heldSync(file);
    const group = createGroupCommit(db, { walSync: sync.port });
    const insert = db.prepare<[number]>('INSERT INTO t VALUES (?)');
    const answered: number[] = [];
    const all = Promise.all([1, 2, 3].map((x) => group.run(() => insert.run(x)).then(() => answered.push(x))));
    await turns(10);
    // Committed (a reader sees the rows) but not yet synced: nobody may act on them yet.
    expect(reader.prepare('SELECT count(*) FROM t').pluck().get()).toBe(3);
    expect(sync.held()).toBe(1);
    expect(answered).toEqual([]);
    // The loop kept running meanwhile: a timer fires while the sync is held.
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toEqual([]);
    sync.release();
    await all;
    expect(answered).toEqual([1, 2, 3]);
    expect(sync.done()).toBe(1);
    // The connection is back at FULL for every commit outside the group.
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('one fsync at a time: the groups committed meanwhile share the next one, answered in commit order', async () => {
    const { db, file } = open();
    const sync = heldSync(file);
    const group = createGroupCommit(db, { walSync: sync.port });
    const insert = db.prepare<[number]>('INSERT INTO t VALUES (?)');
    const answered: number[] = [];
    // Two callers in one group: the engine is busy, the group goes off the loop.
    const first = Promise.all([group.run(() => insert.run(1)), group.run(() => insert.run(11))]).then(() =>
      answered.push(1),
    );
    await turns(3);
    // Three more groups, one per loop turn, while the first fsync is held.
    const later: Promise<unknown>[] = [];
    for (const x of [2, 3, 4]) {
      later.push(group.run(() => insert.run(x)).then(() => answered.push(x)));
      await turns(2);
    }
    expect(sync.held()).toBe(1);
    sync.release(); // the first: answers group 1 only (it may not cover 2-4)
    await first;
    await turns(3);
    expect(answered).toEqual([1]);
    expect(sync.held()).toBe(1); // one fsync for the three groups committed while the first ran
    sync.release();
    await Promise.all(later);
    expect(answered).toEqual([1, 2, 3, 4]);
    expect(sync.done()).toBe(2);
  });

  it('a lone caller on a quiet engine commits with FULL (no fsync of its own on the pool); riders do not count', async () => {
    const { db, file, reader } = open();
    const sync = heldSync(file);
    const group = createGroupCommit(db, { walSync: sync.port });
    const insert = db.prepare<[number]>('INSERT INTO t VALUES (?)');
    const rider = group.ride(() => insert.run(2), 5_000);
    await group.run(() => insert.run(1));
    await rider;
    expect(sync.log).toEqual([]);
    expect(reader.prepare('SELECT count(*) FROM t').pluck().get()).toBe(2);
  });

  it('an fsync that fails rejects its callers: none acts as if its row were on disk', async () => {
    const { db } = open();
    const failing: WalSync = { sync: (cb) => setImmediate(() => cb(new Error('EIO: i/o error'))), close: () => {} };
    const group = createGroupCommit(db, { walSync: failing });
    const insert = db.prepare<[number]>('INSERT INTO t VALUES (?)');
    const two = [group.run(() => insert.run(1)), group.run(() => insert.run(2))];
    for (const p of two) await expect(p).rejects.toMatchObject({ code: 'DB_FAILED' });
  });

  it('close() with an fsync in flight waits for it (and the one still owed), then closes the WAL handle', async () => {
    const { db, file } = open();
    const sync = heldSync(file);
    const group = createGroupCommit(db, { walSync: sync.port });
    const insert = db.prepare<[number]>('INSERT INTO t VALUES (?)');
    const a = Promise.all([group.run(() => insert.run(1)), group.run(() => insert.run(3))]);
    await turns(3);
    const b = group.run(() => insert.run(2)); // a sync is in flight: off the loop too
    let closed = false;
    const closing = group.close().then(() => (closed = true));
    await turns(5);
    expect(closed).toBe(false);
    expect(sync.closed()).toBe(false);
    // Release the held fsyncs as they come (bounded): the one in flight, then the one owed to b and close's own.
    for (const until = Date.now() + 5000; !closed && Date.now() < until;) {
      sync.release();
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all([a, b, closing]);
    expect(sync.log.at(-1)).toBe('close');
    expect(sync.log.filter((l) => l === 'sync')).toHaveLength(sync.done());
    db.close(); // nothing in flight any more: the database closes cleanly
    const check = new Database(file, { readonly: true });
    expect(check.prepare('SELECT x FROM t ORDER BY x').pluck().all()).toEqual([1, 2, 3]);
    check.close();
  });

  it('the real WAL sync holds the -wal file now at its path: reopened when SQLite deleted and recreated it', async () => {
    const { db, file } = open();
    expect(walSyncFor(db)).not.toBeNull();
    expect(walSyncFor(openDatabase(':memory:', []))).toBeNull();
    const group = createGroupCommit(db, { walSync: createWalSync(file) });
    const insert = db.prepare<[number]>('INSERT INTO t VALUES (?)');
    /** This process's handles on a -wal file of this database, and whether each is deleted. */
    const walHandles = () =>
      readdirSync('/proc/self/fd')
        .map((fd) => {
          try {
            return readlinkSync(`/proc/self/fd/${fd}`);
          } catch {
            return '';
          }
        })
        .filter((target) => target.startsWith(`${file}-wal`));
    const busy = (x: number) => Promise.all([group.run(() => insert.run(x)), group.run(() => insert.run(x + 100))]);
    await busy(1);
    const before = walHandles();
    // Leaving WAL mode deletes the -wal file; entering it again creates a new one (another inode).
    db.pragma('journal_mode = DELETE');
    db.pragma('journal_mode = WAL');
    await busy(2);
    const after = walHandles();
    expect(before.some((h) => h.endsWith('(deleted)'))).toBe(false);
    expect(after.some((h) => h.endsWith('(deleted)'))).toBe(false);
    expect(after.length).toBeGreaterThan(0);
    await group.close();
    expect(walHandles()).toHaveLength(after.length - 1); // close() let go of its handle; SQLite keeps its own
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(4);
  });
});
