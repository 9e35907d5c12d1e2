/**
 * The window's log at a busy shop's size (default 1,000,000 inbound messages with their replies and 500,000 outbox
 * messages): pages, searches, totals, storage, pruning and CSV export, each next to the old query in the same run.
 * The seeded database is kept in bench-results/cache/ and reused; seeding is one transaction, statements prepared once.
 */
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FlowFilter } from '../../shared/dto';
import { openDatabase, type Db } from '../../electron/core/db/open';
import { pruneTraffic, pruneTrafficInSteps } from '../../electron/core/db/retention';
import { createFlowQuery } from '../../electron/core/forwarder/flow-query';
import { createInboundRepo } from '../../electron/core/forwarder/inbound-repo';
import { createSearchIndexRepo } from '../../electron/core/forwarder/search-index-repo';
import { legacyFlow } from '../core/forwarder/legacy-flow';
import { RARE_TEXT, resellerPhone, seedLog } from '../helpers/seed-log';
import { atMost, longestBlock, timeCases, timeCasesWithCpu, timeEachWithCpu, type BenchRow } from './rows';

const DAY = 86_400_000;
const PAGE = 200;
/** Pages served before timing: a running engine has served many, and the JIT has compiled the page code. */
const WARM_UP = 30;

export interface LogScaleOptions {
  inbound: number;
  outbox: number;
  cacheDir: string;
  /** Old rows pruned in the pruning row. */
  pruneRows: number;
  /** Old rows pruned the old way (one blocking run) for the baseline; default pruneRows. */
  oldPruneRows?: number;
  exportRows: number;
  /** Runs per timing (the worst is reported). */
  runs: number;
}

function fileBytes(file: string): number {
  return [file, `${file}-wal`].reduce((n, f) => n + (existsSync(f) ? statSync(f).size : 0), 0);
}

/**
 * The cached log's file. v2 since migration 007 (trigram indexes without token counts, no (number, time) indexes),
 * v3 since migration 008 (no phone trigram indexes), v4 since migration 009 (the text indexes' watermarks): a cache
 * seeded by an older schema is left alone and a new one seeded.
 */
export function logCacheFile(dir: string, inbound: number, outbox: number): string {
  return join(dir, `log-${inbound}-${outbox}-v4.db`);
}

