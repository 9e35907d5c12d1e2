/**
 * The paced bare baseline sent from its own process. The pipeline's one-way latency crosses two process boundaries
 * (the bench's client -> the engine -> the simulator back in the bench process), and so does any bridge: the engine is
 * a program of its own beside OtomaX. A round trip inside one process crosses none: on this 2-core VM a paced
 * keep-alive round trip took 0.81-0.86 ms at p50 inside one process and 1.11-1.14 ms from another (two wake-ups of a
 * process waiting in epoll), so "added latency" counted the cost of being a separate process as the engine's own
 * time. From here the bare InsertInbox crosses two boundaries too (the request and its answer), with the same signed
 * bodies, the same pacing and the same client as before.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { otomaxToken } from '../../electron/core/otomax/token';

export interface BareJob {
  /** The simulator's base URL (ends in '/'). */
  url: string;
  creds: { appId: string; appKey: string; devKey: string };
  pengirim: string;
  /** One per message: the warm-up's first, then the counted ones. */
  texts: string[];
  /** How many of `texts` are sent first and not counted. */
  warmup: number;
  inFlight: number;
  ratePerSecond: number;
  timeLimitMs: number;
}

export interface BareResult {
  /** Round trip per counted message, ms. */
  latencies: number[];
  /** From the first counted message to the last answer. */
  seconds: number;
}

const FLAG = '--bench-bare-client';

/** Run `job` in a child process (this file, forked with the bench's own node flags). */
export function bareFromChild(job: BareJob): Promise<BareResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [FLAG], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('bench: the bare client did not finish in time'));
    }, job.timeLimitMs + 10_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve(m as BareResult);
      child.kill();
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bench: the bare client exited (${String(code)}) without a result`));
    });
    child.send(job);
  });
}

async function run(job: BareJob): Promise<BareResult> {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: job.inFlight });
  const latencies: number[] = [];
  const start = Date.now();
  const deadline = start + job.timeLimitMs;
  let t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: job.inFlight }, async () => {
      while (next < job.texts.length) {
        if (Date.now() > deadline) throw new Error('bench time limit');
        const i = next++;
        const due = start + (i * 1000) / job.ratePerSecond;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        if (i === job.warmup) t0 = performance.now();
        const exp = new Date(Date.now() + 30_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
        const body = JSON.stringify({
          pesan: job.texts[i],
          kode_reseller: '',
          pengirim: job.pengirim,
          tipe_pengirim: 'W',
          kode_terminal: 1,
          _exp: exp,
        });
        const s = performance.now();
        const r = await request(`${job.url}InsertInbox?token=${otomaxToken(job.creds, body)}`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
          dispatcher: agent,
        });
        await r.body.json();
        if (i >= job.warmup) latencies.push(performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await agent.close();
  return { latencies, seconds };
}

if (process.argv.includes(FLAG)) {
  process.once('message', (job) => {
    run(job as BareJob).then(
      (r) => process.send?.(r, () => process.exit(0)),
      (e: unknown) => {
        console.error('bare client:', e);
        process.exit(1);
      },
    );
  });
}
