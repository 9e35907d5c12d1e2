import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowFilter } from '../../../shared/dto';
import { openDatabase, type Db } from '../../../electron/core/db/open';
import { createFlowQuery, type FlowQuery } from '../../../electron/core/forwarder/flow-query';
import { COUNT_CAP } from '../../../electron/core/forwarder/flow-scan-repo';
import { createInboundRepo } from '../../../electron/core/forwarder/inbound-repo';
import { resellerPhone, seedLog } from '../../helpers/seed-log';
import { tempDir } from '../../helpers/tmp';
import { legacyFlow } from './legacy-flow';

// Phone search without the phone trigram indexes (migration 008, issue 15): through the table's distinct phones,
// and, when the table has more phones than the list keeps, through a scan of the (phone, time) index. Both give the
// rows of the old union query (LIKE on every row), in the same order, with the same total.
const START = Date.UTC(2026, 0, 1);
let db: Db;
let cleanup: () => void;
let legacy: ReturnType<typeof legacyFlow>;
/** The shipped query (the phone list), and one whose list stops at 10 phones: every rare phone search scans. */
let flows: [string, FlowQuery][];

beforeAll(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  db = openDatabase(join(t.dir, 'j.db'));
  // More inbound rows than COUNT_CAP, so a broad phone's total is a lower bound.
  seedLog(db, { inbound: 12_000, outbox: 6_000, start: START, stepMs: 1000, resellers: 300 });
  legacy = legacyFlow(db);
  const inbound = createInboundRepo(db);
  flows = [
    ['phone list', createFlowQuery(db, inbound)],
    ['phone index scan', createFlowQuery(db, inbound, { phoneListMax: 10 })],
  ];
});
afterAll(() => {
  db.close();
  cleanup();
});

const key = (r: { id: number | string; direction: string }) =>
  typeof r.id === 'string' ? r.id : `${r.direction}:${r.id}`;

const p7 = resellerPhone(7);
const FILTERS: FlowFilter[] = [
  { phone: p7 },
  { phone: `0${p7.slice(2)}` },
  { phone: `+62 ${p7.slice(2, 5)}-${p7.slice(5, 9)}-${p7.slice(9)}` },
  { phone: p7.slice(6) },
  { phone: p7.slice(4, 9) },
  // 100 phones (resellers 100-199): more than are read one by one before a text trigram is tried.
  { phone: resellerPhone(100).slice(0, 10) },
  { phone: '62' },
  { phone: '99999999' },
  { phone: p7, direction: 'outbox' },
  { phone: resellerPhone(11), status: 'forwarded' },
  { phone: resellerPhone(12), text: 'S5.' },
  { phone: resellerPhone(100).slice(0, 10), text: 'SUKSES', direction: 'outbox' },
  { phone: resellerPhone(13).slice(6), from: START + 1_000_000, to: START + 9_000_000 },
];

describe('phone search without the phone trigram indexes', () => {
  it.each(FILTERS.map((f) => [JSON.stringify(f), f] as const))(
    'gives the rows and total of the old union query, through the phone list and the index scan: %s',
    (_name, filter) => {
      const all = legacy.select(filter, null, null).rows;
      const exact = legacy.count(filter);
      for (const [, flow] of flows) {
        for (const limit of [7, 100]) {
          let before: string | null = null;
          for (let page = 0; page < 3; page++) {
            const got = flow.page(filter, before, limit);
            expect(got.rows.map(key)).toEqual(legacy.select(filter, before, limit).rows.map(key));
            before = got.nextCursor;
            if (!before) break;
          }
          const mid = all[Math.min(all.length - 1, 333)];
          if (mid) {
            const cursor = `${mid.time}:${mid.sortkey}`;
            expect(flow.page(filter, cursor, limit).rows.map(key)).toEqual(
              legacy.select(filter, cursor, limit).rows.map(key),
            );
          }
        }
        const first = flow.page(filter, null, 100);
        if (first.totalIsLowerBound) {
          expect(first.total).toBeGreaterThanOrEqual(COUNT_CAP);
          expect(first.total).toBeLessThan(exact);
        } else {
          expect(first.total).toBe(exact);
        }
      }
    },
  );

  it('walks a whole phone to its end on the index scan with the same rows as before', () => {
    const flow = flows[1]?.[1] as FlowQuery;
    const filter = { phone: `0${resellerPhone(21).slice(2)}` };
    const seen: string[] = [];
    let before: string | null = null;
    for (let i = 0; i < 200; i++) {
      const p = flow.page(filter, before, 5);
      seen.push(...p.rows.map(key));
      before = p.nextCursor;
      if (!before) break;
    }
    expect(seen.length).toBeGreaterThan(10);
    expect(seen).toEqual(legacy.select(filter, null, null).rows.map(key));
  });

  it('stops counting a broad phone on the index scan at the cap ("more than N")', () => {
    const flow = flows[1]?.[1] as FlowQuery;
    const p = flow.page({ phone: '6281', direction: 'in' }, null, 10);
    expect(p.totalIsLowerBound).toBe(true);
    expect(p.total).toBe(COUNT_CAP);
  });

  it('has no phone trigram index left to search or merge', () => {
    const fts = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")
      .all() as { name: string }[];
    expect(fts.map((r) => r.name)).toEqual(['inbound_text_search', 'outbox_text_search']);
  });
});
