import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowFilter, FlowRow } from '../../../shared/dto';
import { loadMigrations, migrate, openDatabase, type Db } from '../../../electron/core/db/open';
import { createFlowNumbersRepo } from '../../../electron/core/forwarder/flow-numbers-repo';
import { createFlowQuery, type FlowQuery } from '../../../electron/core/forwarder/flow-query';
import { createInboundRepo } from '../../../electron/core/forwarder/inbound-repo';
import { createSnapshotQuery } from '../../../electron/core/metrics/snapshot';
import { RARE_TEXT, resellerPhone, seedLog } from '../../helpers/seed-log';
import { tempDir } from '../../helpers/tmp';

// Which WhatsApp number each message used (issue 17): the live flow's rows, its filter by number, the CSV, the
// detail and Status's per-number counters, over a real database with two numbers.
const START = Date.UTC(2026, 0, 1);
let db: Db;
let flow: FlowQuery;
const cleanups: (() => void)[] = [];

beforeAll(() => {
  const t = tempDir();
  cleanups.push(t.cleanup);
  db = openDatabase(join(t.dir, 'j.db'));
  seedLog(db, { inbound: 6_000, outbox: 3_000, start: START, stepMs: 1000, resellers: 200 });
  db.prepare(
    "INSERT INTO wa_numbers (id, name, kode_terminal, is_primary, created_at, updated_at) VALUES ('n2', 'Cadangan', 7, 0, 1, 1)",
  ).run();
  // One message in seven arrived on the second number; one outbox message in three is sent by it (its outbound row
  // says so: the trigger of migration 006 carries it to the outbox row).
  db.prepare("UPDATE inbound_messages SET session_id = 'n2' WHERE id % 7 = 0").run();
  db.prepare("UPDATE outbound_messages SET session_id = 'n2' WHERE outbox_id % 3 = 0").run();
  flow = createFlowQuery(db, createInboundRepo(db));
});
afterAll(() => {
  db.close();
  cleanups.forEach((c) => c());
});

/** Every row of a filter, following the cursor page by page (bounded). */
function allRows(filter: FlowFilter, limit = 500): FlowRow[] {
  const rows: FlowRow[] = [];
  let before: string | null = null;
  for (let i = 0; i < 1_000; i++) {
    const p = flow.page(filter, before, limit);
    rows.push(...p.rows);
    before = p.nextCursor;
    if (!before) break;
  }
  return rows;
}

