import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { Db } from '../../../electron/core/db/open';
import { openDatabase } from '../../../electron/core/db/open';
import { REDACT_PATHS, type Logger } from '../../../electron/core/kernel/logger';
import { createQontakClient, type QontakClientOptions } from '../../../electron/core/qontak/client';
import type { MekariSim } from '../../sim/mekari/server';

/** A logger at trace level whose lines the test can read, configured like the app's (same redaction). */
export function captureLog(): { log: Logger; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString('utf8'));
      cb();
    },
  });
  const log = pino({ level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, stream);
  return { log, text: () => chunks.join('') };
}

/** A clock the test moves; sleeping advances it by the time slept (and records how long). */
export function fakeTime(start = Math.floor(Date.now() / 1000) * 1000) {
  let now = start;
  const sleeps: number[] = [];
  return {
    clock: { now: () => now },
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => void (now += ms),
  };
}

export function simClient(sim: MekariSim, log: Logger, extra: Partial<QontakClientOptions> = {}) {
  return createQontakClient({
    baseUrl: sim.url,
    clientId: sim.clientId,
    clientSecret: sim.clientSecret,
    clock: { now: () => Date.now() },
    log,
    ...extra,
  });
}

export function tempDb(): { file: string; open: () => Db; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'jembatan-qontak-'));
  const file = join(dir, 'jembatan.db');
  return { file, open: () => openDatabase(file), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Poll a condition with a deadline (real time): the campaign loops run on real timers. */
export async function until(check: () => boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
