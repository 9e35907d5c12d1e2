/**
 * Several WhatsApp numbers (issue 17), measured on the engine in its own process (the headless host with tsx,
 * `--whatsapp=simulated`), the OtomaX simulator here:
 * - throughput: the same flood split across three numbers (the primary on the global terminal 1, two more on
 *   terminals 2 and 3) versus all of it on one number, in the same run. Every message must reach InsertInbox
 *   exactly once with its own number's terminal, or the run throws (no number is reported).
 * - memory: the engine's RSS with 1 number, then with 3 and 7 (numbers added over REST, linked at once), each idle
 *   and after the flood spread over every live number; the row is the RSS added per number.
 * RSS is read from /proc (Linux); elsewhere these rows are left out. Every loop is bounded in count and time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Agent, request, WebSocket } from 'undici';
import { freePort, startChildHost, type ChildHost } from '../helpers/child-host';
import { tempDir } from '../helpers/tmp';
import { startOtomaxSim } from '../sim/otomax/sim';
import type { OtomaxSim, SimInboxRow } from '../sim/otomax/types';
import { benchHostArgs } from './engine-process';
import { atLeast, atMost, round, type BenchRow } from './rows';

const API_KEY = 'bench-api-key-0123456789';
export const RESELLER = '6281234567890';
const IN_FLIGHT = 16;
/** The primary uses the global default terminal (1); every added number brings its own. */
const PRIMARY_TERMINAL = 1;
const TIME_LIMIT_MS = 120_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

interface Engine {
  sim: OtomaxSim;
  child: ChildHost;
  pid: number;
  /** Live numbers: id → terminal. */
  numbers: Map<string, number>;
  call: (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<{ status: number; json: unknown }>;
  stop: () => Promise<void>;
}

async function startEngine(): Promise<Engine> {
  const dir = tempDir('jembatan-bench-numbers-');
  const sim = await startOtomaxSim({
    resellers: [{ kode: 'R0001', phone: RESELLER, saldo: 1e12, pin: '1234' }],
    callback: { delayMs: 10 ** 9 },
  });
  const port = await freePort();
  let child: ChildHost;
  try {
    child = await startChildHost(benchHostArgs(dir.dir, port, sim.url), {
      JEMBATAN_API_KEY: API_KEY,
      OTOMAX_APP_KEY: 'appkey-secret',
      OTOMAX_DEV_KEY: 'devkey-secret',
      JEMBATAN_KEYCHAIN_SERVICE: `JembatanBenchNumbers${process.pid}`,
      // The inspector on a loopback port the OS picks, only so the bench can ask for a full GC before an RSS sample.
      NODE_OPTIONS: '--inspect=127.0.0.1:0',
    });
  } catch (e) {
    await sim.close();
    dir.cleanup();
    throw e;
  }
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: IN_FLIGHT });
  const call: Engine['call'] = async (method, path, body) => {
    const r = await request(`${child.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      dispatcher: agent,
    });
    return { status: r.statusCode, json: await r.body.json() };
  };
  const stop = async () => {
    await agent.close();
    child.proc.kill('SIGTERM');
    await Promise.race([child.exited, sleep(10_000)]);
    await sim.close();
    dir.cleanup();
  };
  const e: Engine = {
    sim,
    child,
    pid: child.proc.pid as number,
    numbers: new Map([['default', PRIMARY_TERMINAL]]),
    call,
    stop,
  };
  try {
    await allOpen(e);
  } catch (err) {
    await stop();
    throw err;
  }
  return e;
}

/** Every live number linked (simulated numbers link by themselves), within 15 s. */
async function allOpen(e: Engine): Promise<void> {
  const until = Date.now() + 15_000;
  for (;;) {
    const r = await e.call('GET', '/whatsapp/numbers');
    const list = (r.json as { results?: { id: string; state: string }[] }).results ?? [];
    if (r.status === 200 && list.length === e.numbers.size && list.every((n) => n.state === 'open')) return;
    if (Date.now() > until) throw new Error(`numbers did not open: ${JSON.stringify(list)}`);
    await sleep(100);
  }
}

/** Add `count` numbers, each with its own terminal (2, 3, …), and wait until every live number is linked. */
async function addNumbers(e: Engine, count: number): Promise<void> {
  for (let k = 0; k < count; k++) {
    const terminal = PRIMARY_TERMINAL + e.numbers.size;
    const r = await e.call('POST', '/whatsapp/numbers', { name: `Bench ${terminal}`, kode_terminal: terminal });
    const id = (r.json as { results?: { id?: string } }).results?.id;
    if (r.status !== 200 || !id) throw new Error(`adding a number: ${r.status} ${JSON.stringify(r.json)}`);
    e.numbers.set(id, terminal);
  }
  await allOpen(e);
}

/**
 * What OtomaX received for one flood, against what was sent (text → its number's terminal): every message exactly
 * once, each with its own number's terminal, from the reseller. Throws on the first difference: a bench that
 * forwarded twice, lost one or used another number's terminal reports no throughput.
 */
export function checkForwarded(
  rows: readonly Pick<SimInboxRow, 'pesan' | 'kode_terminal' | 'pengirim'>[],
  terminalOfText: ReadonlyMap<string, number>,
  tag: string,
): void {
  const seen = new Set<string>();
  for (const row of rows) {
    const want = terminalOfText.get(row.pesan);
    if (want === undefined) throw new Error(`${tag}: unexpected InsertInbox ${row.pesan}`);
    if (seen.has(row.pesan)) throw new Error(`${tag}: ${row.pesan} forwarded twice`);
    seen.add(row.pesan);
    if (row.kode_terminal !== want)
      throw new Error(`${tag}: ${row.pesan} forwarded with terminal ${row.kode_terminal}, its number's is ${want}`);
    if (row.pengirim !== RESELLER) throw new Error(`${tag}: ${row.pesan} from ${row.pengirim}`);
  }
  const missing = [...terminalOfText.keys()].filter((t) => !seen.has(t));
  if (missing.length) throw new Error(`${tag}: ${missing.length} message(s) never forwarded, first ${missing[0]}`);
}

