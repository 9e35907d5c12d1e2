import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OtomaxError } from '../../../electron/core/otomax/client';
import { formatOtomaxExp } from '../../../electron/core/otomax/exp';
import type { OtomaxClientOptions } from '../../../electron/core/otomax/types';
import { startOtomaxSim, type OtomaxSim } from '../../sim/otomax/sim';
import { attemptLog, inboxBody, settle, simClient } from './helpers';

let sim: OtomaxSim;
beforeEach(async () => {
  sim = await startOtomaxSim();
});
afterEach(async () => {
  await sim.close();
});

/** Fake time: the clock only moves when the client sleeps, so the schedule is asserted exactly. */
function fakeTime(start = Date.parse('2026-01-05T10:00:00Z')) {
  let now = start;
  const delays: number[] = [];
  const opts: Pick<OtomaxClientOptions, 'clock' | 'sleep' | 'backoffMs'> = {
    clock: { now: () => now },
    sleep: async (ms) => {
      delays.push(ms);
      now += ms;
    },
    backoffMs: [1000, 2000, 4000],
  };
  return { opts, delays, now: () => now, advance: (ms: number) => (now += ms) };
}

async function failure(p: Promise<unknown>): Promise<OtomaxError> {
  const r = await settle(p);
  if (r.ok) throw new Error('expected a failure');
  expect(r.error).toBeInstanceOf(OtomaxError);
  return r.error as OtomaxError;
}

describe('retry schedule (injected sleep + clock)', () => {
  it('defaults: 3 retries after 1 s, 2 s, 4 s, then the last error', async () => {
    const t = fakeTime();
    const { backoffMs: _b, ...noBackoff } = t.opts;
    const c = simClient(sim, { ...noBackoff, backoffMs: undefined, retries: undefined });
    sim.fault('Test', { kind: 'status', status: 503 });
    const a = attemptLog();
    const e = await failure(c.test(undefined, { onAttempt: a.onAttempt }));
    expect(e.klass).toBe('http_5xx');
    expect(t.delays).toEqual([1000, 2000, 4000]);
    expect(a.records.map((r) => r.attempt)).toEqual([1, 2, 3, 4]);
    expect(a.records.map((r) => r.startedAt - a.records[0]!.startedAt)).toEqual([0, 1000, 3000, 7000]);
    expect(sim.requests).toHaveLength(4);
    await c.close();
  });

  it('stops as soon as an attempt succeeds', async () => {
    const t = fakeTime();
    const c = simClient(sim, t.opts);
    sim.fault('GetVersiOtomaX', { kind: 'status', status: 502, count: 2 });
    const a = attemptLog();
    await c.getVersiOtomaX({ onAttempt: a.onAttempt });
    expect(t.delays).toEqual([1000, 2000]);
    expect(a.records.map((r) => r.outcome)).toEqual(['http_5xx', 'http_5xx', 'ok']);
    await c.close();
  });

  it('retries: 0 means one attempt; a longer schedule repeats its last delay', async () => {
    const t = fakeTime();
    const c = simClient(sim, { ...t.opts, retries: 5, backoffMs: [100, 200] });
    sim.fault('Test', { kind: 'status', status: 500 });
    await failure(c.test(undefined, { retries: 0 }));
    expect(t.delays).toEqual([]);
    await failure(c.test());
    expect(t.delays).toEqual([100, 200, 200, 200, 200]);
    await c.close();
  });

  it('definite answers are never retried (ok:false, 4xx)', async () => {
    const t = fakeTime();
    const c = simClient(sim, t.opts);
    sim.fault('GetRs', { kind: 'status', status: 400 });
    await failure(c.getRs('R0001'));
    await failure(c.getSaldoRs('UNKNOWN'));
    expect(t.delays).toEqual([]);
    expect(sim.requests).toHaveLength(2);
    await c.close();
  });
});

