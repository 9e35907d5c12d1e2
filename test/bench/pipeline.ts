/**
 * The pipeline rows' engine as the app ships it: the headless host built by Vite (built-headless.ts) in its own
 * process, the OtomaX simulator and the client here, as in a shop where the engine (Electron main) and OtomaX are
 * separate processes. The messages come over a WebSocket as from WhatsApp's server (whatsapp-feed.ts: the engine's
 * simulated number holds one socket to the bench, one frame a message, no answer per message), not as HTTP requests
 * to the dev route. A message is done when the simulator has its InsertInbox AND the engine counted its answer logged
 * (jembatan_forwarded_total over GET /metrics, read after the answer's commit). The engine's CPU time (utime + stime
 * from /proc) over the run is reported per message.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { freePort, startChildHost } from '../helpers/child-host';
import { tempDir } from '../helpers/tmp';
import { startOtomaxSim } from '../sim/otomax/sim';
import { buildHeadless } from './built-headless';
import { benchHostArgs } from './engine-process';
import { startWhatsAppFeed, type WhatsAppFeed } from './whatsapp-feed';

const API_KEY = 'bench-api-key-0123456789';
const BUILD_DIR = join('bench-results', 'cache', 'headless-build');
/** Clock ticks per second of /proc/PID/stat (USER_HZ: 100 on Linux). */
const USER_HZ = 100;

export interface PipelineRun {
  seconds: number;
  /** Accepted by the engine → the simulator has the InsertInbox, per message (ms). */
  latencies: number[];
  /** The engine process's CPU (user + system) over the run, ms; NaN without /proc. */
  engineCpuMs: number;
  /** The engine's RSS at the end, MB; NaN without /proc. */
  engineRssMb: number;
}

/** utime + stime of a process, in ms (NaN without /proc). */
export function cpuMs(pid: number): number {
  const path = `/proc/${pid}/stat`;
  if (!existsSync(path)) return NaN;
  const stat = readFileSync(path, 'utf8');
  // The command name (field 2) may hold spaces: count the fields after its closing parenthesis.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / USER_HZ;
}

