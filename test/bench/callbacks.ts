/**
 * OtomaX outbox callbacks offered at 1,000 a second: each is checked (token), stored and answered 200; the time to
 * the 200 is what OtomaX waits for. The engine runs as the app ships it: the built headless bundle in its own
 * process (built-headless.ts), so the client's work here does not share the engine's event loop. Sending them on
 * WhatsApp is paced by the send rate (at most 50/s, a ban guard), so "sent and acknowledged" drains later: measured
 * as a note, with the engine's CPU time per callback (utime + stime from /proc, Linux).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { otomaxToken } from '../../electron/core/otomax/token';
import { freePort, startChildHost } from '../helpers/child-host';
import { tempDir } from '../helpers/tmp';
import { startOtomaxSim } from '../sim/otomax/sim';
import { buildHeadless } from './built-headless';
import { benchHostArgs } from './engine-process';
import { atLeast, atMost, type BenchRow } from './rows';

const RATE = 1000;
const IN_FLIGHT = 64;
const CREDS = { appId: 'APPID123', appKey: 'appkey-secret', devKey: 'devkey-secret' };
const API_KEY = 'bench-api-key-0123456789';
const ENV = {
  JEMBATAN_API_KEY: API_KEY,
  OTOMAX_APP_KEY: CREDS.appKey,
  OTOMAX_DEV_KEY: CREDS.devKey,
  JEMBATAN_KEYCHAIN_SERVICE: `JembatanBenchCb${process.pid}`,
};
const BUILD_DIR = join('bench-results', 'cache', 'headless-build');
/** Seconds after the last 200 in which the paced sends are counted. */
const DRAIN_S = 3;
/**
 * Callbacks offered first at the same rate and not counted: a shop's engine has run for hours when a burst comes,
 * so the first second of a fresh process (code not yet optimized, statements run for the first time) is left out.
 */
const warmupOf = (n: number) => Math.min(500, Math.floor(n / 4));

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
};

/** CPU time a process has used (user, system), in ms; NaN where /proc is missing. */
export function cpuMs(pid: number): { user: number; system: number } {
  const file = `/proc/${pid}/stat`;
  if (!existsSync(file)) return { user: NaN, system: NaN };
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const stat = readFileSync(file, 'utf8');
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // USER_HZ is 100 on Linux: one tick is 10 ms.
  return { user: Number(rest[11]) * 10, system: Number(rest[12]) * 10 };
}

export interface CallbackBenchOptions {
  /** Node flags for the engine child (e.g. --cpu-prof); the bundle path is appended. */
  nodeFlags?: string[];
  /** A bundle built already (another version, side by side); default: build this checkout's. */
  entry?: string;
}

