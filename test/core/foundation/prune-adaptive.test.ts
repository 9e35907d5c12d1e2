import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/core/db/open';
import {
  PRUNE_FIRST_BATCH,
  PRUNE_MAX_BATCH,
  pruneTrafficInSteps,
  type PruneStep,
} from '../../../electron/core/db/retention';
import { seedLog } from '../../helpers/seed-log';
import { tempDir } from '../../helpers/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);

function seeded(inbound = 2000): Db {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const db = openDatabase(join(t.dir, 'j.db'));
  seedLog(db, { inbound, outbox: inbound / 2, start: NOW - 130 * DAY, stepMs: 800_000 });
  cleanups.unshift(() => db.close());
  return db;
}

/** The checkpoints run on the connection during `work`. */
async function checkpointsDuring(db: Db, work: () => Promise<unknown>): Promise<string[]> {
  const calls: string[] = [];
  const pragma = db.pragma.bind(db);
  db.pragma = ((source: string, options?: Parameters<Db['pragma']>[1]) => {
    if (source.startsWith('wal_checkpoint')) calls.push(source);
    return pragma(source, options);
  }) as Db['pragma'];
  try {
    await work();
  } finally {
    db.pragma = pragma;
  }
  return calls;
}

/** [batch, next batch] of each full step followed by another step of the same table. */
const followUps = (steps: PruneStep[]): [number, number][] =>
  steps.flatMap((s, i) => {
    const n = steps[i + 1];
    return n && n.key === s.key && s.rows === s.batch ? [[s.batch, n.batch] as [number, number]] : [];
  });

/**
 * Pruning a year of old rows must never hold the engine for long (issue 15 measured 344-512 ms stalls at 100,000
 * rows: steps of a fixed 200 rows, and SQLite's own checkpoint copying 1,000 pages at once).
 */
describe('retention steps sized by their time', () => {
  it('starts small, halves a step that ran over its time, and checkpoints each step right after it', async () => {
    const db = seeded(600);
    const steps: PruneStep[] = [];
    const checkpoints = await checkpointsDuring(db, () =>
      // Every step is "over its time": the batch goes down to its floor.
      pruneTrafficInSteps(db, NOW - 90 * DAY, { stepMs: 0, onStep: (s) => steps.push(s) }),
    );
    const inbound = steps.filter((s) => s.key === 'inbound');
    expect(steps[0]?.batch).toBe(PRUNE_FIRST_BATCH);
    expect(followUps(steps)).toContainEqual([25, 12]);
    expect(followUps(steps).every(([a, b]) => b === Math.max(5, Math.floor(a / 2)))).toBe(true);
    expect(Math.max(...inbound.map((s) => s.batch))).toBeLessThanOrEqual(5);
    // One PASSIVE checkpoint per step that deleted something: the WAL never piles up 1,000 pages to copy at once.
    expect(checkpoints).toEqual(Array(steps.filter((s) => s.rows > 0).length).fill('wal_checkpoint(PASSIVE)'));
    expect(db.prepare('SELECT count(*) FROM inbound_messages').pluck().get()).toBe(0);
    expect(db.prepare("SELECT n FROM flow_counts WHERE name = 'inbound'").pluck().get()).toBe(0);
  });

  it('doubles a step that stays well under its time, up to a bound', async () => {
    const db = seeded();
    const steps: PruneStep[] = [];
    const r = await pruneTrafficInSteps(db, NOW - 90 * DAY, { stepMs: 60_000, onStep: (s) => steps.push(s) });
    expect(followUps(steps).slice(0, 3)).toEqual([
      [25, 50],
      [50, 100],
      [100, 200],
    ]);
    expect(followUps(steps).every(([a, b]) => b === Math.min(PRUNE_MAX_BATCH, a * 2))).toBe(true);
    expect(Math.max(...steps.map((s) => s.batch))).toBe(PRUNE_MAX_BATCH);
    expect(PRUNE_MAX_BATCH).toBe(250);
    expect(r.inbound).toBe(2000);
    expect(r.outbox).toBe(1000);
  });
});