/** The cached log, seeded on first use (then reused): a fixed start so every run sees the same rows. */
function cachedLog(o: LogScaleOptions): string {
  mkdirSync(o.cacheDir, { recursive: true });
  const file = logCacheFile(o.cacheDir, o.inbound, o.outbox);
  if (existsSync(file)) return file;
  const tmp = `${file}.seeding`;
  rmSync(tmp, { force: true });
  rmSync(`${tmp}-wal`, { force: true });
  const db = openDatabase(tmp);
  // A throwaway file being filled once: no journal, no fsync.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const t0 = performance.now();
  const start = Date.UTC(2026, 0, 1);
  // Indexes built once at the end (a sort) instead of row by row, the search indexes rebuilt, counters recounted.
  const TABLES = "('inbound_messages', 'outbox_messages', 'outbound_messages', 'forward_attempts')";
  const later = db
    .prepare(
      `SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN ${TABLES}`,
    )
    .all() as { type: 'index' | 'trigger'; name: string; sql: string }[];
  for (const x of later) db.exec(`DROP ${x.type.toUpperCase()} ${x.name}`);
  seedLog(db, { inbound: o.inbound, outbox: o.outbox, start, stepMs: (90 * DAY) / o.inbound, index: false });
  for (const x of later.filter((y) => y.type === 'index')) db.exec(x.sql);
  // The text indexes rebuilt and their watermarks at the newest rows (migration 009), as a running engine's indexer
  // leaves them.
  createSearchIndexRepo(db).rebuildAll();
  // The sending number of each outbox row, as migration 006's triggers (dropped while seeding) keep it: without it
  // the per-number index and column of 500,000 outbox rows would be missing from the storage row.
  db.exec(`UPDATE outbox_messages SET number_id =
    (SELECT session_id FROM outbound_messages o WHERE o.outbox_id = outbox_messages.id ORDER BY o.id DESC LIMIT 1)`);
  db.exec(`UPDATE flow_counts SET n = (SELECT count(*) FROM inbound_messages) WHERE name = 'inbound';
    UPDATE flow_counts SET n = (SELECT count(*) FROM outbox_messages) WHERE name = 'outbox';`);
  for (const x of later.filter((y) => y.type === 'trigger')) db.exec(x.sql);
  db.close();
  renameSync(tmp, file);
  console.log(
    `seeded ${o.inbound} inbound + ${o.outbox} outbox messages in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  return file;
}

/** Cursors at several depths of the log (newest page excluded). */
function cursors(db: Db): string[] {
  const r = db.prepare('SELECT min(received_at) AS lo, max(received_at) AS hi FROM inbound_messages').get() as {
    lo: number;
    hi: number;
  };
  return [0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99].map((f) => `${Math.round(r.hi - (r.hi - r.lo) * f)}:${2 ** 40}`);
}

export async function logScaleRows(o: LogScaleOptions): Promise<BenchRow[]> {
  const file = cachedLog(o);
  const db = openDatabase(file);
  const flow = createFlowQuery(db, createInboundRepo(db));
  const old = legacyFlow(db);
  const rows: BenchRow[] = [];
  const size = `${(o.inbound / 1e6).toLocaleString('en')}M log`;
  const oldPage = (filter: FlowFilter, before: string | null = null) => {
    const t0 = performance.now();
    old.select(filter, before, PAGE);
    old.count(filter);
    return performance.now() - t0;
  };

  const page =
    (filter: FlowFilter, before: string | null = null) =>
    () =>
      flow.page(filter, before, PAGE);
  const cpuNote = (t: { cpu: number; coldMs: number }) =>
    `${PAGE} rows, after ${WARM_UP} warm-up pages; engine CPU time ${t.cpu.toFixed(1)} ms (the wall time includes waiting for a core), load ${loadavg()[0]?.toFixed(1)}; the first page after opening took ${t.coldMs.toFixed(1)} ms`;
  const first = timeCasesWithCpu([page({})], o.runs, WARM_UP);
  rows.push(atMost(`flow: first page, ${size}`, first.wall, 'ms', 5, { baseline: oldPage({}), note: cpuNote(first) }));

  const cs = cursors(db);
  const next = timeCasesWithCpu(
    cs.map((c) => page({}, c)),
    o.runs,
    WARM_UP,
  );
  rows.push(
    atMost(`flow: next page (worst of 7 depths), ${size}`, next.wall, 'ms', 5, {
      baseline: oldPage({}, cs[3]),
      note: cpuNote(next),
    }),
  );

  const texts = [RARE_TEXT, 'SAL.', 'S5.0811', '1234567', 'SUKSES', 'tidak ada teks ini'];
  const each = timeEachWithCpu(
    texts.map((t) => page({ text: t })),
    o.runs,
  );
  rows.push(
    atMost(
      `flow: text search (worst of ${texts.length} terms), ${size}`,
      Math.max(...each.map((e) => e.wall)),
      'ms',
      50,
      {
        baseline: oldPage({ text: RARE_TEXT }),
        note: `median wall / engine CPU ms per term: ${texts.map((t, i) => `"${t}" ${each[i]?.wall.toFixed(1)} / ${each[i]?.cpu.toFixed(1)}`).join(', ')}; load ${loadavg()[0]?.toFixed(1)}`,
      },
    ),
  );

  const p = resellerPhone(7);
  const phones = [p, `0${p.slice(2)}`, `+62 ${p.slice(2, 5)}-${p.slice(5)}`, p.slice(5), '62', '99999999'];
  const phone = timeCases(
    phones.map((x) => page({ phone: x })),
    o.runs,
  );
  rows.push(
    atMost(`flow: phone search (worst of ${phones.length} forms), ${size}`, phone, 'ms', 50, {
      baseline: oldPage({ phone: `0${p.slice(2)}` }),
    }),
  );

  const hi = (db.prepare('SELECT max(received_at) AS t FROM inbound_messages').get() as { t: number }).t;
  const combos: FlowFilter[] = [
    { status: 'failed', direction: 'in' },
    { status: '42', from: hi - 30 * DAY, to: hi },
    { phone: p, status: 'forwarded' },
    { text: 'S5.', phone: resellerPhone(11), from: hi - 60 * DAY, to: hi - 7 * DAY },
    { text: 'SUKSES', direction: 'outbox', status: 'sent' },
    { text: RARE_TEXT, status: 'expired', from: hi - 80 * DAY },
  ];
  const combined = timeCases(
    combos.map((c) => page(c)),
    o.runs,
  );
  rows.push(
    atMost(`flow: combined filters (worst of ${combos.length}), ${size}`, combined, 'ms', 50, {
      baseline: oldPage(combos[3] as FlowFilter),
    }),
  );

  db.pragma('wal_checkpoint(TRUNCATE)');
  rows.push(
    atMost(
      'storage: bytes per inbound message (with replies, outbox, indexes)',
      fileBytes(file) / o.inbound,
      'B',
      1024,
    ),
  );

  // As the window takes it: part after part, each serialised as the one message that carries it to the window, with
  // a turn of the event loop between (the round trip to the window). The file is never whole in the engine.
  const exported = await longestBlock(async () => {
    const file = flow.openCsv({}, o.exportRows);
    let parts = 0;
    let bytes = 0;
    for (let i = 0; i < o.exportRows + 2; i++) {
      const part = await file.next();
      bytes += Buffer.byteLength(JSON.stringify({ id: i, result: { ok: true, value: part } }));
      parts += 1;
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (part.done) break;
    }
    return { parts, bytes };
  });
  const t0 = performance.now();
  old.select({}, null, o.exportRows);
  const oldExport = performance.now() - t0;
  rows.push(
    atMost(`CSV export of ${o.exportRows.toLocaleString('en')} rows: longest block`, exported.maxBlockMs, 'ms', 50, {
      baseline: oldExport,
      note: `total ${(exported.ms / 1000).toFixed(1)} s in ${exported.result.parts} parts (${(exported.result.bytes / 1e6).toFixed(0)} MB as sent to the window); baseline = the old single query (blocks throughout)`,
    }),
  );
  db.close();

  rows.push(...(await pruneRows(file, o)));
  return rows;
}

/** Pruning on a copy of the cached log: the oldest `pruneRows` inbound rows in steps, the next as many the old way. */
async function pruneRows(file: string, o: LogScaleOptions): Promise<BenchRow[]> {
  const copy = `${file}.prune-${process.pid}`;
  copyFileSync(file, copy);
  // The copy is a gigabyte of dirty pages: written out now, or the prune's first checkpoint sync would wait for them
  // all (a real database file is not freshly copied).
  const fd = openSync(copy, 'r+');
  fsyncSync(fd);
  closeSync(fd);
  try {
    const db = openDatabase(copy);
    const cutoff = (n: number) =>
      (
        db.prepare('SELECT received_at AS t FROM inbound_messages ORDER BY received_at LIMIT 1 OFFSET ?').get(n) as {
          t: number;
        }
      ).t;
    const stepsCut = cutoff(o.pruneRows);
    // Two views of the same stalls: the longest gap between setImmediate turns, and Node's event-loop-delay monitor.
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    let worstStep = { ms: 0, checkpointMs: 0, mergeMs: 0, rows: 0 };
    const longest = (s: typeof worstStep) => Math.max(s.ms, s.checkpointMs, s.mergeMs);
    // The longest of each kind over all steps: which part blocks (issue 15: the phone index merges, then syncs).
    const most = { ms: 0, checkpointMs: 0, mergeMs: 0 };
    const stepped = await longestBlock(() =>
      pruneTrafficInSteps(db, stepsCut, {
        onStep: (s) => {
          if (longest(s) > longest(worstStep)) worstStep = s;
          most.ms = Math.max(most.ms, s.ms);
          most.checkpointMs = Math.max(most.checkpointMs, s.checkpointMs);
          most.mergeMs = Math.max(most.mergeMs, s.mergeMs);
        },
      }),
    );
    delay.disable();
    const oldCut = cutoff(o.oldPruneRows ?? o.pruneRows);
    const t0 = performance.now();
    const oldResult = pruneTraffic(db, oldCut);
    const oldMs = performance.now() - t0;
    db.close();
    return [
      atMost(
        `prune ${stepped.result.inbound.toLocaleString('en')} old messages: longest block`,
        stepped.maxBlockMs,
        'ms',
        50,
        {
          baseline: oldMs,
          note: `total ${(stepped.ms / 1000).toFixed(1)} s; event-loop delay max ${(delay.max / 1e6).toFixed(0)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms; worst step ${worstStep.rows} rows, delete ${worstStep.ms.toFixed(0)} ms, checkpoint ${worstStep.checkpointMs.toFixed(0)} ms, index merge ${worstStep.mergeMs.toFixed(0)} ms; longest delete ${most.ms.toFixed(0)} ms, checkpoint ${most.checkpointMs.toFixed(0)} ms, index merge ${most.mergeMs.toFixed(0)} ms; baseline = the old prune of the next ${oldResult.inbound.toLocaleString('en')} (one block)`,
        },
      ),
    ];
  } finally {
    for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) rmSync(f, { force: true });
  }
}