/**
 * `n` messages (ids and texts from `from` on), round robin over `ids` (every live number), IN_FLIGHT at once; resolves when
 * OtomaX has them all, then checks each arrived exactly once with its own number's terminal (throws otherwise).
 * Returns the seconds from the first message sent to the last InsertInbox received.
 */
async function flood(e: Engine, from: number, n: number, tag: string, ids = [...e.numbers.keys()]): Promise<number> {
  const terminalOfText = new Map<string, number>();
  const before = e.sim.inbox.length;
  const deadline = Date.now() + TIME_LIMIT_MS;
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < n) {
        if (Date.now() > deadline) throw new Error(`${tag}: flood time limit`);
        const i = next++;
        const number = ids[i % ids.length] as string;
        const text = `S5.0811${String(from + i).padStart(7, '0')}.1234`;
        terminalOfText.set(text, e.numbers.get(number) as number);
        const r = await e.call('POST', '/dev/whatsapp/incoming', {
          from: RESELLER,
          text,
          id: `NUM${from + i}`,
          number,
        });
        const delivered = (r.json as { results?: { delivered?: boolean } }).results?.delivered;
        if (r.status !== 200 || !delivered) throw new Error(`${tag}: incoming ${r.status} ${JSON.stringify(r.json)}`);
      }
    }),
  );
  while (e.sim.inbox.length < before + n) {
    if (Date.now() > deadline) throw new Error(`${tag}: ${e.sim.inbox.length - before} of ${n} forwarded in time`);
    await sleep(5);
  }
  const seconds = (performance.now() - t0) / 1000;
  // A second copy of any message would come in right after: give it a moment, then check every row.
  await sleep(300);
  checkForwarded(e.sim.inbox.slice(before), terminalOfText, tag);
  return seconds;
}

/**
 * A full garbage collection in the engine, through its inspector (HeapProfiler.collectGarbage), then its JS heap in
 * use (Runtime.getHeapUsage, MB), within 5 s.
 */
