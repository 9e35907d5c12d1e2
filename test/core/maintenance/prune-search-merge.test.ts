import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/core/db/open';
import { pruneTrafficInSteps } from '../../../electron/core/db/retention';
import { SEARCH_INDEXES } from '../../../electron/core/db/search-merge';
import { createFlowQuery } from '../../../electron/core/forwarder/flow-query';
import { createInboundRepo } from '../../../electron/core/forwarder/inbound-repo';
import { RARE_TEXT, resellerPhone, seedLog } from '../../helpers/seed-log';
import { tempDir } from '../../helpers/tmp';

// Issue 15: a prune step deleting 100 rows blocked the engine 350 ms on the 1 M log, FTS5 merging the trigram
// indexes' segments (automerge) inside the step. The prune now holds automerge off, merges a few pages per index
// in turns of their own, folds the indexes at the end and gives automerge back.
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);

function seeded(): Db {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const db = openDatabase(join(t.dir, 'j.db'));
  // 6,000 inbound messages over 120 days, 3,000 outbox messages: about a quarter are past 90 days.
  seedLog(db, { inbound: 6000, outbox: 3000, start: NOW - 120 * DAY, stepMs: (120 * DAY) / 6000, resellers: 300 });
  cleanups.unshift(() => db.close());
  return db;
}

/** The FTS5 settings of each trigram index as stored ('automerge', 'crisismerge'; absent = FTS5's default). */
function settings(db: Db): Record<string, unknown>[] {
  return SEARCH_INDEXES.map((t) =>
    Object.fromEntries(
      (
        db.prepare(`SELECT k, v FROM ${t}_config WHERE k IN ('automerge', 'crisismerge')`).all() as {
          k: string;
          v: unknown;
        }[]
      ).map((r) => [r.k, r.v]),
    ),
  );
}

/** Every id the live flow finds for a few words and phones (all pages, bounded). */
function found(db: Db): Record<string, string[]> {
  const flow = createFlowQuery(db, createInboundRepo(db));
  const out: Record<string, string[]> = {};
  for (const f of [{ text: RARE_TEXT }, { text: 'SAL.' }, { text: 'SUKSES' }, { phone: resellerPhone(7) }]) {
    const ids: string[] = [];
    let before: string | null = null;
    for (let i = 0; i < 100; i++) {
      const p = flow.page(f, before, 500);
      ids.push(...p.rows.map((r) => r.id));
      before = p.nextCursor;
      if (!before) break;
    }
    out[JSON.stringify(f)] = ids;
  }
  return out;
}

/** The same ids by LIKE over the rows that remain (what the trigram indexes must agree with). */
function scanned(db: Db): Record<string, string[]> {
  const like = (sqlIn: string, sqlBox: string, term: string) => {
    const rows = [
      ...(db.prepare(sqlIn).all(`%${term}%`) as { id: number; t: number; k: number }[]).map((r) => ({
        ...r,
        id: `in:${r.id}`,
      })),
      ...(db.prepare(sqlBox).all(`%${term}%`) as { id: number; t: number; k: number }[]).map((r) => ({
        ...r,
        id: `outbox:${r.id}`,
      })),
    ];
    return rows.sort((a, b) => b.t - a.t || b.k - a.k).map((r) => r.id);
  };
  const text = (term: string) =>
    like(
      'SELECT id, received_at AS t, id * 2 + 1 AS k FROM inbound_messages WHERE text LIKE ?',
      'SELECT id, received_at AS t, id * 2 AS k FROM outbox_messages WHERE pesan LIKE ?',
      term,
    );
  const phone = (term: string) =>
    like(
      'SELECT id, received_at AS t, id * 2 + 1 AS k FROM inbound_messages WHERE sender_phone LIKE ?',
      'SELECT id, received_at AS t, id * 2 AS k FROM outbox_messages WHERE penerima LIKE ?',
      term,
    );
  return {
    [JSON.stringify({ text: RARE_TEXT })]: text(RARE_TEXT),
    [JSON.stringify({ text: 'SAL.' })]: text('SAL.'),
    [JSON.stringify({ text: 'SUKSES' })]: text('SUKSES'),
    [JSON.stringify({ phone: resellerPhone(7) })]: phone(resellerPhone(7)),
  };
}

/** True when a merge of the index would still do work (a level with 4 segments, or a merge half done). */
function unfolded(db: Db, table: string): boolean {
  const total = () => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  const before = total();
  db.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('merge', 1)`).run();
  return total() - before >= 2;
}

describe('pruning and the trigram indexes', () => {
  it('holds automerge off during the steps, merges between them, and gives the defaults back folded', async () => {
    const db = seeded();
    const during: Record<string, unknown>[][] = [];
    const steps: { key: string; rows: number; mergeMs: number }[] = [];
    const r = await pruneTrafficInSteps(db, NOW - 90 * DAY, {
      batch: 50,
      onStep: (s) => {
        steps.push(s);
        if (during.length < 3) during.push(settings(db));
      },
    });
    expect(r.inbound).toBeGreaterThan(1000);
    expect(r.outbox).toBeGreaterThan(500);
    // While the steps ran, no delete could start a merge of its own: automerge 0, crisis merges put far off.
    for (const s of during) for (const one of s) expect(one).toEqual({ automerge: 0, crisismerge: 256 });
    // Each step that deleted rows was followed by its merge step (timed apart from the delete).
    const deleting = steps.filter((s) => s.rows > 0 && (s.key === 'inbound' || s.key === 'outbox'));
    expect(deleting.length).toBeGreaterThan(20);
    for (const s of deleting) expect(s.mergeMs).toBeGreaterThan(0);
    // After: the usual values back (automerge stays off since migration 009: the search indexer merges), nothing left for the next write to merge in one go, the indexes sound.
    for (const one of settings(db)) expect(one).toEqual({ automerge: 0, crisismerge: 16 });
    // The delete steps commit without their own sync; every other commit is synced again afterwards.
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    for (const t of SEARCH_INDEXES) {
      expect(unfolded(db, t), t).toBe(false);
      db.exec(`INSERT INTO ${t} (${t}) VALUES ('integrity-check')`);
    }
  });

  it('finds the same rows after the prune as a scan of the rows that remain', async () => {
    const db = seeded();
    const before = found(db);
    expect(before).toEqual(scanned(db));
    await pruneTrafficInSteps(db, NOW - 90 * DAY, { batch: 200 });
    const after = found(db);
    expect(after).toEqual(scanned(db));
    // The prune removed matches, so the comparison covers deleted rows as well as kept ones.
    for (const k of Object.keys(before)) {
      expect(after[k]?.length, k).toBeGreaterThan(0);
      expect(after[k]?.length, k).toBeLessThan(before[k]?.length ?? 0);
    }
  });

  it('gives automerge back when the prune is stopped half way', async () => {
    const db = seeded();
    let n = 0;
    const r = await pruneTrafficInSteps(db, NOW - 90 * DAY, { batch: 20, shouldStop: () => ++n > 5 });
    expect(r.inbound + r.outbox + r.outbound).toBeGreaterThan(0);
    for (const one of settings(db)) expect(one).toEqual({ automerge: 0, crisismerge: 16 });
    for (const t of SEARCH_INDEXES) db.exec(`INSERT INTO ${t} (${t}) VALUES ('integrity-check')`);
  });
});
