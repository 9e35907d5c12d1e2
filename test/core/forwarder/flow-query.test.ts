import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FlowFilter } from '../../../shared/dto';
import type { Db } from '../../../electron/core/db/open';
import { openDatabase } from '../../../electron/core/db/open';
import { createFlowQuery, type FlowQuery } from '../../../electron/core/forwarder/flow-query';
import { COUNT_CAP, createTableScan, INBOUND_SPEC, type Narrow } from '../../../electron/core/forwarder/flow-scan-repo';
import { createInboundRepo } from '../../../electron/core/forwarder/inbound-repo';
import { RARE_TEXT, resellerPhone, seedLog } from '../../helpers/seed-log';
import { tempDir } from '../../helpers/tmp';
import { legacyFlow } from './legacy-flow';
import { STATUS_WORDS } from '../../../shared/status-words';

const START = Date.UTC(2026, 0, 1);
let db: Db;
let flow: FlowQuery;
let legacy: ReturnType<typeof legacyFlow>;
let cleanup: () => void;

beforeAll(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  db = openDatabase(join(t.dir, 'j.db'));
  // More inbound rows than COUNT_CAP, so a broad filter's total is a lower bound; rare texts go past the window.
  seedLog(db, { inbound: 12_000, outbox: 6_000, start: START, stepMs: 1000, resellers: 300 });
  flow = createFlowQuery(db, createInboundRepo(db));
  legacy = legacyFlow(db);
});
afterAll(() => {
  db.close();
  cleanup();
});

const key = (r: { id: number | string; direction: string }) =>
  typeof r.id === 'string' ? r.id : `${r.direction}:${r.id}`;

const FILTERS: FlowFilter[] = [
  {},
  { direction: 'in' },
  { direction: 'outbox' },
  { status: 'failed' },
  { status: 'sent' },
  { status: '21' },
  { status: '41', direction: 'outbox' },
  { phone: resellerPhone(7) },
  { phone: `0${resellerPhone(7).slice(2)}` },
  { phone: `+62 ${resellerPhone(7).slice(2, 5)}-${resellerPhone(7).slice(5)}` },
  { phone: resellerPhone(7).slice(6) },
  { phone: '62' },
  { text: 'S5.' },
  { text: 'sal' },
  { text: RARE_TEXT },
  { text: 'TOLONG', status: 'forwarded' },
  { text: 'tolong', direction: 'in', from: START + 2_000_000, to: START + 9_000_000 },
  { text: '50%' },
  { text: 'S1' },
  { text: 'zq' },
  { text: 'SUKSES', direction: 'outbox', phone: resellerPhone(3) },
  { from: START + 3_000_000, to: START + 3_400_000 },
  { phone: resellerPhone(11).slice(4), text: '.', from: START, to: START + 6_000_000, status: 'forwarded' },
];

