/**
 * Issue 15, the engine's CPU per message: a group commit runs a few transactions and savepoints a message, and
 * better-sqlite3's `db.transaction(fn)` builds four wrapper functions (and defines their properties) on every call.
 * The group commit and durably() build that wrapper once per connection; what a transaction does is unchanged: each
 * item in its own savepoint (undone alone when it throws), a promise refused, FULL for durably().
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGroupCommit, durably } from '../../../electron/core/db/durable';
import { openDatabase, type Db } from '../../../electron/core/db/open';
import { walSyncFor, type WalSync } from '../../../electron/core/db/wal-sync';
import { tempDir } from '../../helpers/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function open(): Db {
  const t = tempDir();
  const db = openDatabase(join(t.dir, 'j.db'));
  db.exec('CREATE TABLE t (x INTEGER PRIMARY KEY) STRICT');
  cleanups.push(() => {
    db.close();
    t.cleanup();
  });
  return db;
}

/**
 * The control statements run on `db` (BEGIN, COMMIT, SAVEPOINT, RELEASE, ROLLBACK, PRAGMA): better-sqlite3's
 * transaction wrapper runs them as prepared statements, so they are counted at run().
 */
function controlStatements(db: Db): { list: string[]; stop: () => void } {
  const list: string[] = [];
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as {
    run: (...a: unknown[]) => unknown;
    get: (...a: unknown[]) => unknown;
  };
  probe.close();
  const { run, get } = proto;
  const note = (s: Database.Statement) => {
    if (s.database === db && /^\s*(BEGIN|COMMIT|SAVEPOINT|RELEASE|ROLLBACK|PRAGMA)/i.test(s.source))
      list.push(s.source.split(/\s+/)[0]!.toUpperCase() + (s.source.includes('=') ? ' =' : ''));
  };
  const r = vi.spyOn(proto, 'run').mockImplementation(function (this: Database.Statement, ...a: unknown[]) {
    note(this);
    return run.apply(this, a);
  });
  const g = vi.spyOn(proto, 'get').mockImplementation(function (this: Database.Statement, ...a: unknown[]) {
    note(this);
    return get.apply(this, a);
  });
  return {
    list,
    stop: () => {
      r.mockRestore();
      g.mockRestore();
    },
  };
}

/** How many times db.transaction() is called (each call builds the wrappers anew). */
function countWrappers(db: Db): () => number {
  let n = 0;
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: (...a: never[]) => unknown) => {
    n++;
    return transaction(fn);
  }) as Db['transaction'];
  return () => n;
}

