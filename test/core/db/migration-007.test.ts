import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { FlowFilter } from '../../../shared/dto';
import { loadMigrations, openDatabase, type Db } from '../../../electron/core/db/open';
import { RARE_TEXT, resellerPhone } from '../../helpers/seed-log';
import { databaseAtVersion, flowResults, indexMatches } from '../../helpers/flow-results';
import { tempDir } from '../../helpers/tmp';

// Migration 007 (issue 15): the trigram indexes without per-row token counts, the (number, time) indexes gone. It
// runs in place on a database written by 001-006 holding rows: same rows, and every search finds the same rows.
const START = Date.UTC(2026, 0, 1);
const FTS = ['inbound_text_search', 'inbound_phone_search', 'outbox_text_search', 'outbox_phone_search'];
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** Migrations up to 007: this test is about 007; migration 008 (the phone indexes gone) has its own. */
const upTo007 = () => loadMigrations().filter((m) => m.version <= 7);

function file(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return join(t.dir, 'j.db');
}

/** A database as Jembatan left it before 007: migrations 001-006, two numbers, a log of a few thousand messages. */
function databaseOf006(path: string): void {
  const db = databaseAtVersion(path, 6, { start: START, inbound: 3_000 });
  db.prepare(
    "INSERT INTO wa_numbers (id, name, kode_terminal, is_primary, created_at, updated_at) VALUES ('n2', 'Cadangan', 7, 0, 1, 1)",
  ).run();
  db.prepare("UPDATE inbound_messages SET session_id = 'n2' WHERE id % 5 = 0").run();
  db.prepare("UPDATE outbound_messages SET session_id = 'n2' WHERE outbox_id % 4 = 0").run();
  db.close();
}

const FILTERS: FlowFilter[] = [
  {},
  { text: RARE_TEXT },
  { text: 'SAL.' },
  { text: 'SUKSES' },
  { text: 'tidak ada teks ini' },
  { phone: resellerPhone(7) },
  { phone: `0${resellerPhone(11).slice(2)}` },
  { phone: resellerPhone(3).slice(5) },
  { text: 'S5.', phone: resellerPhone(12) },
  { number: 'n2' },
  { number: 'default', status: 'failed' },
  { number: 'n2', text: 'SAL.' },
  { number: 'n2', direction: 'outbox' },
  { status: '42', from: START + 500_000, to: START + 2_500_000 },
];

const searches = (db: Db) => flowResults(db, FILTERS);

/** What each trigram index finds for a few words and phone fragments, straight from the index. */
const matches = (db: Db) =>
  indexMatches(db, {
    inbound_text_search: ['"tol" AND "ong"', '"SAL"', '"S5."', '"999"'],
    inbound_phone_search: ['"810" AND "007"', '"000"', '"628"'],
    outbox_text_search: ['"SUK"', '"R#1" AND "SN:"', '"xyz"'],
    outbox_phone_search: ['"810" AND "012"', '"628"'],
  });

function tableRows(db: Db): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const t of ['inbound_messages', 'outbox_messages', 'outbound_messages', 'flow_counts', 'wa_numbers']) {
    out[t] = db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all();
  }
  return out;
}

const names = (db: Db, type: string) =>
  (db.prepare('SELECT name FROM sqlite_master WHERE type = ? ORDER BY name').all(type) as { name: string }[]).map(
    (r) => r.name,
  );

