import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { FlowFilter } from '../../../shared/dto';
import { openDatabase, type Db } from '../../../electron/core/db/open';
import { pruneTrafficInSteps } from '../../../electron/core/db/retention';
import { createFlowQuery } from '../../../electron/core/forwarder/flow-query';
import { createInboundRepo } from '../../../electron/core/forwarder/inbound-repo';
import { createSearchIndexRepo } from '../../../electron/core/forwarder/search-index-repo';
import {
  createSearchIndexer,
  INDEX_MAX_BATCH,
  INDEX_MIN_BATCH,
  MERGE_MAX_PAGES,
  type IndexSlice,
} from '../../../electron/core/forwarder/search-indexer';
import { RARE_TEXT, seedLog } from '../../helpers/seed-log';
import { tempDir } from '../../helpers/tmp';
import { legacyFlow } from './legacy-flow';

// Issue 15: the text index is filled in the background (migration 009, search-indexer.ts); a search also reads the
// rows past the watermark on the table, so it stays exact whatever the indexer has reached.
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const silent = pino({ level: 'silent' });

function path(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return join(t.dir, 'j.db');
}

function open(file: string): Db {
  const db = openDatabase(file);
  cleanups.unshift(() => db.open && db.close());
  return db;
}

let k = 0;
function addInbound(db: Db, text: string, at: number): number {
  k++;
  return Number(
    db
      .prepare(
        `INSERT INTO inbound_messages (wa_key, wa_id, chat_jid, sender_phone, text, wa_timestamp, received_at, expires_at, status)
         VALUES (?, ?, 'x@s.whatsapp.net', '6289998887776', ?, ?, ?, ?, 'forwarded')`,
      )
      .run(`default|t||T${k}`, `T${k}`, text, at, at, at + 30_000).lastInsertRowid,
  );
}

function addOutbox(db: Db, pesan: string, at: number): number {
  k++;
  return Number(
    db
      .prepare(
        `INSERT INTO outbox_messages (kode, penerima, pesan, raw, received_at, status) VALUES (?, '6287776665554', ?, '{}', ?, 'sent')`,
      )
      .run(`KT${k}`, pesan, at).lastInsertRowid,
  );
}

const key = (r: { id: string | number; direction?: string }) =>
  typeof r.id === 'string' ? r.id : `${r.direction}:${r.id}`;

/** Every page of a filter through the live flow, and its total. */
function search(db: Db, f: FlowFilter): { ids: string[]; total: number } {
  const flow = createFlowQuery(db, createInboundRepo(db));
  const ids: string[] = [];
  let before: string | null = null;
  let total = 0;
  for (let i = 0; i < 200; i++) {
    const p = flow.page(f, before, 50);
    if (i === 0) total = p.total;
    ids.push(...p.rows.map((r) => r.id));
    before = p.nextCursor;
    if (!before) break;
  }
  return { ids, total };
}

/** What the old query (LIKE on every row of both tables) finds. */
const truth = (db: Db, f: FlowFilter) => legacyFlow(db).select(f, null, null).rows.map(key);

const integrity = (db: Db) => {
  for (const t of ['inbound_text_search', 'outbox_text_search'])
    db.exec(`INSERT INTO ${t} (${t}) VALUES ('integrity-check')`);
};

