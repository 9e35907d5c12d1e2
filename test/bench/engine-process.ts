/**
 * The engine alone in its own process (the headless host built as the app ships it, run by node; see
 * built-headless.ts), the OtomaX simulator here: time to ready, RSS after a flood of messages, and RSS over a
 * bounded soak at a steady rate. The messages come over a WebSocket as from WhatsApp's server (whatsapp-feed.ts:
 * one frame a message, no answer per message). RSS is read from /proc (Linux); elsewhere these rows are left out.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { freePort, startChildHost } from '../helpers/child-host';
import { tempDir } from '../helpers/tmp';
import { startOtomaxSim } from '../sim/otomax/sim';
import { buildHeadless } from './built-headless';
import { startWhatsAppFeed } from './whatsapp-feed';
import { atMost, type BenchRow } from './rows';

const API_KEY = 'bench-api-key-0123456789';
const RESELLER = '6281234567890';
/** The flood's frames sent a loop turn (before the feed: the HTTP requests to the dev route in flight at once). */
const IN_FLIGHT = 16;
/** Messages accepted but not yet forwarded, at most: about 2 s of forwarding, far under the 30 s a message may wait. */
const MAX_BACKLOG = 2_000;
/** How long the engine is left quiet after the soak before its RSS is read (the memory trim acts after 10-12.5 s). */
const QUIET_MS = 20_000;
/** `--quick`: enough past the trim's 12.5 s (issue 15 wants the quick run under 3 minutes). */
export const QUICK_QUIET_MS = 15_000;

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * Where the engine's RSS is: anonymous memory (the V8 heap in 256 KB pages, malloc, SQLite's cache) and file-backed
 * pages (the node binary and native modules, shared with other processes, about 51 MB); threads (each worker
 * thread is a V8 isolate of its own).
 */
function memoryText(pid: number): string {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return `RSS ${(kb('VmRSS') / 1024).toFixed(0)} MB (anon ${(kb('RssAnon') / 1024).toFixed(0)}, files ${(kb('RssFile') / 1024).toFixed(0)}), ${kb('Threads')} threads`;
}

/** CPU seconds the process used so far (user + system, from /proc/PID/stat). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const ENV = {
  JEMBATAN_API_KEY: API_KEY,
  OTOMAX_APP_KEY: 'appkey-secret',
  OTOMAX_DEV_KEY: 'devkey-secret',
  JEMBATAN_KEYCHAIN_SERVICE: `JembatanBench${process.pid}`,
};

/** The flags of an engine child under load: simulated WhatsApp, OtomaX (the simulator) on, no auto-replies. */
export function benchHostArgs(dataDir: string, port: number, otomaxUrl: string): string[] {
  return [
    `--data-dir=${dataDir}`,
    '--host=127.0.0.1',
    `--port=${port}`,
    '--whatsapp=simulated',
    '--otomax-enabled=true',
    `--otomax-api-url=${otomaxUrl}`,
    '--otomax-app-id=APPID123',
    '--otomax-auto-reply-enabled=false',
    '--otomax-concurrency=8',
    '--log-level=error',
  ];
}

/** Spawn to "listening" (the REST API line: database open and migrated, HTTP bound), `runs` fresh starts. */
async function readyTimes(entry: string[], runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = tempDir('jembatan-ready-');
    const t0 = performance.now();
    const child = await startChildHost(
      [`--data-dir=${dir.dir}`, '--host=127.0.0.1', '--port=0', '--whatsapp=simulated', '--log-level=error'],
      ENV,
      30_000,
      entry,
    );
    times.push(performance.now() - t0);
    child.proc.kill('SIGTERM');
    await Promise.race([child.exited, new Promise((r) => setTimeout(r, 10_000))]);
    dir.cleanup();
  }
  return times.sort((a, b) => a - b);
}

const BUILD_DIR = join('bench-results', 'cache', 'headless-build');

/** Ready time of the built headless host (median of 3 fresh starts), the tsx start as its baseline. */
export async function readyRows(): Promise<BenchRow[]> {
  const built = [await buildHeadless(BUILD_DIR)];
  const readyBuilt = await readyTimes(built, 3);
  const readyTsx = await readyTimes(['--import', 'tsx', 'electron/headless.ts'], 1);
  return [
    atMost('ready: engine listening, database open (built headless)', readyBuilt[1] as number, 'ms', 1000, {
      baseline: readyTsx[0] as number,
      note: `median of 3 fresh starts (${readyBuilt.map((t) => t.toFixed(0)).join(', ')} ms), from spawn to the listening line, Vite bundle run by node ${process.versions.node}; baseline = the same with tsx`,
    }),
  ];
}