const plan = (sql: string, ...params: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');

describe('live flow: which number each message used', () => {
  it('names the number on every row: inbound the one it arrived on, outbox the one that sends it', () => {
    const rows = allRows({});
    expect(rows.length).toBe(9_000);
    const inbound = rows.filter((r) => r.direction === 'in');
    for (const r of inbound) {
      const n = Number(r.id.slice(3));
      expect(r.numberId).toBe(n % 7 === 0 ? 'n2' : 'default');
      expect(r.numberName).toBe(n % 7 === 0 ? 'Cadangan' : 'Nomor utama');
    }
    const outbox = rows.filter((r) => r.direction === 'outbox');
    for (const r of outbox) expect(r.numberName).toBe(Number(r.id.slice(7)) % 3 === 0 ? 'Cadangan' : 'Nomor utama');
  });

  it.each<FlowFilter>([
    { number: 'n2' },
    { number: 'default' },
    { number: 'n2', direction: 'outbox' },
    { number: 'n2', status: 'forwarded' },
    { number: 'n2', status: '21' },
    { number: 'n2', phone: resellerPhone(7) },
    { number: 'default', text: 'SAL.' },
    { number: 'n2', from: START + 1_000_000, to: START + 3_000_000 },
    // Migration 007: a number without a status is read one status at a time; these take each path of a search.
    { number: 'n2', text: RARE_TEXT },
    { number: 'n2', text: 'S5.' },
    { number: 'n2', text: 'SAL.', from: START + 500_000 },
    { number: 'n2', status: 'sender_unknown' },
    { number: 'default', status: '42', text: 'S1' },
    { number: 'default', status: 'sender_unknown', text: 'S1' },
    { number: 'n2', status: 'sender_unknown', from: START + 1_000_000 },
  ])('filters by number, page by page, exactly the rows of the unfiltered log with that number: %j', (filter) => {
    const { number, ...rest } = filter;
    const want = allRows(rest).filter((r) => r.numberId === number);
    for (const limit of [37, 500]) {
      const got = allRows(filter, limit);
      expect(got.map((r) => r.id)).toEqual(want.map((r) => r.id));
    }
    expect(want.length).toBeGreaterThan(0);
    expect(flow.page(filter).total).toBe(want.length);
  });

  it('a number nobody used has no rows', () => {
    expect(flow.page({ number: 'nope' })).toMatchObject({ rows: [], total: 0, nextCursor: null });
  });

  it('walks an index in time order for a number filter (no scan, no sort) in pages and counts', () => {
    // A number's page is its (number, status, time) index read one status at a time (migration 007), each in order.
    const inPage = plan(
      'SELECT t.id FROM inbound_messages t WHERE t.session_id = ? AND (t.received_at, t.id) <= (?, ?) AND t.status = ? ORDER BY t.received_at DESC, t.id DESC LIMIT 100',
      'n2',
      START + 5_000_000,
      10,
      'forwarded',
    );
    expect(inPage).toMatch(/USING (COVERING )?INDEX inbound_by_number_status/);
    expect(inPage).not.toMatch(/TEMP B-TREE/);
    const boxPage = plan(
      'SELECT t.id FROM outbox_messages t WHERE t.number_id = ? AND (t.received_at, t.id) <= (?, ?) AND t.status = ? ORDER BY t.received_at DESC, t.id DESC LIMIT 100',
      'n2',
      START + 5_000_000,
      10,
      'sent',
    );
    expect(boxPage).toMatch(/USING (COVERING )?INDEX outbox_by_number_status/);
    expect(boxPage).not.toMatch(/TEMP B-TREE/);
    expect(
      plan('SELECT count(*) FROM (SELECT 1 FROM outbox_messages t WHERE t.number_id = ? LIMIT 10001)', 'n2'),
    ).toMatch(/INDEX outbox_by_number/);
    // The statuses a number has rows in: one seek each on the same index.
    expect(
      plan('SELECT status FROM inbound_messages WHERE session_id = ? AND status > ? ORDER BY status LIMIT 1', 'n2', ''),
    ).toMatch(
      /^SEARCH inbound_messages USING COVERING INDEX inbound_by_number_status \(session_id=\? AND status>\?\)$/,
    );
    expect(
      plan('SELECT status FROM outbox_messages WHERE number_id = ? AND status > ? ORDER BY status LIMIT 1', 'n2', ''),
    ).toMatch(/^SEARCH outbox_messages USING COVERING INDEX outbox_by_number_status \(number_id=\? AND status>\?\)$/);
    // A number with a status counts on an index alone, not row by row in the table.
    expect(
      plan(
        'SELECT count(*) FROM (SELECT 1 FROM inbound_messages t WHERE t.session_id = ? AND t.status = ? LIMIT 10001)',
        'n2',
        'forwarded',
      ),
    ).toMatch(/USING COVERING INDEX inbound_by_number_status/);
    expect(
      plan(
        'SELECT count(*) FROM (SELECT 1 FROM outbox_messages t WHERE t.number_id = ? AND t.status = ? LIMIT 10001)',
        'n2',
        'sent',
      ),
    ).toMatch(/USING COVERING INDEX outbox_by_number_status/);
    // And the pages stay quick: the slowest of 20 first pages and counts for the rarer number.
    let worst = 0;
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      flow.page({ number: 'n2' }, null, 100);
      worst = Math.max(worst, performance.now() - t0);
    }
    expect(worst).toBeLessThan(50);
  });

  it('an outbox message follows its outbound row to another number (a fallback) and has none without one', () => {
    const box = db.prepare('SELECT id FROM outbox_messages WHERE id % 3 = 1 ORDER BY id LIMIT 1').get() as {
      id: number;
    };
    expect(flow.row('outbox', box.id)?.numberId).toBe('default');
    db.prepare("UPDATE outbound_messages SET session_id = 'n2' WHERE outbox_id = ?").run(box.id);
    expect(flow.row('outbox', box.id)).toMatchObject({ numberId: 'n2', numberName: 'Cadangan' });
    db.prepare("UPDATE outbound_messages SET session_id = 'default' WHERE outbox_id = ?").run(box.id);
    const lone = db
      .prepare(
        "INSERT INTO outbox_messages (kode, penerima, pesan, raw, received_at, status) VALUES ('LONG1', '6281299', 'x', '{}', ?, 'too_long')",
      )
      .run(START + 9_999_000);
    expect(flow.row('outbox', Number(lone.lastInsertRowid))).toMatchObject({ numberId: null, numberName: null });
    db.prepare('DELETE FROM outbox_messages WHERE id = ?').run(lone.lastInsertRowid);
  });

  it('the detail names the number, and a removed number keeps its name', () => {
    const id = (db.prepare('SELECT max(id) AS id FROM inbound_messages WHERE id % 7 = 0').get() as { id: number }).id;
    expect(flow.detail(`in:${id}`).row).toMatchObject({ numberId: 'n2', numberName: 'Cadangan' });
    db.prepare("UPDATE wa_numbers SET removed_at = 5 WHERE id = 'n2'").run();
    expect(flow.detail(`in:${id}`).row.numberName).toBe('Cadangan');
    db.prepare("UPDATE wa_numbers SET removed_at = NULL WHERE id = 'n2'").run();
  });

  it('the CSV has a localized column with the number name', async () => {
    const id = await flow.exportCsv({ number: 'n2' }, 40, { lang: 'id', separator: ';' });
    const [head, ...lines] = id.csv.slice(1).trimEnd().split('\r\n');
    expect(head?.split(';').at(-1)).toBe('Nomor WhatsApp');
    expect(lines.length).toBe(40);
    for (const l of lines) expect(l.split(';').at(-1)).toBe('Cadangan');
    const en = await flow.exportCsv({}, 5);
    expect(en.csv.split('\r\n')[0]?.split(',').at(-1)).toBe('whatsapp_number');
    expect(en.csv.split('\r\n')[1]?.split(',').at(-1)).toMatch(/^(Nomor utama|Cadangan)$/);
  });
});