describe('InsertInbox never goes past _exp', () => {
  it('cuts the schedule short: no sleep that would end past _exp, an expired record, the last error kept', async () => {
    const t = fakeTime();
    const c = simClient(sim, t.opts);
    sim.fault('InsertInbox', { kind: 'status', status: 503 });
    const a = attemptLog();
    const exp = formatOtomaxExp(t.now() + 5_000);
    const e = await failure(c.insertInbox(inboxBody({ _exp: exp }), { onAttempt: a.onAttempt }));
    expect(e).toMatchObject({ klass: 'expired', code: 'OTOMAX_EXPIRED', httpStatus: 503 });
    expect(e.message).toContain('HTTP 503');
    expect((e.cause as OtomaxError).klass).toBe('http_5xx');
    // attempts at +0, +1 s, +3 s; the next would start at +7 s > _exp (+5 s): not slept, not sent
    expect(t.delays).toEqual([1000, 2000]);
    expect(a.records.map((r) => [r.attempt, r.outcome])).toEqual([
      [1, 'http_5xx'],
      [2, 'http_5xx'],
      [3, 'http_5xx'],
      [4, 'expired'],
    ]);
    expect(a.records[3]!.error).toContain('HTTP 503');
    expect(sim.requests).toHaveLength(3);
    await c.close();
  });

  it('already past _exp: nothing is sent, one expired record', async () => {
    const t = fakeTime();
    const c = simClient(sim, t.opts);
    const a = attemptLog();
    const e = await failure(
      c.insertInbox(inboxBody({ _exp: formatOtomaxExp(t.now() - 1_000) }), { onAttempt: a.onAttempt }),
    );
    expect(e).toMatchObject({ klass: 'expired', code: 'OTOMAX_EXPIRED' });
    expect(a.records).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'expired', latencyMs: 0, httpStatus: null }),
    ]);
    expect(sim.requests).toHaveLength(0);
    await c.close();
  });

  it('exactly at _exp counts as passed', async () => {
    const t = fakeTime();
    const c = simClient(sim, t.opts);
    await failure(c.insertInbox(inboxBody({ _exp: formatOtomaxExp(t.now()) })));
    expect(sim.requests).toHaveLength(0);
    await c.close();
  });

  it('each attempt gets at most the time left before _exp (real timers)', async () => {
    // A clock 300 ms short of _exp, running in real time; the per-attempt timeout is 10 s.
    const exp = Math.ceil((Date.now() + 60_000) / 1000) * 1000;
    const offset = exp - 300 - Date.now();
    const c = simClient(sim, { clock: { now: () => Date.now() + offset }, timeoutMs: 10_000, backoffMs: [1000] });
    sim.fault('InsertInbox', { kind: 'hang' });
    const a = attemptLog();
    const t0 = Date.now();
    // safeRetryOnly:false: a timeout would be retried, were there time left before _exp.
    const e = await failure(
      c.insertInbox(inboxBody({ _exp: formatOtomaxExp(exp) }), { onAttempt: a.onAttempt, safeRetryOnly: false }),
    );
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(2_000);
    expect(e.klass).toBe('expired');
    expect(e.cause as OtomaxError).toMatchObject({ klass: 'ambiguous', code: 'OTOMAX_TIMEOUT' });
    expect(a.records.map((r) => r.outcome)).toEqual(['timeout', 'expired']);
    expect(a.records[0]!.latencyMs).toBeLessThanOrEqual(1_000);
    await c.close();
  });

  it('a bad _exp is refused before anything is sent', async () => {
    const c = simClient(sim);
    for (const bad of ['', 'tomorrow', '2025-10-18', '2025-10-18 20:30:30']) {
      await expect(c.insertInbox(inboxBody({ _exp: bad }))).rejects.toMatchObject({
        code: 'VALIDATION',
        field: '_exp',
      });
    }
    expect(sim.requests).toHaveLength(0);
    await c.close();
  });

  it('a pengirim not in canonical form (LID, 08..., +62) is refused before anything is sent', async () => {
    const c = simClient(sim);
    for (const bad of ['123456789012345@lid', '081234567890', '+6281234567890', '']) {
      await expect(c.insertInbox(inboxBody({ pengirim: bad }))).rejects.toMatchObject({
        code: 'VALIDATION',
        field: 'pengirim',
      });
    }
    expect(sim.requests).toHaveLength(0);
    await c.close();
  });

  it('the sim itself refuses a stale _exp (client clock behind): rejected, not retried', async () => {
    const c = simClient(sim, { clock: { now: () => Date.now() - 120_000 } });
    const e = await failure(c.insertInbox(inboxBody({}, Date.now() - 60_000)));
    expect(e).toMatchObject({ klass: 'rejected', desc: 'Request kedaluwarsa (_exp)' });
    expect(sim.requests).toHaveLength(1);
    expect(sim.inbox).toHaveLength(0);
    await c.close();
  });
});