describe('flow query at scale: keyset pages merged from both tables', () => {
  it.each(FILTERS.map((f) => [JSON.stringify(f), f] as const))(
    'gives the same rows in the same order as the old union query: %s',
    (_name, filter) => {
      const all = legacy.select(filter, null, null).rows;
      for (const limit of [1, 7, 100]) {
        // The first pages, following the cursor.
        let before: string | null = null;
        for (let page = 0; page < 3; page++) {
          const got = flow.page(filter, before, limit);
          const want = legacy.select(filter, before, limit).rows;
          expect(got.rows.map(key)).toEqual(want.map(key));
          before = got.nextCursor;
          if (!before) break;
        }
        // A page from deep inside the log.
        const mid = all[Math.min(all.length - 1, 777)];
        if (mid) {
          const cursor = `${mid.time}:${mid.sortkey}`;
          expect(flow.page(filter, cursor, limit).rows.map(key)).toEqual(
            legacy.select(filter, cursor, limit).rows.map(key),
          );
        }
      }
      const page = flow.page(filter, null, 100);
      const exact = legacy.count(filter);
      if (page.totalIsLowerBound) {
        expect(page.total).toBeGreaterThanOrEqual(COUNT_CAP);
        expect(page.total).toBeLessThan(exact);
      } else {
        expect(page.total).toBe(exact);
      }
    },
  );

  it('finds a number from its start as an Indonesian owner types it: "0812…" is "62812…"', () => {
    const local = `0${resellerPhone(7).slice(2, 7)}`;
    const intl = `62${local.slice(1)}`;
    const got = flow.page({ phone: local }, null, 100).rows;
    expect(got.length).toBeGreaterThan(0);
    expect(got.every((r) => r.phone?.includes(intl))).toBe(true);
    expect(got.map(key)).toEqual(legacy.select({ phone: intl }, null, 100).rows.map(key));
    expect(flow.page({ phone: `+${intl}` }, null, 100).rows.map(key)).toEqual(got.map(key));
  });

  it('counts OtomaX\'s "not a reseller" (41) under the unknown-sender filter', () => {
    const rows = flow.page({ status: 'sender_unknown', direction: 'in' }, null, 1000).rows;
    expect(rows.some((r) => r.otomaxStatus === 41)).toBe(true);
    expect(rows.every((r) => r.status === 'sender_unknown' || r.otomaxStatus === 41)).toBe(true);
  });

  it('walks a sparse search to its end with the same rows as before', () => {
    const filter = { text: RARE_TEXT };
    const seen: string[] = [];
    let before: string | null = null;
    for (let i = 0; i < 100; i++) {
      const p = flow.page(filter, before, 5);
      seen.push(...p.rows.map(key));
      before = p.nextCursor;
      if (!before) break;
    }
    expect(seen.length).toBeGreaterThan(5);
    expect(seen).toEqual(legacy.select(filter, null, null).rows.map(key));
  });

  it('shows "more than N" instead of counting a broad filter to the end', () => {
    const broad = flow.page({ direction: 'in', text: 'S' }, null, 10);
    expect(broad.totalIsLowerBound).toBe(true);
    expect(broad.total).toBe(COUNT_CAP);
    // Unfiltered, the total is exact and comes from the counters, not from count(*).
    const all = flow.page({}, null, 10);
    expect(all.totalIsLowerBound).toBeUndefined();
    expect(all.total).toBe(18_000);
  });

  it('keeps the search index and the counters in step with edits and deletes', () => {
    const id = (db.prepare("SELECT id FROM inbound_messages WHERE text LIKE 'SAL.%' LIMIT 1").get() as { id: number })
      .id;
    db.prepare('UPDATE inbound_messages SET text = ? WHERE id = ?').run('kirim ulang zebra-77', id);
    expect(flow.page({ text: 'zebra-77' }).rows.map((r) => r.id)).toEqual([`in:${id}`]);
    db.prepare('DELETE FROM forward_attempts WHERE inbound_id = ?').run(id);
    db.prepare('DELETE FROM inbound_messages WHERE id = ?').run(id);
    expect(flow.page({ text: 'zebra-77' }).rows).toEqual([]);
    expect(flow.page({}).total).toBe(17_999);
    expect(flow.page({}).total).toBe(legacy.count({}));
  });

  it('exports in the owner\'s language: Indonesian headers and statuses, ";" between cells, local times, one BOM', async () => {
    const { csv } = await flow.exportCsv({ phone: resellerPhone(5) }, 50, { lang: 'id', separator: ';' });
    expect(csv.indexOf('\uFEFF')).toBe(0);
    expect(csv.lastIndexOf('\uFEFF')).toBe(0);
    const [head, ...rows] = csv.slice(1).trimEnd().split('\r\n');
    expect(head).toBe(
      'Waktu;Arah;Nomor;Nama;Pesan;Status;Kode status OtomaX;Keterangan OtomaX;Kode inbox;Balasan;Status balasan;Waktu proses (ms);Keterangan galat;Nomor WhatsApp',
    );
    expect(rows.length).toBeGreaterThan(0);
    const cells = rows.map((r) => r.split(';'));
    for (const c of cells) {
      expect(c[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
      expect(['Masuk', 'Outbox']).toContain(c[1]);
    }
    const raw = ['received', 'queued', 'forwarded', 'failed', 'expired', 'sent', 'delivered', 'read', 'sending'];
    expect(cells.map((c) => c[5]).filter((st) => raw.includes(st as string))).toEqual([]);
    expect(cells.some((c) => c[5] === 'Diteruskan' || c[5] === 'Terkirim')).toBe(true);
    // The file says what the window says for the same row (the window's flow.status is this table).
    const shown = flow.page({ phone: resellerPhone(5) }, null, 50).rows;
    expect(cells.map((c) => c[5])).toEqual(shown.map((r) => STATUS_WORDS.id.status[r.status]));
  });

  it('exports the same rows as the page order, in chunks', async () => {
    const filter = { phone: resellerPhone(5) };
    const { csv } = await flow.exportCsv(filter, 2500);
    const lines = csv.trimEnd().split('\r\n');
    const want = legacy.select(filter, null, 2500).rows;
    expect(lines.length - 1).toBe(want.length);
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(want.map((r) => r.direction));
  });

  it('gives the file in parts that join into the whole file, the last one marked done', async () => {
    const whole = (await flow.exportCsv({}, 3_000, { lang: 'id', separator: ';' })).csv;
    const file = flow.openCsv({}, 3_000, { lang: 'id', separator: ';', partChars: 20_000 });
    const parts: { part: string; rows: number; done: boolean; truncated?: boolean }[] = [];
    for (let i = 0; i < 100; i++) {
      const p = await file.next();
      parts.push(p);
      if (p.done) break;
    }
    expect(parts.length).toBeGreaterThan(5);
    expect(parts.map((p) => p.part).join('')).toBe(whole);
    expect(parts.reduce((n, p) => n + p.rows, 0)).toBe(3_000);
    // Only the first part carries the BOM and the header; every part holds whole lines.
    expect(parts.filter((p) => p.part.includes('\uFEFF')).length).toBe(1);
    for (const p of parts) expect(p.part.endsWith('\r\n')).toBe(true);
    expect(parts.slice(0, -1).every((p) => !p.done)).toBe(true);
    // 3,000 of 18,000 rows: the file stopped at its limit.
    expect(parts.at(-1)).toMatchObject({ done: true, truncated: true });
    // Asked again after the end: nothing more.
    expect(await file.next()).toEqual({ part: '', rows: 0, done: true, truncated: true });
  });

  it("names the file by the PC's own date, not UTC's", () => {
    const tz = process.env.TZ;
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      process.env.TZ = 'Asia/Jakarta';
      // 06:30 on 2 December in Jakarta is still 1 December in UTC.
      vi.setSystemTime(Date.UTC(2026, 11, 1, 23, 30));
      expect(flow.openCsv({}, 1).filename).toBe('jembatan-log-2026-12-02.csv');
    } finally {
      vi.useRealTimers();
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('marks a file that holds every matching row as not truncated, also when two parts are asked at once', async () => {
    const filter = { phone: resellerPhone(5) };
    const want = (await flow.exportCsv(filter, 200_000)).csv;
    const file = flow.openCsv(filter, 200_000, { partChars: 2_000 });
    // Two asks in flight at once are served one after the other (one cursor): no row twice, none lost.
    const got: string[] = [];
    let last: { done: boolean; truncated?: boolean } = { done: false };
    for (let i = 0; i < 200 && !last.done; i++) {
      const [a, b] = await Promise.all([file.next(), file.next()]);
      got.push(a.part, b.part);
      last = b;
    }
    expect(got.join('')).toBe(want);
    expect(last.done).toBe(true);
    expect(last.truncated).toBeUndefined();
    // Exactly as many rows as the limit: the whole log is in the file, so it is not called cut.
    const rows = want.trimEnd().split('\r\n').length - 1;
    const exact = flow.openCsv(filter, rows, { partChars: 2_000 });
    let end: { done: boolean; truncated?: boolean } = { done: false };
    for (let i = 0; i < 200 && !end.done; i++) end = await exact.next();
    expect(end).toMatchObject({ done: true });
    expect(end.truncated).toBeUndefined();
    const short = flow.openCsv(filter, rows - 1, { partChars: 2_000 });
    for (let i = 0, p = { done: false } as { done: boolean }; i < 200 && !p.done; i++) end = p = await short.next();
    expect(end).toMatchObject({ done: true, truncated: true });
  });
});

describe('flow query: a text term found through its trigrams', () => {
  // A small probe limit makes the 12,000-row log behave as the 1 M one: most trigrams are common, few are rare.
  const PROBE = 50;
  const rows = (gram: string) =>
    (
      db
        .prepare('SELECT count(*) AS n FROM inbound_text_search WHERE inbound_text_search MATCH ?')
        .get(`"${gram}"`) as { n: number }
    ).n;
  const grams = (plan: Narrow | null) => {
    expect(plan?.kind).toBe('fts');
    return plan?.kind === 'fts' ? plan.query.split(' AND ').map((g) => g.slice(1, -1)) : [];
  };

  it('intersects the rare trigrams of a rare term, not only the rarest (its candidates: a handful, not thousands)', () => {
    const scan = createTableScan(db, INBOUND_SPEC, { probeLimit: PROBE });
    // "S5.0811…" digits: each trigram of a 7-digit string is in many rows, the string in few.
    const term = '1234567';
    const used = grams(scan.plan({ text: term }));
    const rare = ['123', '234', '345', '456', '567'].filter((g) => rows(g) <= PROBE);
    expect(rare.length).toBeGreaterThan(1);
    expect([...used].sort()).toEqual([...rare].sort());
  });

  it("leaves a trigram in most rows out of a common term's intersection", () => {
    const scan = createTableScan(db, INBOUND_SPEC, { probeLimit: PROBE });
    const plan = scan.plan({ text: 'S5.0811' });
    expect(plan).toMatchObject({ kind: 'fts', wide: true });
    const used = grams(plan);
    // "081" is in two rows of three, "S5." in one of thirty: walking the first costs more than it takes out.
    expect(used).toContain('S5.');
    expect(used).not.toContain('081');
    expect(used).not.toContain('811');
  });

  it.each(['S5.0811', '1234567', '0811', '.1007', RARE_TEXT, 'saldo 1', 'SUKSES', 'zq', 'S1'])(
    'gives the same pages and total as the old union query with most trigrams common: %s',
    (text) => {
      const small = createFlowQuery(db, createInboundRepo(db), { probeLimit: PROBE });
      const filters: FlowFilter[] = [
        { text },
        { text, direction: 'in' },
        { text, status: 'forwarded' },
        // A status or time range with few rows is counted through its own rows (none in the outbox are 'failed').
        { text, status: 'failed' },
        { text, from: START + 1_000_000, to: START + 3_000_000 },
      ];
      for (const filter of filters) {
        let before: string | null = null;
        for (let page = 0; page < 3; page++) {
          const got = small.page(filter, before, 50);
          expect(got.rows.map(key)).toEqual(legacy.select(filter, before, 50).rows.map(key));
          before = got.nextCursor;
          if (!before) break;
        }
        const page = small.page(filter, null, 50);
        const exact = legacy.count(filter);
        if (page.totalIsLowerBound) expect(page.total).toBeLessThan(exact);
        else expect(page.total).toBe(exact);
      }
    },
  );
});
