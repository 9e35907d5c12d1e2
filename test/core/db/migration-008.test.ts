import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { FlowFilter } from '../../../shared/dto';
import { loadMigrations, openDatabase, type Db } from '../../../electron/core/db/open';
import { phoneNeedle } from '../../../electron/core/forwarder/flow-scan-repo';
import { RARE_TEXT, resellerPhone } from '../../helpers/seed-log';
import { createFlowQuery } from '../../../electron/core/forwarder/flow-query';
import { createInboundRepo } from '../../../electron/core/forwarder/inbound-repo';
import { databaseAtVersion, flowResults, indexMatches } from '../../helpers/flow-results';
import { tempDir } from '../../helpers/tmp';
import { legacyFlow } from '../forwarder/legacy-flow';

// Migration 008 (issue 15): the phone trigram indexes and their triggers go, in place, on a database written by
// 001-007 holding rows; the text indexes stay exactly as they were, and every phone search finds the same rows.
const START = Date.UTC(2026, 0, 1);
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function file(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return join(t.dir, 'j.db');
}

/** A database as Jembatan left it before 008: migrations 001-007 and a log of a few thousand messages. */
function databaseOf007(path: string): void {
  const db = databaseAtVersion(path, 7, { start: START, inbound: 3_000 });
  db.close();
}

/** Migrations up to 008 only: what 008 made (009 moved the text indexing off the insert, its own test). */
const upTo008 = () => loadMigrations().filter((m) => m.version <= 8);

const p7 = resellerPhone(7);
/** Every phone form the flow accepts, and a few that combine the phone with other filters. */
const PHONES: FlowFilter[] = [
  { phone: p7 },
  { phone: `0${p7.slice(2)}` },
  { phone: `+62 ${p7.slice(2, 5)}-${p7.slice(5, 9)}-${p7.slice(9)}` },
  { phone: `62${p7.slice(2, 7)}` },
  { phone: `0${p7.slice(2, 7)}` },
  { phone: p7.slice(6) },
  { phone: '62' },
  { phone: '99999999' },
  { phone: resellerPhone(11), direction: 'outbox' },
  { phone: resellerPhone(12), text: 'S5.' },
  { phone: resellerPhone(3), status: 'forwarded' },
];

const searches = (db: Db) => flowResults(db, PHONES);

/** What each text index finds for a few words, straight from the index. */
const textMatches = (db: Db) =>
  indexMatches(db, {
    inbound_text_search: ['"tol" AND "ong"', '"SAL"', '"S5."', `"${RARE_TEXT.slice(0, 3)}"`],
    outbox_text_search: ['"SUK"', '"R#1" AND "SN:"', '"xyz"'],
  });

const schema = (db: Db, type: string) =>
  db.prepare('SELECT name, sql FROM sqlite_master WHERE type = ? ORDER BY name').all(type) as {
    name: string;
    sql: string;
  }[];

describe('migration 008: no phone trigram indexes', () => {
  it('migrates a 007 database with rows in place: same phone searches, same text index, phone indexes gone', () => {
    const path = file();
    databaseOf007(path);
    const old = new Database(path);
    const before = searches(old);
    const textBefore = textMatches(old);
    const textTriggers = schema(old, 'trigger').filter((t) => t.name.includes('text_search_au'));
    expect(textTriggers.map((t) => t.name)).toEqual(['inbound_text_search_au', 'outbox_text_search_au']);
    const rows = old.prepare('SELECT count(*) AS n FROM inbound_messages').get() as { n: number };
    old.close();
    // The searches found rows (or none for a phone that is not there), so "the same" means something.
    expect(before[JSON.stringify({ phone: p7 })]?.ids.length).toBeGreaterThan(5);
    expect(before[JSON.stringify({ phone: '62' })]?.ids.length).toBeGreaterThan(2_000);
    expect(before[JSON.stringify({ phone: '99999999' })]?.ids).toEqual([]);

    const db = openDatabase(path, upTo008());
    expect(db.pragma('user_version', { simple: true })).toBe(8);
    expect(db.prepare('SELECT count(*) AS n FROM inbound_messages').get()).toEqual(rows);
    expect(searches(db)).toEqual(before);
    expect(textMatches(db)).toEqual(textBefore);
    // And what the old union query (LIKE on every row) finds for the same digits ("0812" partial is "62812").
    const legacy = legacyFlow(db);
    for (const f of PHONES) {
      expect(before[JSON.stringify(f)]?.ids).toEqual(
        legacy
          .select({ ...f, phone: phoneNeedle(f.phone ?? '') }, null, null)
          .rows.map((r) => (typeof r.id === 'string' ? r.id : `${r.direction}:${r.id}`)),
      );
    }
    const tables = schema(db, 'table').map((t) => t.name);
    expect(tables.filter((t) => t.includes('phone_search'))).toEqual([]);
    expect(tables).toEqual(expect.arrayContaining(['inbound_text_search', 'outbox_text_search']));
    const triggers = schema(db, 'trigger');
    expect(triggers.filter((t) => /phone_search/.test(t.sql))).toEqual([]);
    expect(triggers.filter((t) => t.name.includes('text_search_au'))).toEqual(textTriggers);
    for (const t of ['inbound_text_search', 'outbox_text_search'])
      db.exec(`INSERT INTO ${t} (${t}) VALUES ('integrity-check')`);
    db.close();
  });

  it('keeps the text indexes in step with inserts, updates and deletes', () => {
    const path = file();
    databaseOf007(path);
    const db = openDatabase(path, upTo008());
    const find = (table: string, q: string) =>
      (db.prepare(`SELECT rowid AS id FROM ${table} WHERE ${table} MATCH ?`).all(q) as { id: number }[]).map(
        (r) => r.id,
      );
    const flow = createFlowQuery(db, createInboundRepo(db));
    const id = Number(
      db
        .prepare(
          `INSERT INTO inbound_messages (wa_key, wa_id, chat_jid, sender_phone, text, wa_timestamp, received_at, expires_at, status)
           VALUES ('default|x||Z1', 'Z1', 'x', '6289998887776', 'kata unikqwz', 1, ?, 2, 'forwarded')`,
        )
        .run(START + 9_000_000).lastInsertRowid,
    );
    expect(find('inbound_text_search', '"qwz"')).toEqual([id]);
    expect(flow.page({ phone: '089998887776' }, null, 10).rows.map((r) => r.id)).toEqual([`in:${id}`]);
    db.prepare("UPDATE inbound_messages SET text = 'lain zzq', sender_phone = '6281112223334' WHERE id = ?").run(id);
    expect(find('inbound_text_search', '"qwz"')).toEqual([]);
    expect(find('inbound_text_search', '"zzq"')).toEqual([id]);
    const box = Number(
      db
        .prepare(
          `INSERT INTO outbox_messages (kode, penerima, pesan, raw, received_at, status) VALUES ('K-z', '6287776665554', 'pesan vvkq', '{}', ?, 'sent')`,
        )
        .run(START + 9_000_000).lastInsertRowid,
    );
    expect(find('outbox_text_search', '"vkq"')).toEqual([box]);
    db.prepare('DELETE FROM inbound_messages WHERE id = ?').run(id);
    db.prepare('DELETE FROM outbox_messages WHERE id = ?').run(box);
    expect(find('inbound_text_search', '"zzq"')).toEqual([]);
    expect(find('outbox_text_search', '"vkq"')).toEqual([]);
    for (const t of ['inbound_text_search', 'outbox_text_search'])
      db.exec(`INSERT INTO ${t} (${t}) VALUES ('integrity-check')`);
    db.close();
  });
});
