/**
 * The client's bookkeeping per attempt is lighter (issue 15): the attempts in flight are a set that close() aborts
 * (no listener on a shared signal each time), the debug line and its redacted URL are built only when debug is on.
 * What must hold: close() lets an attempt in flight finish within its grace and then cuts it; no new attempt starts
 * after close(); the debug line never carries the token.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OtomaxError } from '../../../electron/core/otomax/client';
import { formatOtomaxExp } from '../../../electron/core/otomax/exp';
import { attemptTimerMs } from '../../../electron/core/otomax/transport';
import { startOtomaxSim } from '../../sim/otomax/sim';
import { attemptLog, capturedLogger, inboxBody, settle, simClient } from './helpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** A server on loopback that takes requests and never answers them. */
async function silentServer(): Promise<{ url: string; received: () => number }> {
  let received = 0;
  const server: Server = createServer(() => {
    received++;
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, received: () => received };
}

describe('OtomaX client: close() and the attempts in flight', () => {
  it('close() cuts an attempt that outlives the grace; the call fails, no retry starts, close resolves', async () => {
    const s = await silentServer();
    const sim = { url: s.url } as Parameters<typeof simClient>[0];
    const client = simClient(sim, { timeoutMs: 60_000 });
    const a = attemptLog();
    const call = settle(client.insertInbox(inboxBody(), { onAttempt: a.onAttempt }));
    const until = Date.now() + 5_000;
    while (s.received() < 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect(s.received()).toBe(1);
    const t0 = performance.now();
    await client.close();
    const closedAfter = performance.now() - t0;
    const r = await call;
    expect(r.ok).toBe(false);
    expect((r as { error: unknown }).error).toBeInstanceOf(OtomaxError);
    // The 2 s grace, then the cut (well under the 60 s attempt timeout).
    expect(closedAfter).toBeGreaterThanOrEqual(1_900);
    expect(closedAfter).toBeLessThan(10_000);
    expect(a.records).toHaveLength(1);
    expect(a.records[0]?.outcome).not.toBe('ok');
    expect(s.received()).toBe(1);
  }, 20_000);

  it('the debug line of an attempt names the method URL with the token redacted, and only when debug is on', async () => {
    const sim = await startOtomaxSim();
    cleanups.push(() => sim.close());
    const debug = capturedLogger('debug');
    const on = simClient(sim, { log: debug.log });
    await on.insertInbox(inboxBody());
    await on.close();
    expect(debug.text()).toContain('OtomaX attempt');
    expect(debug.text()).toContain('/InsertInbox');
    expect(debug.text()).not.toMatch(/token=(?!\[redacted\])/);
    const info = capturedLogger('info');
    const off = simClient(sim, { log: info.log });
    await off.insertInbox(inboxBody());
    await off.close();
    expect(info.text()).not.toContain('OtomaX attempt');
  });
});

describe('OtomaX client: the timer of an attempt that _exp cuts short', () => {
  it('is the time left rounded down to a 50 ms grid (never later), exact for the timeout and the last second', () => {
    expect(attemptTimerMs(29_987, 30_000)).toBe(29_950);
    expect(attemptTimerMs(29_950, 30_000)).toBe(29_950);
    expect(attemptTimerMs(1_049, 30_000)).toBe(1_000);
    expect(attemptTimerMs(999, 30_000)).toBe(999);
    expect(attemptTimerMs(30_000, 30_000)).toBe(30_000);
    expect(attemptTimerMs(1_234, 1_000)).toBe(1_234);
    for (let left = 1; left < 40_000; left += 7) expect(attemptTimerMs(left, 30_000)).toBeLessThanOrEqual(left);
  });

  it('an InsertInbox that gets no answer times out on the grid, before its _exp, and is not sent again', async () => {
    const s = await silentServer();
    const client = simClient({ url: s.url } as Parameters<typeof simClient>[0], { timeoutMs: 30_000 });
    cleanups.push(() => client.close());
    const exp = Math.ceil((Date.now() + 2_500) / 1000) * 1000;
    const a = attemptLog();
    const r = await settle(client.insertInbox(inboxBody({ _exp: formatOtomaxExp(exp) }), { onAttempt: a.onAttempt }));
    expect(r.ok).toBe(false);
    const first = a.records[0]!;
    expect(first.outcome).toBe('timeout');
    const ms = Number(/no answer within (\d+) ms/.exec(first.error ?? '')?.[1]);
    expect(ms % 50).toBe(0);
    expect(ms).toBeLessThanOrEqual(exp - first.startedAt);
    expect(first.finishedAt).toBeLessThanOrEqual(exp + 25);
    expect(s.received()).toBe(1);
  }, 15_000);
});
