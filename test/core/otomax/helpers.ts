import { Writable } from 'node:stream';
import { createRootLogger, silentLogger, type Logger } from '../../../electron/core/kernel/logger';
import { createOtomaxClient } from '../../../electron/core/otomax/client';
import { formatOtomaxExp } from '../../../electron/core/otomax/exp';
import type {
  AttemptRecord,
  InsertInboxBody,
  OtomaxClient,
  OtomaxClientOptions,
} from '../../../electron/core/otomax/types';
import type { OtomaxSim } from '../../sim/otomax/sim';
import { SPEC_CREDS } from './vectors';

export const systemClock = { now: () => Date.now() };

/** A client against the simulator with short timeouts and near-zero backoff (fault tests stay fast). */
export function simClient(sim: OtomaxSim, over: Partial<OtomaxClientOptions> = {}): OtomaxClient {
  return createOtomaxClient({
    baseUrl: sim.url,
    ...SPEC_CREDS,
    timeoutMs: 1_000,
    retries: 3,
    backoffMs: [5, 5, 5],
    clock: systemClock,
    log: silentLogger(),
    ...over,
  });
}

export function inboxBody(over: Partial<InsertInboxBody> = {}, now = Date.now()): InsertInboxBody {
  return {
    pesan: 'SAL.1234',
    kode_reseller: '',
    pengirim: '6281234567890',
    tipe_pengirim: 'W',
    kode_terminal: 1,
    _exp: formatOtomaxExp(now + 30_000),
    ...over,
  };
}

export function attemptLog(): { records: AttemptRecord[]; onAttempt: (a: AttemptRecord) => void } {
  const records: AttemptRecord[] = [];
  return { records, onAttempt: (a) => records.push(a) };
}

/** A pino root logger writing into a string (to prove what never reaches a log line). */
export function capturedLogger(level = 'trace'): { log: Logger; text: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString('utf8'));
      cb();
    },
  });
  return { log: createRootLogger({ level, destination }), text: () => chunks.join('') };
}

export async function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await p };
  } catch (error) {
    return { ok: false, error };
  }
}
