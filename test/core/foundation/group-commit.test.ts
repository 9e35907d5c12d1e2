import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createGroupCommit } from '../../../electron/core/db/durable';
import { openDatabase, type Db } from '../../../electron/core/db/open';
import { tempDir } from '../../helpers/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function open(): { db: Db; file: string } {
  const t = tempDir();
  const file = join(t.dir, 'j.db');
  const db = openDatabase(file);
  db.exec('CREATE TABLE t (x INTEGER PRIMARY KEY) STRICT');
  cleanups.push(() => {
    db.close();
    t.cleanup();
  });
  return { db, file };
}

/** Count the commits: durably() reads the synchronous level once per transaction it commits. */
function countCommits(db: Db): () => number {
  let n = 0;
  const pragma = db.pragma.bind(db);
  db.pragma = ((source: string, options?: Parameters<Db['pragma']>[1]) => {
    if (source === 'synchronous') n++;
    return pragma(source, options);
  }) as Db['pragma'];
  return () => n;
}

describe('group commit', () => {
  it('stores a burst in one synced transaction; each caller resolves after the commit that holds its row', async () => {
    const { db, file } = open();
    const commits = countCommits(db);
    const group = createGroupCommit(db);
    const insert = db.prepare<[number]>('INSERT INTO t VALUES (?)');
    // Another connection sees only committed rows: each caller checks its row is there when it resolves.
    const reader = new Database(file, { readonly: true });
    cleanups.unshift(() => reader.close());
    const visibleAtResolve: boolean[] = [];
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        group
          .run(() => insert.run(i).changes)
          .then((changes) => {
            visibleAtResolve.push(reader.prepare('SELECT count(*) FROM t WHERE x = ?').pluck().get(i) === 1);
            return changes;
          }),
      ),
    );
    expect(results).toEqual(Array(100).fill(1));
    expect(visibleAtResolve).toEqual(Array(100).fill(true));
    expect(commits()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(100);
    expect(db.inTransaction).toBe(false);
  });

  it('an item that throws is undone alone and rejects; the others of its group are stored', async () => {
    const { db } = open();
    const group = createGroupCommit(db);
    const insert = db.prepare<[number]>('INSERT INTO t VALUES (?)');
    const outcomes = await Promise.allSettled([
      group.run(() => insert.run(1)),
      group.run(() => {
        insert.run(2);
        throw new Error('bad row');
      }),
      group.run(() => insert.run(1)), // UNIQUE: fails alone
      group.run(() => insert.run(3)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error('bad row'));
    expect(db.prepare('SELECT x FROM t ORDER BY x').pluck().all()).toEqual([1, 3]);
  });

  it('bounds one transaction at maxBatch and commits the rest in the next turn', async () => {
    const { db } = open();
    const commits = countCommits(db);
    const group = createGroupCommit(db, { maxBatch: 10 });
    const insert = db.prepare<[number]>('INSERT INTO t VALUES (?)');
    await Promise.all(Array.from({ length: 25 }, (_, i) => group.run(() => insert.run(i))));
    expect(commits()).toBe(3);
    expect(group.pending()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(25);
  });

  it('runs and commits items in the order queued, across groups: a later item is never on disk before an earlier one', async () => {
    const { db, file } = open();
    const group = createGroupCommit(db, { maxBatch: 3 });
    const insert = db.prepare<[number]>('INSERT INTO t VALUES (?)');
    const reader = new Database(file, { readonly: true });
    cleanups.unshift(() => reader.close());
    const ran: number[] = [];
    // When each item settles, every item queued before it is already on disk (read from another connection).
    const earlierOnDisk: boolean[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        group
          .run(() => {
            ran.push(i);
            insert.run(i);
          })
          .then(() =>
            earlierOnDisk.push(reader.prepare('SELECT count(*) FROM t WHERE x <= ?').pluck().get(i) === i + 1),
          ),
      ),
    );
    expect(ran).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(earlierOnDisk).toEqual(Array(10).fill(true));
  });

  it('a rider starts no commit of its own: it goes with the next group, or alone after its delay', async () => {
    const { db, file } = open();
    const commits = countCommits(db);
    const group = createGroupCommit(db);
    const insert = db.prepare<[number]>('INSERT INTO t VALUES (?)');
    const reader = new Database(file, { readonly: true });
    cleanups.unshift(() => reader.close());
    const onDisk = (x: number) => reader.prepare('SELECT count(*) FROM t WHERE x = ?').pluck().get(x) === 1;
    let rode = false;
    const rider = group.ride(() => insert.run(1), 5_000).then(() => (rode = true));
    // Several loop turns: no group runs for the rider alone.
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(commits()).toBe(0);
    expect(rode).toBe(false);
    expect(onDisk(1)).toBe(false);
    // The next run carries it, in the order queued, in one commit.
    await group.run(() => insert.run(2));
    await rider;
    expect(commits()).toBe(1);
    expect(onDisk(1) && onDisk(2)).toBe(true);
    // No run comes: it goes alone once its delay has passed.
    const t0 = performance.now();
    await group.ride(() => insert.run(3), 50);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(45);
    expect(commits()).toBe(2);
    expect(onDisk(3)).toBe(true);
  });

  it('a commit that fails rejects every item of its group and stores none of them', async () => {
    const { db } = open();
    const group = createGroupCommit(db);
    const insert = db.prepare<[number]>('INSERT INTO t VALUES (?)');
    const a = group.run(() => insert.run(1));
    const b = group.run(() => insert.run(2));
    // An outer transaction still open when the group commits: durably() refuses, nothing is half-stored.
    db.prepare('BEGIN').run();
    await expect(a).rejects.toThrow(/inside another transaction/);
    await expect(b).rejects.toThrow(/inside another transaction/);
    db.prepare('ROLLBACK').run();
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0);
  });
});
