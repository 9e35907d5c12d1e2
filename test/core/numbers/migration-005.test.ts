import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, openDatabase, type Db } from '../../../electron/core/db/open';
import { tempDir } from '../../helpers/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function file(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return join(t.dir, 'j.db');
}

/** Every table's rows (as JSON), and every schema object's SQL, except what 005 adds. */
function snapshot(db: Db): { schema: Record<string, string | null>; rows: Record<string, unknown[]> } {
  const objects = db
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { type: string; name: string; sql: string | null }[];
  const schema: Record<string, string | null> = {};
  const rows: Record<string, unknown[]> = {};
  for (const o of objects) {
    if (o.name.startsWith('wa_numbers')) continue;
    schema[`${o.type}:${o.name}`] = o.sql;
    // FTS shadow tables and virtual tables are covered by their content tables and the schema text.
    if (o.type === 'table' && !/VIRTUAL/i.test(o.sql ?? '') && !/_search_/.test(o.name)) {
      rows[o.name] = db.prepare(`SELECT * FROM "${o.name}" ORDER BY rowid`).all();
    }
  }
  return { schema, rows };
}

/** A database exactly as today's Jembatan leaves it: migrations 001-004, one linked session, traffic. */
function todaysDatabase(path: string): Db {
  const all = loadMigrations();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  migrate(
    db,
    all.filter((m) => m.version <= 4),
  );
  expect(db.pragma('user_version', { simple: true })).toBe(4);
  const linkedAt = Date.UTC(2026, 0, 5, 8, 0, 0);
  db.prepare("INSERT INTO wa_auth_creds (session_id, value, updated_at) VALUES ('default', ?, ?)").run(
    Buffer.from('sealed-creds'),
    linkedAt,
  );
  db.prepare(
    "INSERT INTO wa_auth_keys (session_id, type, id, value) VALUES ('default', 'pre-key', '1', ?), ('default', 'session', '6281@s.whatsapp.net', ?)",
  ).run(Buffer.from('k1'), Buffer.from('k2'));
  db.prepare(
    "INSERT INTO wa_lid_map (session_id, lid, phone, updated_at) VALUES ('default', '123456789@lid', '6281234567890', ?)",
  ).run(linkedAt);
  db.prepare(
    "INSERT INTO wa_meta (session_id, key, value, updated_at) VALUES ('default', 'waVersion', '2.3000.1', ?)",
  ).run(linkedAt);
  db.prepare(
    `INSERT INTO inbound_messages (session_id, wa_key, wa_id, chat_jid, sender_phone, text, wa_timestamp, received_at, expires_at, status, kode_inbox)
     VALUES ('default', 'default|6281@s.whatsapp.net||A1', 'A1', '6281@s.whatsapp.net', '6281234567890', 'S10.0812.1234', 1, 2, 3, 'forwarded', 77)`,
  ).run();
  db.prepare(
    `INSERT INTO outbox_messages (kode, penerima, pesan, raw, received_at, status) VALUES ('9001', '6281234567890', 'Trx sukses', '{}', 5, 'sent')`,
  ).run();
  db.prepare(
    `INSERT INTO outbound_messages (session_id, to_phone, to_jid, text, kind, inbound_id, wa_id, status, created_at)
     VALUES ('default', '6281234567890', '6281@s.whatsapp.net', 'Trx diproses', 'auto_reply', 1, '3EB0AA', 'sent', 4)`,
  ).run();
  db.prepare(
    "INSERT INTO settings (key, value, updated_at) VALUES ('otomaxDefaultKodeTerminal', '3', 1), ('state.forwarding', 'true', 1)",
  ).run();
  return db;
}

describe('migration 005: numbers', () => {
  it('moves a single-number installation over: the linked session becomes the primary, nothing else changes', () => {
    const path = file();
    const before = todaysDatabase(path);
    const snap = snapshot(before);
    before.close();

    // Up to 005 only: what later migrations add (006: the outbox's number column) is theirs to test.
    const db = openDatabase(
      path,
      loadMigrations().filter((m) => m.version <= 5),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    const rows = db.prepare('SELECT * FROM wa_numbers').all();
    expect(rows).toEqual([
      {
        id: 'default',
        name: 'Nomor utama',
        kode_terminal: null,
        is_primary: 1,
        fallback_number_id: null,
        default_reseller: null,
        forward_incoming: null,
        forward_outgoing: null,
        forward_groups: null,
        forward_media: null,
        auto_reply: null,
        // Linked since its first saved credentials.
        created_at: Date.UTC(2026, 0, 5, 8, 0, 0),
        updated_at: expect.any(Number),
        removed_at: null,
      },
    ]);
    // The session's auth state, LID map, meta, log rows and settings are untouched: no re-pairing.
    expect(snapshot(db)).toEqual(snap);
    // And the primary's auth is still found under its number id.
    expect(
      db
        .prepare(
          'SELECT count(*) AS n FROM wa_auth_keys WHERE session_id = (SELECT id FROM wa_numbers WHERE is_primary = 1)',
        )
        .get(),
    ).toEqual({ n: 2 });
    db.close();
  });

  it('a fresh installation starts with the primary number too', () => {
    const db = openDatabase(file());
    const row = db.prepare('SELECT id, is_primary, created_at FROM wa_numbers').get() as {
      id: string;
      is_primary: number;
      created_at: number;
    };
    expect(row.id).toBe('default');
    expect(row.is_primary).toBe(1);
    expect(Math.abs(row.created_at - Date.now())).toBeLessThan(5_000);
    db.close();
  });

  it('refuses two live numbers on one terminal and a second primary; a removed number frees its terminal', () => {
    const db = openDatabase(file());
    const ins = db.prepare(
      'INSERT INTO wa_numbers (id, name, kode_terminal, is_primary, created_at, updated_at, removed_at) VALUES (?, ?, ?, ?, 1, 1, ?)',
    );
    ins.run('a', 'A', 2, 0, null);
    expect(() => ins.run('b', 'B', 2, 0, null)).toThrow(/UNIQUE/);
    expect(() => ins.run('c', 'C', 3, 1, null)).toThrow(/UNIQUE/);
    expect(() => ins.run('d', 'D', 4, 1, 5)).toThrow(/CHECK/);
    db.prepare("UPDATE wa_numbers SET removed_at = 9 WHERE id = 'a'").run();
    expect(() => ins.run('b', 'B', 2, 0, null)).not.toThrow();
    expect(() => db.prepare("UPDATE wa_numbers SET fallback_number_id = 'b' WHERE id = 'b'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE wa_numbers SET fallback_number_id = 'zz' WHERE id = 'b'").run()).toThrow(
      /FOREIGN KEY/,
    );
    db.close();
  });
});