async function collectGarbage(e: Engine): Promise<number> {
  const url = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(e.child.output())?.[1];
  if (!url) throw new Error('the engine inspector is not listening');
  const ws = new WebSocket(url);
  try {
    return await new Promise<number>((res, rej) => {
      const timer = setTimeout(() => rej(new Error('inspector: no GC answer in 5 s')), 5000);
      ws.addEventListener('error', () => rej(new Error('inspector: connection failed')));
      ws.addEventListener('open', () => ws.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' })));
      ws.addEventListener('message', (m) => {
        const msg = JSON.parse(String(m.data)) as { id?: number; result?: { usedSize?: number } };
        if (msg.id === 1) ws.send(JSON.stringify({ id: 2, method: 'Runtime.getHeapUsage' }));
        if (msg.id === 2) {
          clearTimeout(timer);
          res((msg.result?.usedSize ?? NaN) / 2 ** 20);
        }
      });
    });
  } finally {
    ws.close();
  }
}

/** The engine after `settleMs` of quiet and a full GC: its heap in use, its RSS (median of 5 samples 100 ms apart). */
async function steadyRss(e: Engine, settleMs: number): Promise<{ rss: number; heap: number }> {
  const pid = e.pid;
  await sleep(settleMs);
  // A second full GC lets V8 give back the pages the first one emptied (otherwise RSS falls stages later).
  await collectGarbage(e);
  await sleep(200);
  const heap = await collectGarbage(e);
  const xs: number[] = [];
  for (let i = 0; i < 5; i++) {
    xs.push(rssMb(pid));
    await sleep(100);
  }
  xs.sort((a, b) => a - b);
  return { rss: xs[2] as number, heap };
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * ((ys[i] as number) - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

/**
 * One engine, from one number to seven. For 1, 3 and 7 live numbers: the idle RSS, a flood spread over every live
 * number, the RSS after it (a full GC before each sample). With three numbers linked, the throughput: the same
 * chunk of messages all on the primary, then split over the three, alternating (one-three, three-one, ...) for
 * `rounds` rounds, so a busy spell of the shared machine falls on both; each side is its messages over its seconds.
 */
export async function numbersRows(o: {
  chunk: number;
  rounds: number;
  rssFlood: number;
  warmup: number;
  settleMs: number;
}): Promise<BenchRow[]> {
  if (!existsSync('/proc/self/status')) return [];
  const t0 = performance.now();
  const at = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
  const e = await startEngine();
  console.log(`numbers: engine linked at ${at()}`);
  const counts: number[] = [];
  const idle: number[] = [];
  const flooded: number[] = [];
  const heap: number[] = [];
  const spent = { one: 0, three: 0 };
  const chunks = { one: [] as number[], three: [] as number[] };
  try {
    // The engine's heap grows with its first messages whatever the numbers, and the hot paths compile: warm up.
    let next = 0;
    await flood(e, next, o.warmup, 'warm-up');
    next += o.warmup;
    for (const add of [0, 2, 4]) {
      await addNumbers(e, add);
      const live = [...e.numbers.keys()];
      counts.push(live.length);
      const before = await steadyRss(e, o.settleMs);
      idle.push(before.rss);
      if (live.length === 3) {
        for (let r = 0; r < o.rounds; r++) {
          const order = r % 2 ? (['three', 'one'] as const) : (['one', 'three'] as const);
          for (const side of order) {
            const ids = side === 'one' ? live.slice(0, 1) : live;
            const seconds = await flood(e, next, o.chunk, `${side} number(s), round ${r + 1}`, ids);
            next += o.chunk;
            spent[side] += seconds;
            chunks[side].push(o.chunk / seconds);
          }
        }
      } else {
        await flood(e, next, o.rssFlood, `${live.length} numbers`);
        next += o.rssFlood;
      }
      const after = await steadyRss(e, o.settleMs / 2);
      flooded.push(after.rss);
      heap.push(after.heap);
      console.log(
        `numbers: ${live.length} live, RSS idle ${idle.at(-1)?.toFixed(1)} MB, after its flood ` +
          `${flooded.at(-1)?.toFixed(1)} MB, JS heap ${after.heap.toFixed(1)} MB (at ${at()})`,
      );
    }
  } finally {
    await e.stop();
  }
  const oneRate = (o.chunk * o.rounds) / spent.one;
  const threeRate = (o.chunk * o.rounds) / spent.three;
  const r0 = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(' ');
  console.log(`numbers: msg/s per chunk, one number: ${r0(chunks.one)}; three numbers: ${r0(chunks.three)}`);
  const perIdle = slope(counts, idle);
  const perFlooded = slope(counts, flooded);
  const f = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(' / ');
  return [
    atLeast('three numbers: throughput (msg/s)', threeRate, '/s', Math.round(0.8 * oneRate), {
      baseline: oneRate,
      note:
        `${o.rounds} x ${o.chunk} messages split over three simulated numbers (terminals 1, 2, 3) vs the same ` +
        `chunks all on the primary, alternating on one engine (per chunk, three: ${r0(chunks.three)}; one: ` +
        `${r0(chunks.one)} msg/s); every message checked: forwarded once, with its own number's terminal`,
    }),
    atLeast('three vs one number (ratio)', threeRate / oneRate, 'x', 0.8, {
      note:
        'the numbers share one log and one OtomaX queue with its concurrency, so a flood split three ways should ' +
        'go about as fast as on one number; >= 0.8x leaves room for the noise of a shared 2-core machine, a lower ' +
        'ratio means a per-number cost on the shared path (each number its own session, queue and events)',
    }),
    atMost('RSS per added number (MB)', Math.max(perIdle, perFlooded), 'MB', 15, {
      note:
        `engine RSS (after a full GC) with ${counts.join(' / ')} numbers: idle ${f(idle)} MB, after a flood ` +
        `${f(flooded)} MB (slopes ${round(perIdle)} and ${round(perFlooded)} MB a number; the larger is the row; JS heap ` +
        `${heap.map((x) => x.toFixed(1)).join(' / ')} MB, ${round(slope(counts, heap))} MB a number). Below 0: less than RSS can resolve. ` +
        '15 MB: at the 20-number limit that is 300 MB on top of the engine, within a shop PC; a simulated number ' +
        'holds its session, send queue, pace and limits but no WebSocket or Signal keys, which a real Baileys ' +
        'session adds on top (not measured here)',
    }),
  ];
}