function rssMb(pid: number): number {
  const path = `/proc/${pid}/status`;
  if (!existsSync(path)) return NaN;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(path, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

let built: Promise<string> | null = null;

/** Wall-clock ms with sub-millisecond resolution (one clock for the sender and the simulator, both here). */
export const hiResNow = (): number => performance.timeOrigin + performance.now();

/**
 * n messages through the engine child, `inFlight` at once, at most `ratePerSecond` started a second when given;
 * bounded by `timeLimitMs` (the flood, the drain and the answers each). Over the feed (the default) a message is in
 * flight from its frame until the simulator has its InsertInbox (no answer comes back on the socket to wait for);
 * over the dev route ('http', the way before, kept for A/B runs and for bundles of older code) until its 200.
 */
export async function pipelineInChild(o: {
  n: number;
  inFlight: number;
  concurrency: number;
  text: (i: number) => string;
  reseller: string;
  timeLimitMs: number;
  ratePerSecond?: number;
  /** Another built bundle (an A/B run against older code); default: this checkout's, built once. */
  entry?: string;
  /** Messages sent first, the same way and at the same rate, and not counted (the engine's start; see below). */
  warmup?: number;
  /** Node flags for the engine child, before the bundle (a CPU profile: --cpu-prof --cpu-prof-dir=DIR). */
  nodeArgs?: string[];
  /** How the messages reach the engine: 'feed' (default, a WebSocket as from WhatsApp) or 'http' (the dev route). */
  ingest?: 'feed' | 'http';
}): Promise<PipelineRun> {
  const ingest = o.ingest ?? 'feed';
  built ??= o.entry ? Promise.resolve(o.entry) : buildHeadless(BUILD_DIR);
  const entry = o.entry ?? (await built);
  const dir = tempDir('jembatan-pipeline-');
  /** The feed's senders waiting for their message's InsertInbox, by its text. */
  const arrivals = new Map<string, () => void>();
  const sim = await startOtomaxSim({
    resellers: [{ kode: 'R0001', phone: o.reseller, saldo: 1e12, pin: '1234' }],
    callback: { delayMs: 10 ** 9 },
    // Sub-millisecond stamps (Date.now() rounds each end to a whole ms): the latencies are compared with the
    // baseline's, taken with performance.now().
    now: hiResNow,
    // Called right after the InsertInbox is in sim.inbox: its sender may send the next message.
    onEvent: (event) => {
      if (event !== 'inbox') return;
      const text = sim.inbox[sim.inbox.length - 1]?.pesan;
      const done = text === undefined ? undefined : arrivals.get(text);
      if (done) {
        arrivals.delete(text as string);
        done();
      }
    },
  });
  const feed: WhatsAppFeed | null = ingest === 'feed' ? await startWhatsAppFeed() : null;
  const port = await freePort();
  const args = [
    ...benchHostArgs(dir.dir, port, sim.url).map((a) =>
      a.startsWith('--otomax-concurrency=') ? `--otomax-concurrency=${o.concurrency}` : a,
    ),
    ...(feed ? [`--whatsapp-sim-feed=${feed.url}`] : []),
  ];
  const child = await startChildHost(
    args,
    {
      JEMBATAN_API_KEY: API_KEY,
      OTOMAX_APP_KEY: 'appkey-secret',
      OTOMAX_DEV_KEY: 'devkey-secret',
      JEMBATAN_KEYCHAIN_SERVICE: `JembatanPipeline${process.pid}`,
    },
    30_000,
    [...(o.nodeArgs ?? []), entry],
  );
  const pid = child.proc.pid as number;
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: o.inFlight });
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const r = await request(`${child.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      dispatcher: agent,
    });
    return { status: r.statusCode, text: await r.body.text() };
  };
  const waitFor = async (what: string, ok: () => Promise<boolean> | boolean, ms: number, every = 20) => {
    const until = Date.now() + ms;
    while (!(await ok())) {
      if (Date.now() > until) throw new Error(`bench: ${what} not reached in ${ms} ms`);
      await new Promise((r) => setTimeout(r, every));
    }
  };
  try {
    await waitFor(
      'WhatsApp (simulated) open',
      async () => {
        const h = JSON.parse((await call('GET', '/otomax/health')).text) as {
          results: { whatsapp?: { state: string } };
        };
        return h.results.whatsapp?.state === 'open';
      },
      15_000,
      100,
    );
    await feed?.connected(15_000);
    const forwarded = async () => {
      const m = /^jembatan_forwarded_total(?:\{[^}]*\})? (\d+)/m.exec((await call('GET', '/metrics')).text);
      return m ? Number(m[1]) : 0;
    };
    const sentAt = new Map<string, number>();
    // The warm-up is not counted: a freshly started engine's first messages compile its code on first use and open the
    // connection to OtomaX (measured: the first 3 to 6 messages at 50/s took 16-55 ms, the rest 3-6 ms), which made
    // the p99 of a few hundred messages the process's start, not its steady latency; a shop's engine runs for days.
    // The counted messages follow it in the same stream, at the same pace, without a pause between (the callback rows
    // leave out their first callbacks the same way).
    const warmup = o.warmup ?? 0;
    const total = warmup + o.n;
    let cpu0 = cpuMs(pid);
    let t0 = performance.now();
    const wallStart = Date.now();
    const deadline = wallStart + o.timeLimitMs;
    /** Over the feed: the frame, then the wait until the simulator has this message's InsertInbox (its slot frees). */
    const overFeed = (ws: WhatsAppFeed, i: number, text: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`bench: message ${i} not at the simulator in time`)),
          Math.max(0, deadline - Date.now()),
        );
        arrivals.set(text, () => {
          clearTimeout(timer);
          resolve();
        });
        // The stamp right before the frame leaves: the message is "sent by the phone" now.
        sentAt.set(text, hiResNow());
        ws.send({ from: o.reseller, text, id: `BENCH${i}` });
      });
    const overHttp = async (i: number, text: string) => {
      sentAt.set(text, hiResNow());
      const r = await call('POST', '/dev/whatsapp/incoming', { from: o.reseller, text, id: `BENCH${i}` });
      if (r.status !== 200) throw new Error(`incoming ${r.status}`);
    };
    let next = 0;
    await Promise.all(
      Array.from({ length: o.inFlight }, async () => {
        while (next < total) {
          if (Date.now() > deadline) throw new Error('bench time limit');
          const i = next++;
          if (o.ratePerSecond) {
            const due = wallStart + (i * 1000) / o.ratePerSecond;
            if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
          }
          if (i === warmup && warmup) {
            cpu0 = cpuMs(pid);
            t0 = performance.now();
          }
          const text = o.text(i);
          await (feed ? overFeed(feed, i, text) : overHttp(i, text));
        }
      }),
    );
    await waitFor('all InsertInbox', () => sim.inbox.length >= total, o.timeLimitMs);
    // The answer recorded in the log is the end of the pipeline's work for a message.
    await waitFor('all answers logged', async () => (await forwarded()) >= total, o.timeLimitMs);
    if (feed?.errors.length) throw new Error(`bench: the feed refused messages: ${feed.errors[0]}`);
    const seconds = (performance.now() - t0) / 1000;
    const engineCpuMs = cpuMs(pid) - cpu0;
    const measured = new Set(Array.from({ length: o.n }, (_, k) => o.text(warmup + k)));
    const latencies = sim.inbox
      .filter((r) => measured.has(r.pesan))
      .map((r) => r.receivedAt - (sentAt.get(r.pesan) as number));
    return { seconds, latencies, engineCpuMs, engineRssMb: rssMb(pid) };
  } finally {
    await agent.close();
    child.proc.kill('SIGTERM');
    await Promise.race([child.exited, new Promise((r) => setTimeout(r, 10_000))]);
    await feed?.close();
    await sim.close();
    dir.cleanup();
  }
}