export async function callbackRows(n: number, o: CallbackBenchOptions = {}): Promise<BenchRow[]> {
  const entry = o.entry ?? (await buildHeadless(BUILD_DIR));
  const dir = tempDir('jembatan-bench-cb-');
  const sim = await startOtomaxSim({
    resellers: [{ kode: 'R0001', phone: '6281234567890', saldo: 1e12, pin: '1234' }],
    callback: { delayMs: 10 ** 9 },
  });
  const port = await freePort();
  const child = await startChildHost([...benchHostArgs(dir.dir, port, sim.url), '--send-rate=50'], ENV, 30_000, [
    ...(o.nodeFlags ?? []),
    entry,
  ]);
  const pid = child.proc.pid as number;
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: IN_FLIGHT });
  const api = async <T>(path: string): Promise<T> => {
    const r = await request(`${child.url}${path}`, {
      headers: { authorization: `Bearer ${API_KEY}` },
      dispatcher: agent,
    });
    if (r.statusCode !== 200) throw new Error(`${path} answered ${r.statusCode}`);
    return ((await r.body.json()) as { results: T }).results;
  };
  try {
    const until = Date.now() + 15_000;
    while ((await api<{ whatsapp?: { state: string } }>('/otomax/health')).whatsapp?.state !== 'open') {
      if (Date.now() > until) throw new Error('WhatsApp (simulated) did not open');
      await new Promise((r) => setTimeout(r, 100));
    }
    const { url } = await api<{ url: string }>('/otomax/callback-url');
    const warmup = warmupOf(n);
    const bodies = Array.from({ length: warmup + n }, (_, i) => {
      const kode = 900_000 + i;
      const m = {
        kode,
        penerima: `0812${String(i % 5000).padStart(8, '0')}`,
        tipe_penerima: 'W',
        pesan: `R#${i} S5.08110000${i} SUKSES. SN: ${i * 7919}. Saldo 1.234.567`,
        kode_inbox: null,
        kode_transaksi: i,
        kode_reseller: 'R0001',
        kode_terminal: 1,
        status: 0,
      };
      // OtomaX holds the row too, so its UpdateStatusOutbox is accepted (the report path as in a shop).
      sim.outbox.push({ ...m, tgl_entri: new Date().toISOString(), acked: false, tries: 0 });
      const body = JSON.stringify(m);
      return { body, token: otomaxToken(CREDS, body) };
    });
    /** Offer bodies [from, from + count) paced at RATE with IN_FLIGHT in flight; the time to each 200, in ms. */
    const offer = async (from: number, count: number): Promise<number[]> => {
      const latencies: number[] = [];
      let next = 0;
      const start = performance.now();
      const deadline = Date.now() + 60_000;
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < count) {
            if (Date.now() > deadline) throw new Error('callback bench time limit');
            const i = next++;
            const due = start + (i * 1000) / RATE;
            const wait = due - performance.now();
            if (wait > 0) await new Promise((r) => setTimeout(r, wait));
            const { body, token } = bodies[from + i] as { body: string; token: string };
            const s = performance.now();
            const r = await request(url, {
              method: 'POST',
              body,
              headers: { 'content-type': 'application/json', token },
              dispatcher: agent,
            });
            await r.body.text();
            if (r.statusCode !== 200) throw new Error(`callback answered ${r.statusCode}`);
            latencies.push(performance.now() - s);
          }
        }),
      );
      return latencies;
    };
    await offer(0, warmup);
    const sentBefore = (await api<unknown[]>('/dev/whatsapp/sent')).length;
    const reportedBefore = sim.statusUpdates.length;
    const cpu0 = cpuMs(pid);
    const t0 = performance.now();
    const latencies = await offer(warmup, n);
    const seconds = (performance.now() - t0) / 1000;
    const cpu1 = cpuMs(pid);
    const userPer = (cpu1.user - cpu0.user) / n;
    const systemPer = (cpu1.system - cpu0.system) / n;
    const cpuPerCallback = userPer + systemPer;
    // A short look at the drain: how many went out on WhatsApp and were reported in the next seconds (paced).
    await new Promise((r) => setTimeout(r, DRAIN_S * 1000));
    const sent = (await api<unknown[]>('/dev/whatsapp/sent')).length - sentBefore;
    const reported = sim.statusUpdates.length - reportedBefore;
    const cpuNote = Number.isFinite(cpuPerCallback)
      ? `engine CPU ${cpuPerCallback.toFixed(3)} ms per callback (user ${userPer.toFixed(3)} + system ${systemPer.toFixed(3)}, /proc of its own process); `
      : '';
    return [
      atLeast('callbacks accepted per second (offered 1,000/s)', n / seconds, '/s', 1000 * 0.98, {
        note: `${n} callbacks to the built headless engine in its own process (after ${warmup} not counted, same rate), token checked, stored, 200; ${cpuNote}${sent} sent on WhatsApp and ${reported} reported to OtomaX from the first counted callback to ${DRAIN_S} s after the last 200 (send rate 50/s by design)`,
      }),
      atMost('callback time to the 200, p99', pct(latencies, 0.99), 'ms', 10, {
        note: `p50 ${pct(latencies, 0.5).toFixed(1)} ms, max ${pct(latencies, 1).toFixed(1)} ms, ${IN_FLIGHT} in flight`,
      }),
    ];
  } finally {
    await agent.close();
    child.proc.kill('SIGTERM');
    await Promise.race([child.exited, new Promise((r) => setTimeout(r, 10_000))]);
    await sim.close();
    dir.cleanup();
  }
}