describe('Status: today per number', () => {
  it('counts what each number received and sent today, live numbers first, a removed one with traffic after', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const d = openDatabase(join(t.dir, 's.db'));
    const now = Date.now();
    const ins = d.prepare(
      `INSERT INTO inbound_messages (session_id, wa_key, wa_id, chat_jid, sender_phone, text, wa_timestamp, received_at, expires_at, status)
       VALUES (?, ?, ?, '6281@s.whatsapp.net', '6281', 'S10', 1, ?, ?, 'forwarded')`,
    );
    const out = d.prepare(
      `INSERT INTO outbound_messages (session_id, to_phone, to_jid, text, kind, wa_id, status, created_at, sent_at)
       VALUES (?, '6281', '6281@s.whatsapp.net', 'ok', 'auto_reply', ?, ?, ?, ?)`,
    );
    d.prepare(
      "INSERT INTO wa_numbers (id, name, kode_terminal, is_primary, created_at, updated_at, removed_at) VALUES ('b', 'Cabang', 4, 0, 1, 1, NULL), ('old', 'Lama', 5, 0, 1, 1, 9)",
    ).run();
    let k = 0;
    const inbound = (session: string, at: number) => ins.run(session, `k${++k}`, `w${k}`, at, at + 30_000);
    for (let i = 0; i < 3; i++) inbound('default', now - i * 1000);
    for (let i = 0; i < 2; i++) inbound('b', now - i * 1000);
    inbound('old', now);
    inbound('b', now - 3 * 86_400_000); // another day
    out.run('b', 'o1', 'sent', now, now);
    out.run('b', 'o2', 'read', now, now);
    out.run('b', 'o3', 'failed', now, null);
    out.run('default', 'o4', 'queued', now, null);
    out.run('default', 'o5', 'delivered', now, now);
    const since = new Date(now);
    since.setHours(0, 0, 0, 0);
    expect(createFlowNumbersRepo(d).since(since.getTime())).toEqual([
      { id: 'default', name: 'Nomor utama', received: 3, sent: 1 },
      { id: 'b', name: 'Cabang', received: 2, sent: 2 },
      { id: 'old', name: 'Lama', received: 1, sent: 0 },
    ]);
    const snap = createSnapshotQuery(d, { now: () => now } as never)({
      duplicates: 0,
      queues: { forward: 0, send: 0, outboxReport: 0 },
      otomax: { reachable: null, lastOkAt: null, lastErrorAt: null, lastError: null, unreachableSince: null },
    });
    expect(snap.numbers?.map((n) => [n.id, n.received, n.sent])).toEqual([
      ['default', 3, 1],
      ['b', 2, 2],
      ['old', 1, 0],
    ]);
    d.close();
  });
});

describe('migration 006', () => {
  it('gives the outbox rows of a database made by the 005 schema their sending number', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const path = join(t.dir, 'old.db');
    const old = new Database(path);
    migrate(
      old,
      loadMigrations().filter((m) => m.version <= 5),
    );
    old
      .prepare(
        "INSERT INTO wa_numbers (id, name, kode_terminal, is_primary, created_at, updated_at) VALUES ('n2', 'Cadangan', 7, 0, 1, 1)",
      )
      .run();
    const box = old.prepare(
      "INSERT INTO outbox_messages (kode, penerima, pesan, raw, received_at, status) VALUES (?, '6281', 'x', '{}', 1, 'sent')",
    );
    const send = old.prepare(
      "INSERT INTO outbound_messages (session_id, to_phone, to_jid, text, kind, outbox_id, wa_id, status, created_at) VALUES (?, '6281', 'j', 'x', 'outbox', ?, ?, 'sent', 1)",
    );
    const a = Number(box.run('A').lastInsertRowid);
    const b = Number(box.run('B').lastInsertRowid);
    box.run('C');
    send.run('default', a, 'wa');
    send.run('n2', b, 'wb');
    old.close();
    const db2 = openDatabase(path);
    expect(db2.prepare('SELECT kode, number_id FROM outbox_messages ORDER BY id').all()).toEqual([
      { kode: 'A', number_id: 'default' },
      { kode: 'B', number_id: 'n2' },
      { kode: 'C', number_id: null },
    ]);
    db2.close();
  });
});