export async function engineProcessRows(o: {
  messages: number;
  soakMs: number;
  /** Node flags for the engine child, before the bundle (a CPU profile: --cpu-prof --cpu-prof-dir=DIR). */
  nodeFlags?: string[];
  /** How long the engine is left quiet after the soak before its RSS is read; default QUIET_MS. */
  quietMs?: number;
}): Promise<BenchRow[]> {
  const quietMs = o.quietMs ?? QUIET_MS;
  if (!existsSync('/proc/self/status')) return [];
  const built = [await buildHeadless(BUILD_DIR)];
  const dir = tempDir('jembatan-bench-');
  const sim = await startOtomaxSim({
    resellers: [{ kode: 'R0001', phone: RESELLER, saldo: 1e12, pin: '1234' }],
    callback: { delayMs: 10 ** 9 },
  });
  const feed = await startWhatsAppFeed();
  const port = await freePort();
  const child = await startChildHost(
    [...benchHostArgs(dir.dir, port, sim.url), `--whatsapp-sim-feed=${feed.url}`],
    ENV,
    30_000,
    [...(o.nodeFlags ?? []), ...built],
  );
  const pid = child.proc.pid as number;
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 4 });
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const r = await request(`${child.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      dispatcher: agent,
    });
    return { status: r.statusCode, json: (await r.body.json()) as { results: Record<string, unknown> } };
  };
  let sampler: NodeJS.Timeout | undefined;
  try {
    const until = Date.now() + 15_000;
    for (;;) {
      const h = await call('GET', '/otomax/health');
      if ((h.json.results.whatsapp as { state: string } | undefined)?.state === 'open') break;
      if (Date.now() > until) throw new Error('WhatsApp (simulated) did not open');
      await new Promise((r) => setTimeout(r, 100));
    }
    await feed.connected(15_000);
    const idle = memoryText(pid);
    const cpuBefore = cpuSeconds(pid);
    // One frame a message over the feed, as WhatsApp's server pushes it: nothing comes back to wait for.
    const send = (i: number) =>
      feed.send({ from: RESELLER, text: `S5.0811${String(i).padStart(7, '0')}.1234`, id: `RSS${i}` });
    // The peak: RSS sampled every 250 ms from the first message of the flood to the end of the drain.
    let peak = rssMb(pid);
    sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 250);
    // Flood: o.messages as fast as the engine takes and forwards them, bounded in time. Over HTTP the engine accepted
    // IN_FLIGHT requests at once and forwarded 8 at a time, so its backlog grew to MAX_BACKLOG; a feed has no answer
    // to wait for, so IN_FLIGHT frames go out a loop turn and the backlog (sent, not yet at the simulator) is held
    // under MAX_BACKLOG the same way: a message that waits 30 s expires unsent (its _exp), here every one is forwarded
    // and counted. The backlog now fills at once (over HTTP it grew by what the engine accepted beyond what it
    // forwarded): the peak was 150-153 MB in 2 quick runs against 123-146 MB over HTTP, alternating, load 2-4.
    let next = 0;
    const floodDeadline = Date.now() + 300_000;
    while (next < o.messages) {
      if (Date.now() > floodDeadline) throw new Error('flood time limit');
      if (next - sim.inbox.length >= MAX_BACKLOG) {
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      for (let k = 0; k < IN_FLIGHT && next < o.messages; k++) send(next++);
      await new Promise((r) => setImmediate(r));
    }
    const drainUntil = Date.now() + Math.max(120_000, o.messages * 40);
    while (sim.inbox.length < o.messages) {
      if (Date.now() > drainUntil) throw new Error('messages not all forwarded in time');
      await new Promise((r) => setTimeout(r, 100));
    }
    clearInterval(sampler);
    const atDrain = rssMb(pid);
    peak = Math.max(peak, atDrain);
    const cpuPerMessageMs = ((cpuSeconds(pid) - cpuBefore) * 1000) / o.messages;
    const drained = memoryText(pid);
    if (feed.errors.length) throw new Error(`bench: the feed refused messages: ${feed.errors[0]}`);
    // Soak: 20 messages a second for soakMs right after the flood (the engine at its working size), RSS every 5 s.
    const samples: number[] = [];
    const soakStart = Date.now();
    let i = o.messages;
    while (Date.now() - soakStart < o.soakMs) {
      const second = Date.now();
      for (let k = 0; k < 20; k++) send(i++);
      if (samples.length < Math.floor((Date.now() - soakStart) / 5000) + 1) samples.push(rssMb(pid));
      const rest = 1000 - (Date.now() - second);
      if (rest > 0) await new Promise((r) => setTimeout(r, rest));
    }
    samples.push(rssMb(pid));
    // Quiet: the engine gives back what the flood grew once it has been quiet for 10-12.5 s (kernel/memory-trim.ts).
    // The row is RSS after quietMs with no message; the note keeps RSS at the drain and the peak during the flood.
    await new Promise((r) => setTimeout(r, quietMs));
    const afterFlood = rssMb(pid);
    const flooded = memoryText(pid);
    const firstHalf = samples.slice(0, Math.ceil(samples.length / 2));
    const growth = (samples[samples.length - 1] as number) - Math.min(...firstHalf);
    return [
      // The row is the peak, the strictest reading: what the engine holds while the burst runs, not after it.
      atMost(`engine RSS, peak over ${o.messages.toLocaleString('en')} messages`, peak, 'MB', 150, {
        note: `the messages come over a WebSocket as from WhatsApp's server, one frame each; the highest RSS from the flood's first message to its drain (sampled every 250 ms); at the drain: ${drained}; ${quietMs / 1000} s after the soak's last message (${i.toLocaleString('en')} messages in all; the engine gives back what a burst grew after 10-12.5 s of quiet, docs/memory.md): ${afterFlood.toFixed(0)} MB, ${flooded}; idle before: ${idle}; the engine (built headless, WhatsApp simulated: Baileys not loaded) in its own process, the simulator outside it, the flood's backlog under ${MAX_BACKLOG.toLocaleString('en')}; engine CPU ${cpuPerMessageMs.toFixed(2)} ms a message`,
      }),
      atMost(`engine RSS growth over a ${Math.round(o.soakMs / 1000)} s soak at 20 msg/s`, growth, 'MB', 10, {
        note: `right after the flood, samples ${samples.map((s) => s.toFixed(0)).join(' ')} MB`,
      }),
    ];
  } finally {
    clearInterval(sampler);
    await agent.close();
    child.proc.kill('SIGTERM');
    await Promise.race([child.exited, new Promise((r) => setTimeout(r, 10_000))]);
    await feed.close();
    await sim.close();
    dir.cleanup();
  }
}