describe('migration 007: the log on disk', () => {
  it('migrates a 006 database with rows in place: same rows, same search results, smaller indexes', () => {
    const path = file();
    databaseOf006(path);
    const old = new Database(path);
    const rowsBefore = tableRows(old);
    const searchBefore = searches(old);
    const matchBefore = matches(old);
    expect(names(old, 'table')).toEqual(expect.arrayContaining(['inbound_text_search_docsize']));
    old.close();
    // Each search found something (or, for the words that are not there, nothing), so "the same" means something.
    expect(searchBefore[JSON.stringify({ text: RARE_TEXT })]?.ids.length).toBeGreaterThan(0);
    expect(searchBefore[JSON.stringify({ text: 'tidak ada teks ini' })]?.ids).toEqual([]);
    expect(searchBefore[JSON.stringify({ number: 'n2' })]?.ids.length).toBeGreaterThan(500);
    expect(matchBefore['inbound_phone_search "810" AND "007"']?.length).toBeGreaterThan(0);

    const db = openDatabase(path, upTo007());
    expect(db.pragma('user_version', { simple: true })).toBe(7);
    expect(tableRows(db)).toEqual(rowsBefore);
    expect(searches(db)).toEqual(searchBefore);
    expect(matches(db)).toEqual(matchBefore);
    // No per-row token counts, no (number, time) indexes; the (number, status, time) ones stay.
    const tables = names(db, 'table');
    for (const t of FTS) {
      expect(tables).toContain(t);
      expect(tables).not.toContain(`${t}_docsize`);
    }
    const indexes = names(db, 'index');
    expect(indexes).not.toContain('inbound_by_number');
    expect(indexes).not.toContain('outbox_by_number');
    expect(indexes).toEqual(expect.arrayContaining(['inbound_by_number_status', 'outbox_by_number_status']));
    for (const t of FTS) db.exec(`INSERT INTO ${t} (${t}) VALUES ('integrity-check')`);
    db.close();
  });

  it('keeps the new indexes in step with inserts, updates and deletes (the triggers are back)', () => {
    const path = file();
    databaseOf006(path);
    const db = openDatabase(path, upTo007());
    const find = (table: string, q: string) =>
      (db.prepare(`SELECT rowid AS id FROM ${table} WHERE ${table} MATCH ?`).all(q) as { id: number }[]).map(
        (r) => r.id,
      );
    const id = Number(
      db
        .prepare(
          `INSERT INTO inbound_messages (wa_key, wa_id, chat_jid, sender_phone, text, wa_timestamp, received_at, expires_at, status)
           VALUES ('default|x||Z1', 'Z1', 'x', '6289998887776', 'kata unikqwz', 1, ?, 2, 'forwarded')`,
        )
        .run(START + 9_000_000).lastInsertRowid,
    );
    expect(find('inbound_text_search', '"qwz"')).toEqual([id]);
    expect(find('inbound_phone_search', '"998" AND "776"')).toEqual([id]);
    db.prepare("UPDATE inbound_messages SET text = 'lain zzq', sender_phone = '6281112223334' WHERE id = ?").run(id);
    expect(find('inbound_text_search', '"qwz"')).toEqual([]);
    expect(find('inbound_text_search', '"zzq"')).toEqual([id]);
    expect(find('inbound_phone_search', '"998" AND "776"')).toEqual([]);
    const box = Number(
      db
        .prepare(
          `INSERT INTO outbox_messages (kode, penerima, pesan, raw, received_at, status) VALUES ('K-z', '6287776665554', 'pesan vvkq', '{}', ?, 'sent')`,
        )
        .run(START + 9_000_000).lastInsertRowid,
    );
    expect(find('outbox_text_search', '"vkq"')).toEqual([box]);
    expect(find('outbox_phone_search', '"776" AND "554"')).toEqual([box]);
    db.prepare('DELETE FROM inbound_messages WHERE id = ?').run(id);
    db.prepare('DELETE FROM outbox_messages WHERE id = ?').run(box);
    expect(find('inbound_text_search', '"zzq"')).toEqual([]);
    expect(find('outbox_text_search', '"vkq"')).toEqual([]);
    expect(find('outbox_phone_search', '"776" AND "554"')).toEqual([]);
    for (const t of FTS) db.exec(`INSERT INTO ${t} (${t}) VALUES ('integrity-check')`);
    db.close();
  });
});