/** True when a merge of the index would still do work (a level with 4 segments, or a merge half done). */
function unfolded(db: Db, table: string): boolean {
  const total = () => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  const before = total();
  db.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('merge', 1)`).run();
  return total() - before >= 2;
}

const drain = (db: Db, onSlice?: (s: IndexSlice) => void): number => {
  const ix = createSearchIndexer({ db, log: silent, ...(onSlice ? { onSlice } : {}) });
  let steps = 0;
  // Bounded: each step indexes at least INDEX_MIN_BATCH rows of a table while rows wait.
  while (steps < 20_000 && ix.step()) steps++;
  return steps;
};

const FILTERS: FlowFilter[] = [
  { text: 'unikqwz' },
  { text: RARE_TEXT },
  { text: 'SUKSES' },
  { text: 'vvkq' },
  { text: RARE_TEXT, status: 'forwarded' },
];

describe('the text search index off the write path', () => {
  it('finds a message by text right after it is logged (not yet indexed) and after the indexer ran', () => {
    const db = open(path());
    seedLog(db, { inbound: 3_000, outbox: 1_500, start: NOW - 20 * DAY, stepMs: 60_000, resellers: 200 });
    // Logged now but with an old time: outside the newest rows a search looks at first, so only the trigram index
    // way in (and its tail) can find them.
    const old = NOW - 19 * DAY;
    const ids = [addInbound(db, 'kata unikqwz', old), addInbound(db, `${RARE_TEXT} lagi`, old + 5)];
    const box = addOutbox(db, 'pesan vvkq', old);
    const repo = createSearchIndexRepo(db);
    expect(repo.watermark('inbound_text_search')).toBeLessThan(ids[0] as number);
    expect(repo.waiting(0)).toBe(2);
    expect(repo.waiting(1)).toBe(1);
    const expected = FILTERS.map((f) => truth(db, f));
    expect(expected[0]).toEqual([`in:${ids[0]}`]);
    expect(expected[1]).toContain(`in:${ids[1]}`);
    expect(expected[3]).toEqual([`outbox:${box}`]);
    const before = FILTERS.map((f) => search(db, f));
    expect(before.map((r) => r.ids)).toEqual(expected);
    expect(before.map((r) => r.total)).toEqual(expected.map((e) => e.length));

    drain(db);
    expect([repo.waiting(0), repo.waiting(1)]).toEqual([0, 0]);
    expect(FILTERS.map((f) => search(db, f))).toEqual(before);
    integrity(db);
  });

  it('keeps the index consistent when indexed and not yet indexed rows are pruned, edited and their ids reused', async () => {
    const db = open(path());
    seedLog(db, { inbound: 2_000, outbox: 1_000, start: NOW - 120 * DAY, stepMs: 40 * 60_000, resellers: 100 });
    // More old rows, logged but not yet indexed, then a recent one.
    const late = Array.from({ length: 300 }, (_, i) => addInbound(db, `SAL.${i} tertinggal`, NOW - 110 * DAY + i));
    const lateBox = Array.from({ length: 100 }, (_, i) => addOutbox(db, `SUKSES tertinggal ${i}`, NOW - 110 * DAY + i));
    addInbound(db, 'baru SAL.1', NOW - DAY);
    // Edits: an indexed row and a waiting one.
    db.prepare("UPDATE inbound_messages SET text = 'diubah zzq' WHERE id = 1").run();
    db.prepare("UPDATE inbound_messages SET text = 'diubah zzq juga' WHERE id = ?").run(late[0]);
    db.prepare("UPDATE outbox_messages SET pesan = 'diubah kqv' WHERE id = ?").run(lateBox[0]);
    integrity(db);
    const r = await pruneTrafficInSteps(db, NOW - 90 * DAY, { batch: 100 });
    expect(r.inbound).toBeGreaterThan(1_000);
    integrity(db);
    for (const f of [{ text: 'SAL.' }, { text: 'tertinggal' }, { text: 'zzq' }]) {
      expect(search(db, f).ids).toEqual(truth(db, f));
    }
    drain(db);
    integrity(db);

    // The newest rows pruned (an idle shop past its retention): their ids are given again, at or under the
    // watermark, and such a row is indexed by the insert at once (else its later delete would corrupt the index).
    db.prepare('DELETE FROM inbound_messages').run();
    const reused = addInbound(db, 'lagi unikzzw', NOW);
    expect(reused).toBeLessThanOrEqual(createSearchIndexRepo(db).watermark('inbound_text_search'));
    expect(search(db, { text: 'unikzzw' }).ids).toEqual([`in:${reused}`]);
    integrity(db);
    db.prepare('DELETE FROM inbound_messages WHERE id = ?').run(reused);
    integrity(db);
    expect(search(db, { text: 'unikzzw' }).ids).toEqual([]);
  });

  it('catches up after a restart with unindexed rows, in bounded slices, and stops with the engine', async () => {
    const file = path();
    const db = open(file);
    seedLog(db, { inbound: 5_000, outbox: 2_500, start: NOW - 20 * DAY, stepMs: 60_000, index: false });
    db.close();

    const again = open(file);
    const slices: IndexSlice[] = [];
    const ix = createSearchIndexer({ db: again, log: silent, idleMs: 5, catchUpMs: 1, onSlice: (s) => slices.push(s) });
    expect(ix.waiting()).toEqual([5_000, 2_500]);
    ix.start();
    for (let i = 0; i < 2_000 && ix.waiting().some((n) => n > 0); i++) await new Promise((r) => setTimeout(r, 5));
    expect(ix.waiting()).toEqual([0, 0]);
    const rows = slices.reduce((n, s) => n + s.rows, 0);
    expect(rows).toBe(7_500);
    expect(slices.length).toBeGreaterThan(3);
    for (const s of slices) expect(s.rows).toBeLessThanOrEqual(s.batch);
    // A row logged while it runs is taken at its next look.
    const id = addInbound(again, 'sesudah mulai unikqqy', NOW - 19 * DAY);
    for (let i = 0; i < 400 && ix.waiting()[0] !== 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(ix.waiting()).toEqual([0, 0]);
    expect(
      again.prepare('SELECT rowid AS id FROM inbound_text_search WHERE inbound_text_search MATCH \'"qqy"\'').all(),
    ).toEqual([{ id }]);
    ix.stop();
    const after = addInbound(again, 'sesudah berhenti', NOW - 19 * DAY);
    await new Promise((r) => setTimeout(r, 50));
    // Stopped: nothing more is indexed (the next start catches it up), and the database may close at once.
    expect(ix.waiting()).toEqual([1, 0]);
    expect(search(again, { text: 'berhenti' }).ids).toEqual([`in:${after}`]);
    again.close();
    integrity(open(file));
  });

  it('indexes 100,000 waiting rows in slices of at most a few thousand rows, the search exact meanwhile', () => {
    const db = open(path());
    seedLog(db, { inbound: 100_000, outbox: 20_000, start: NOW - 60 * DAY, stepMs: 50_000, index: false });
    const t0 = performance.now();
    const wide = { text: RARE_TEXT, from: NOW - 59 * DAY, to: NOW - 50 * DAY };
    const expected = truth(db, wide);
    const found = search(db, wide);
    const tailMs = performance.now() - t0;
    expect(found.ids).toEqual(expected);
    expect(expected.length).toBeGreaterThan(5);

    const slices: IndexSlice[] = [];
    const steps = drain(db, (s) => slices.push(s));
    const rows = slices.reduce((n, s) => n + s.rows, 0);
    expect(rows).toBe(120_000);
    const batches = slices.filter((s) => s.kind === 'index');
    const merges = slices.filter((s) => s.kind === 'merge');
    for (const s of batches) {
      expect(s.rows).toBeLessThanOrEqual(INDEX_MAX_BATCH);
      expect(s.batch).toBeGreaterThanOrEqual(INDEX_MIN_BATCH);
    }
    for (const s of merges) expect(s.batch).toBeLessThanOrEqual(MERGE_MAX_PAGES);
    // At least 120,000 / INDEX_MAX_BATCH batches; each follows its time, so a slow machine only makes more.
    expect(batches.length).toBeGreaterThanOrEqual(Math.ceil(120_000 / INDEX_MAX_BATCH));
    // The batches' segments were folded by the indexer's own merge steps (automerge is off), to the end.
    expect(merges.length).toBeGreaterThan(batches.length);
    for (const t of ['inbound_text_search', 'outbox_text_search']) expect(unfolded(db, t), t).toBe(false);
    expect(steps).toBeLessThanOrEqual(slices.length);
    expect(search(db, wide).ids).toEqual(expected);
    integrity(db);
    const report = (xs: IndexSlice[]) => {
      const ms = xs.map((s) => s.ms).sort((a, b) => a - b);
      return `longest ${ms[ms.length - 1]?.toFixed(1)} ms, p50 ${ms[Math.floor(ms.length / 2)]?.toFixed(1)} ms, total ${ms.reduce((a, b) => a + b, 0).toFixed(0)} ms`;
    };
    console.log(
      `indexed 120,000 rows in ${batches.length} batches (${report(batches)}) and ${merges.length} merge steps (${report(merges)}); ` +
        `a search with 120,000 rows waiting: ${tailMs.toFixed(0)} ms (every page and its total)`,
    );
  });
});