describe('group commit: transaction wrappers built once', () => {
  it('100 items in several groups and 20 durably() commits build no wrapper past the first', async () => {
    const db = open();
    const insert = db.prepare<[number]>('INSERT INTO t VALUES (?)');
    durably(db, () => insert.run(-1));
    const group = createGroupCommit(db, { maxBatch: 10 });
    const wrappers = countWrappers(db);
    await Promise.all(Array.from({ length: 100 }, (_, i) => group.run(() => insert.run(i))));
    for (let i = 0; i < 20; i++) durably(db, () => insert.run(1000 + i));
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(121);
    // Before: one for each group and one for each item (110), and one for each durably() (20).
    expect(wrappers()).toBe(0);
  });

  it('an item is still its own savepoint: one that throws after writing is undone alone', async () => {
    const db = open();
    const insert = db.prepare<[number]>('INSERT INTO t VALUES (?)');
    const group = createGroupCommit(db);
    const results = await Promise.allSettled([
      group.run(() => insert.run(1)),
      group.run(() => {
        insert.run(2);
        throw new Error('boom');
      }),
      group.run(() => insert.run(3)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.prepare('SELECT x FROM t ORDER BY x').pluck().all()).toEqual([1, 3]);
    expect(db.inTransaction).toBe(false);
  });

  it('an item that returns a promise is refused and undone, as db.transaction() refuses it', async () => {
    const db = open();
    const insert = db.prepare<[number]>('INSERT INTO t VALUES (?)');
    const group = createGroupCommit(db);
    const results = await Promise.allSettled([
      group.run(() => {
        insert.run(1);
        return Promise.resolve(1);
      }),
      group.run(() => insert.run(2)),
    ]);
    expect(results[0]).toMatchObject({ status: 'rejected', reason: expect.any(TypeError) });
    expect(results[1]?.status).toBe('fulfilled');
    expect(db.prepare('SELECT x FROM t ORDER BY x').pluck().all()).toEqual([2]);
    expect(() => durably(db, () => Promise.resolve(1))).toThrow(TypeError);
  });
});

describe('group commit off the loop: the pragmas of a group are statements prepared once', () => {
  it('reads the level and switches it with prepared statements: no pragma() or exec() a group, FULL again after', async () => {
    const db = open();
    const insert = db.prepare<[number]>('INSERT INTO t VALUES (?)');
    const group = createGroupCommit(db, { walSync: walSyncFor(db) });
    const calls: string[] = [];
    const pragma = db.pragma.bind(db);
    const exec = db.exec.bind(db);
    db.pragma = ((source: string, options?: Parameters<Db['pragma']>[1]) => {
      calls.push(source);
      return pragma(source, options);
    }) as Db['pragma'];
    db.exec = ((source: string) => {
      calls.push(source);
      return exec(source);
    }) as Db['exec'];
    const control = controlStatements(db);
    // Two callers in one group: committed with NORMAL, synced by the WAL fsync off the loop.
    await Promise.all([group.run(() => insert.run(1)), group.run(() => insert.run(2))]);
    control.stop();
    db.pragma = pragma;
    db.exec = exec;
    // Before: db.pragma('synchronous') (a statement prepared for each group) and two db.exec() (compiled each time).
    expect(calls).toEqual([]);
    expect(control.list.filter((c) => c.startsWith('PRAGMA'))).toEqual(['PRAGMA', 'PRAGMA =', 'PRAGMA =']);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(2);
    await group.close();
  });
});

describe('group commit: an atomic item runs without a savepoint of its own', () => {
  it('atomic items add no SAVEPOINT or RELEASE; the others still get theirs', async () => {
    const db = open();
    const insert = db.prepare<[number]>('INSERT INTO t VALUES (?)');
    const group = createGroupCommit(db);
    const control = controlStatements(db);
    await Promise.all([
      group.run(() => insert.run(1), { atomic: true }),
      group.run(() => insert.run(2), { atomic: true }),
      group.ride(() => insert.run(3), 1000, { atomic: true }),
      group.run(() => insert.run(4)),
    ]);
    control.stop();
    // Before: a SAVEPOINT and a RELEASE for each of the four items.
    expect(control.list.filter((c) => c === 'SAVEPOINT' || c === 'RELEASE')).toEqual(['SAVEPOINT', 'RELEASE']);
    expect(control.list.filter((c) => c === 'BEGIN' || c === 'COMMIT')).toEqual(['BEGIN', 'COMMIT']);
    expect(db.prepare('SELECT x FROM t ORDER BY x').pluck().all()).toEqual([1, 2, 3, 4]);
  });

  it('an atomic item whose statement fails is undone alone by SQLite: the group around it commits', async () => {
    const db = open();
    const insert = db.prepare<[number]>('INSERT INTO t VALUES (?)');
    // Two rows in one statement, the second a duplicate key: SQLite undoes the statement's first row too.
    const insertTwo = db.prepare<[number, number]>('INSERT INTO t VALUES (?), (?)');
    const group = createGroupCommit(db);
    const results = await Promise.allSettled([
      group.run(() => insert.run(1), { atomic: true }),
      group.run(() => insertTwo.run(5, 1), { atomic: true }),
      group.run(() => insert.run(3), { atomic: true }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.prepare('SELECT x FROM t ORDER BY x').pluck().all()).toEqual([1, 3]);
    expect(db.inTransaction).toBe(false);
  });
});

describe('group commit: what arrives while an fsync runs waits for it, and commits as one transaction', () => {
  it('three loop turns of callers during a held fsync: one transaction after it, answered after the next fsync', async () => {
    const db = open();
    const insert = db.prepare<[number]>('INSERT INTO t VALUES (?)');
    const count = db.prepare('SELECT count(*) FROM t').pluck();
    /** Each fsync waits until the test releases it (a slow disk made visible); the database itself is FULL. */
    const held: ((err: Error | null) => void)[] = [];
    const sync: WalSync = { sync: (done) => held.push(done), close: () => undefined };
    const group = createGroupCommit(db, { walSync: sync });
    const control = controlStatements(db);
    const transactions = () => control.list.filter((c) => c === 'BEGIN').length;
    const turns = async (n: number) => {
      for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
    };
    const answered: number[] = [];
    const first = Promise.all([group.run(() => insert.run(1)), group.run(() => insert.run(11))]).then(() =>
      answered.push(1),
    );
    await turns(3);
    expect(held).toHaveLength(1);
    const later: Promise<unknown>[] = [];
    for (const x of [2, 3, 4]) {
      later.push(group.run(() => insert.run(x)).then(() => answered.push(x)));
      await turns(2);
    }
    // Before: a transaction a loop turn (three more), each waiting for the same next fsync anyway.
    expect(transactions()).toBe(1);
    expect(count.get()).toBe(2);
    held.shift()?.(null);
    await first;
    await turns(3);
    expect(transactions()).toBe(2);
    expect(count.get()).toBe(5);
    expect(answered).toEqual([1]);
    expect(held).toHaveLength(1);
    held.shift()?.(null);
    await Promise.all(later);
    expect(answered).toEqual([1, 2, 3, 4]);
    control.stop();
    await group.close();
  });
});

describe('group commit: a lone caller held by a running fsync', () => {
  it('goes off the loop with the next fsync when it ends, not as a FULL commit that syncs on the loop', async () => {
    const db = open();
    const insert = db.prepare<[number]>('INSERT INTO t VALUES (?)');
    const held: ((err: Error | null) => void)[] = [];
    const sync: WalSync = { sync: (done) => held.push(done), close: () => undefined };
    const group = createGroupCommit(db, { walSync: sync });
    const turns = async (n: number) => {
      for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
    };
    const first = Promise.all([group.run(() => insert.run(1)), group.run(() => insert.run(2))]);
    await turns(3);
    expect(held).toHaveLength(1);
    let answered = false;
    const lone = group.run(() => insert.run(3)).then(() => (answered = true));
    await turns(3);
    held.shift()?.(null);
    await first;
    await turns(3);
    // Committed (NORMAL) and waiting for an fsync of its own on the pool: the loop never waited for the disk.
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(3);
    expect(held).toHaveLength(1);
    expect(answered).toBe(false);
    held.shift()?.(null);
    await lone;
    expect(answered).toBe(true);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    await group.close();
  });
});
