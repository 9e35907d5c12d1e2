import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { FlowFilter } from '../../../shared/dto';
import { loadMigrations, openDatabase, type Db } from '../../../electron/core/db/open';
import { createSearchIndexRepo } from '../../../electron/core/forwarder/search-index-repo';
import { RARE_TEXT, resellerPhone } from '../../helpers/seed-log';
import { databaseAtVersion, flowResults, indexMatches } from '../../helpers/flow-results';
import { tempDir } from '../../helpers/tmp';

// Migration 009 (issue 15): the insert triggers that indexed every message's text inside its commit go; the rows
// are indexed in the background past a watermark. A database written before it, with rows, keeps every search
// result, and the watermark starts at the newest row so nothing already indexed is indexed again or lost.
const START = Date.UTC(2026, 0, 1);
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function file(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return join(t.dir, 'j.db');
}

const TEXTS: FlowFilter[] = [
  { text: RARE_TEXT },
  { text: 'SAL.' },
  { text: 'S5.0811' },
  { text: 'SUKSES' },
  { text: 'R#1' },
  { text: 'tidak ada teks ini' },
  { text: 'S5.', phone: resellerPhone(12) },
  { text: RARE_TEXT, status: 'forwarded', direction: 'in' },
  { text: 'SUKSES', from: START + 600_000, to: START + 1_800_000 },
];

const textMatches = (db: Db) =>
  indexMatches(db, {
    inbound_text_search: ['"tol" AND "ong"', '"SAL"', '"S5."', `"${RARE_TEXT.slice(0, 3)}"`],
    outbox_text_search: ['"SUK"', '"R#1" AND "SN:"', '"xyz"'],
  });

/** Migrations up to 009 only: what 009 made (later ones have their own tests). */
const upTo009 = () => loadMigrations().filter((m) => m.version <= 9);
const maxId = (db: Db, table: string) => (db.prepare(`SELECT max(id) AS n FROM ${table}`).get() as { n: number }).n;

describe('migration 009: the text index off the write path', () => {
  it('migrates a database of the versions before it with rows in place: same searches, watermark at the newest row', () => {
    const path = file();
    const old = databaseAtVersion(path, 8, { start: START, inbound: 3_000 });
    const before = flowResults(old, TEXTS);
    const indexBefore = textMatches(old);
    old.close();
    expect(before[JSON.stringify({ text: RARE_TEXT })]?.ids.length).toBeGreaterThan(0);
    expect(before[JSON.stringify({ text: 'SUKSES' })]?.ids.length).toBeGreaterThan(1_000);
    expect(before[JSON.stringify({ text: 'tidak ada teks ini' })]?.ids).toEqual([]);

    const db = openDatabase(path, upTo009());
    expect(db.pragma('user_version', { simple: true })).toBe(9);
    const repo = createSearchIndexRepo(db);
    expect(repo.watermark('inbound_text_search')).toBe(maxId(db, 'inbound_messages'));
    expect(repo.watermark('outbox_text_search')).toBe(maxId(db, 'outbox_messages'));
    expect([repo.waiting(0), repo.waiting(1)]).toEqual([0, 0]);
    expect(flowResults(db, TEXTS)).toEqual(before);
    expect(textMatches(db)).toEqual(indexBefore);
    for (const t of ['inbound_text_search', 'outbox_text_search'])
      db.exec(`INSERT INTO ${t} (${t}) VALUES ('integrity-check')`);
    db.close();
  });

  it('leaves a new row out of the index until the indexer takes it, and the search finds it all along', () => {
    const path = file();
    databaseAtVersion(path, 8, { start: START, inbound: 3_000 }).close();
    const db = openDatabase(path, upTo009());
    const id = Number(
      db
        .prepare(
          `INSERT INTO inbound_messages (wa_key, wa_id, chat_jid, sender_phone, text, wa_timestamp, received_at, expires_at, status)
           VALUES ('default|x||Z1', 'Z1', 'x', '6289998887776', 'kata unikqwz', 1, ?, 2, 'forwarded')`,
        )
        .run(START + 20_000).lastInsertRowid,
    );
    // The insert wrote nothing into the index (before 009 its trigger did, inside the same commit).
    expect(indexMatches(db, { inbound_text_search: ['"qwz"'] })).toEqual({ 'inbound_text_search "qwz"': [] });
    expect(flowResults(db, [{ text: 'unikqwz' }])).toEqual({
      [JSON.stringify({ text: 'unikqwz' })]: { ids: [`in:${id}`], total: 1 },
    });
    const repo = createSearchIndexRepo(db);
    expect(repo.indexBatch(0, 100)).toBe(1);
    expect(indexMatches(db, { inbound_text_search: ['"qwz"'] })).toEqual({ 'inbound_text_search "qwz"': [id] });
    expect(flowResults(db, [{ text: 'unikqwz' }])[JSON.stringify({ text: 'unikqwz' })]?.ids).toEqual([`in:${id}`]);
    db.close();
    // The schema says it too: no trigger indexes a row past the watermark.
    const raw = new Database(path);
    const triggers = raw
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%text_search%'")
      .all() as { name: string; sql: string }[];
    expect(triggers.length).toBe(6);
    for (const t of triggers) expect(t.sql).toMatch(/WHEN (new|old)\.id <= \(SELECT upto FROM search_watermarks/);
    raw.close();
  });
});
