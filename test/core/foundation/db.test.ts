import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, openDatabase } from '../../../electron/core/db/open';
import { pruneTraffic } from '../../../electron/core/db/retention';
import { createSettingsRepo } from '../../../electron/core/db/settings-repo';
import { AppError } from '../../../electron/core/kernel/errors';
import { tempDir } from '../../helpers/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function fresh() {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('database', () => {
  it('opens with WAL, foreign keys and a busy timeout, and migrates to the latest version', () => {
    const dir = fresh();
    const db = openDatabase(join(dir, 'j.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
    const tables = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as { name: string; sql: string }[];
    for (const name of ['settings', 'inbound_messages', 'outbound_messages', 'outbox_messages', 'forward_attempts']) {
      const t = tables.find((x) => x.name === name);
      expect(t, name).toBeDefined();
      expect(t?.sql).toMatch(/STRICT$/);
    }
    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as { name: string }[]).map(
      (r) => r.name,
    );
    expect(indexes).toEqual(
      expect.arrayContaining([
        'inbound_by_time',
        'inbound_by_phone',
        'inbound_by_status',
        'outbox_by_time',
        'outbox_by_phone',
        'outbox_by_status',
        'outbound_by_time',
        'outbound_by_phone',
        'outbound_by_status',
      ]),
    );
    db.close();
    // Reopening applies nothing and keeps the data.
    const again = openDatabase(join(dir, 'j.db'));
    expect(again.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
    again.close();
  });

  it('STRICT tables refuse a wrong type, and wa_key is unique', () => {
    const db = openDatabase(join(fresh(), 'j.db'));
    const ins = db.prepare(
      `INSERT INTO inbound_messages (wa_key, wa_id, chat_jid, text, wa_timestamp, received_at, expires_at, status) VALUES (?, 'id', 'c', 't', ?, 1, 2, 'queued')`,
    );
    ins.run('k1', 1);
    expect(() => ins.run('k1', 1)).toThrow(/UNIQUE/);
    expect(() => ins.run('k2', 'not a number')).toThrow(/cannot store TEXT value in INTEGER column/);
    db.close();
  });

  it('applies migrations in one transaction: a failing one leaves the database as it was', () => {
    const dir = fresh();
    const db = new Database(join(dir, 'j.db'));
    expect(() =>
      migrate(db, [
        { version: 1, name: '001_a.sql', sql: 'CREATE TABLE a (x INTEGER) STRICT;' },
        { version: 2, name: '002_b.sql', sql: 'CREATE TABLE b (x NOPE_TYPE) STRICT;' },
      ]),
    ).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'a'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a database written by a newer version with a clear error', () => {
    const file = join(fresh(), 'j.db');
    const raw = new Database(file);
    raw.pragma('user_version = 999');
    raw.close();
    let error: unknown;
    try {
      openDatabase(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('DB_TOO_NEW');
    expect((error as Error).message).toMatch(/schema version 999 is newer than this Jembatan understands/);
  });

  it('checks migration numbering', () => {
    const dir = fresh();
    mkdirSync(join(dir, 'm'));
    writeFileSync(join(dir, 'm', '001_a.sql'), 'SELECT 1;');
    writeFileSync(join(dir, 'm', '003_c.sql'), 'SELECT 1;');
    expect(() => loadMigrations(join(dir, 'm'))).toThrow(/expected number 002/);
  });

  it('stores settings as JSON and survives a reopen', () => {
    const file = join(fresh(), 'j.db');
    const db = openDatabase(file);
    createSettingsRepo(db).save({ retentionDays: 30, otomaxDefaultReseller: 'R1' }, 1);
    db.close();
    const db2 = openDatabase(file);
    expect(createSettingsRepo(db2).all()).toEqual({ retentionDays: 30, otomaxDefaultReseller: 'R1' });
    db2.close();
  });

  it('prunes traffic past retention but never a message still in flight', () => {
    const db = openDatabase(join(fresh(), 'j.db'));
    const day = 86_400_000;
    const now = 1000 * day;
    const ins = db.prepare(
      `INSERT INTO inbound_messages (wa_key, wa_id, chat_jid, text, wa_timestamp, received_at, expires_at, status) VALUES (?, 'id', 'c', 't', ?, ?, ?, ?)`,
    );
    const old = now - 100 * day;
    const a = ins.run('old-done', old, old, old + 30_000, 'forwarded').lastInsertRowid;
    ins.run('old-queued', old, old, old + 30_000, 'queued');
    ins.run('new-done', now, now, now + 30_000, 'forwarded');
    db.prepare(`INSERT INTO forward_attempts (inbound_id, attempt, started_at, outcome) VALUES (?, 1, ?, 'ok')`).run(
      a,
      old,
    );
    db.prepare(
      `INSERT INTO outbox_messages (kode, penerima, pesan, raw, received_at, status, report_status, reported_at) VALUES ('1', '62', 'x', '{}', ?, 'sent', 20, NULL), ('2', '62', 'x', '{}', ?, 'sent', 20, ?)`,
    ).run(old, old, old);
    const camp = db.prepare(
      `INSERT INTO qontak_campaigns (id, created_at, channel_integration_id, template_id, template_name, language, total, status) VALUES (?, ?, 'ch', 't', 'T', 'id', 1, ?)`,
    );
    camp.run('old-done', old, 'done');
    camp.run('old-running', old, 'running');
    db.prepare(
      `INSERT INTO qontak_recipients (campaign_id, row_no, phone, name, params, status, updated_at) VALUES ('old-done', 1, '62811', 'A', '[]', 'read', ?)`,
    ).run(old);
    const r = pruneTraffic(db, now - 90 * day);
    expect(r).toEqual({ inbound: 1, outbound: 0, outbox: 1, attempts: 1, campaigns: 1 });
    expect(db.prepare('SELECT id FROM qontak_campaigns').all()).toEqual([{ id: 'old-running' }]);
    expect(db.prepare('SELECT count(*) AS n FROM qontak_recipients').get()).toEqual({ n: 0 });
    const left = (db.prepare('SELECT wa_key FROM inbound_messages ORDER BY id').all() as { wa_key: string }[]).map(
      (x) => x.wa_key,
    );
    expect(left).toEqual(['old-queued', 'new-done']);
    // The unreported outbox row stays: OtomaX has not yet been told.
    expect(db.prepare('SELECT kode FROM outbox_messages').all()).toEqual([{ kode: '1' }]);
    db.close();
  });
});
