import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OtomaxError } from '../../../electron/core/otomax/client';
import type { OtomaxClient } from '../../../electron/core/otomax/types';
import { startOtomaxSim, type OtomaxSim } from '../../sim/otomax/sim';
import { attemptLog, inboxBody, settle, simClient } from './helpers';

let sim: OtomaxSim;
let client: OtomaxClient;

beforeEach(async () => {
  sim = await startOtomaxSim();
  client = simClient(sim);
});
afterEach(async () => {
  await client.close();
  await sim.close();
});

async function failure(p: Promise<unknown>): Promise<OtomaxError> {
  const r = await settle(p);
  if (r.ok) throw new Error('expected a failure');
  expect(r.error).toBeInstanceOf(OtomaxError);
  return r.error as OtomaxError;
}

const count = (method: string) => sim.requests.filter((r) => r.method === method).length;

describe('OtomaX client error classes over real loopback HTTP', () => {
  it('succeeds and keeps the raw answer', async () => {
    const a = attemptLog();
    const r = await client.insertInbox(inboxBody(), { onAttempt: a.onAttempt });
    expect(r).toMatchObject({ status: 21, statusDesc: 'Sukses Masuk Outbox', kode_inbox: sim.inbox[0]!.kode });
    expect(JSON.parse(r.raw)).toMatchObject({ ok: true, result: { status: 21 } });
    expect(a.records).toHaveLength(1);
    expect(a.records[0]).toMatchObject({
      method: 'InsertInbox',
      attempt: 1,
      outcome: 'ok',
      httpStatus: 200,
      error: null,
    });
  });

  it('refused (sim down): unreachable, retried, every attempt reported', async () => {
    await sim.down();
    const a = attemptLog();
    const e = await failure(client.test(undefined, { onAttempt: a.onAttempt }));
    expect(e).toMatchObject({ klass: 'unreachable', code: 'OTOMAX_UNREACHABLE', outcome: 'refused', httpStatus: null });
    expect(a.records.map((r) => r.outcome)).toEqual(['refused', 'refused', 'refused', 'refused']);
    expect(a.records.map((r) => r.attempt)).toEqual([1, 2, 3, 4]);
  });

  it('comes back once the sim is up again on the same port', async () => {
    await client.test();
    const port = sim.port;
    await sim.down();
    const e = await failure(client.test(undefined, { retries: 0 }));
    expect(e.klass).toBe('unreachable');
    await sim.up();
    expect(sim.port).toBe(port);
    await expect(client.test()).resolves.toMatchObject({ result: { pesan: 'OK' } });
  });

  it('5xx: http_5xx with status, retried until an attempt succeeds', async () => {
    sim.fault('GetSaldoRs', { kind: 'status', status: 503, count: 2 });
    const a = attemptLog();
    const r = await client.getSaldoRs('R0001', { onAttempt: a.onAttempt });
    expect(r).toMatchObject({ saldo: 100_000, saldo_minimal: 0, available: 100_000 });
    expect(a.records.map((x) => [x.outcome, x.httpStatus])).toEqual([
      ['http_5xx', 503],
      ['http_5xx', 503],
      ['ok', 200],
    ]);
  });

  it('5xx every time: the last error after retries+1 attempts', async () => {
    sim.fault('Test', { kind: 'status', status: 500 });
    const e = await failure(client.test());
    expect(e).toMatchObject({
      klass: 'http_5xx',
      code: 'OTOMAX_HTTP_5XX',
      httpStatus: 500,
      desc: 'Simulated HTTP 500',
    });
    expect(count('Test')).toBe(4);
  });

  it('reset before the body was read: ambiguous (the client cannot tell it was not processed)', async () => {
    sim.fault('Test', { kind: 'reset_before_body', count: 1 });
    const e = await failure(client.test(undefined, { retries: 0 }));
    expect(e).toMatchObject({ klass: 'ambiguous', code: 'OTOMAX_AMBIGUOUS', outcome: 'reset' });
  });

  it('reset after the body was processed: ambiguous, and the inbox row exists', async () => {
    sim.fault('InsertInbox', { kind: 'reset_after_body', count: 1 });
    const a = attemptLog();
    const e = await failure(client.insertInbox(inboxBody(), { onAttempt: a.onAttempt, retries: 0 }));
    expect(e).toMatchObject({ klass: 'ambiguous', code: 'OTOMAX_AMBIGUOUS' });
    expect(sim.inbox).toHaveLength(1);
    expect(a.records[0]).toMatchObject({ outcome: 'reset', httpStatus: null });
  });

  it('InsertInbox never retries what OtomaX may have processed; other calls retry an ambiguous failure', async () => {
    sim.fault('InsertInbox', { kind: 'reset_after_body', count: 1 });
    const e = await failure(client.insertInbox(inboxBody({ pesan: 'S10.081298765432.1234' })));
    expect(e.klass).toBe('ambiguous');
    // OtomaX did insert it: one row, no second transaction.
    expect(sim.inbox.map((i) => i.status)).toEqual([22]);

    // Opting out shows why: the retry is the second InsertInbox of the same transaction (OtomaX: a double).
    sim.fault('InsertInbox', { kind: 'reset_after_body', count: 1 });
    const r = await client.insertInbox(inboxBody({ pesan: 'S5.081298765432.1234' }), { safeRetryOnly: false });
    expect(r.status).toBe(46);
    expect(sim.inbox.map((i) => i.status)).toEqual([22, 22, 46]);

    sim.fault('GetVersiOtomaX', { kind: 'reset_after_body', count: 1 });
    await expect(client.getVersiOtomaX()).resolves.toMatchObject({ raw: expect.any(String) });
    sim.fault('GetVersiOtomaX', { kind: 'reset_after_body', count: 1 });
    expect((await failure(client.getVersiOtomaX({ retryAmbiguous: false }))).klass).toBe('ambiguous');
  });

  it('InsertInbox: a 503 is retried (OtomaX did not act), a 500 or 502 is not (it may have)', async () => {
    sim.fault('InsertInbox', { kind: 'status', status: 503, count: 1 });
    await expect(client.insertInbox(inboxBody({ pesan: 'SAL.1234' }))).resolves.toMatchObject({ status: 21 });
    for (const status of [500, 502]) {
      sim.fault('InsertInbox', { kind: 'status', status, count: 1 });
      const before = sim.requests.length;
      const e = await failure(client.insertInbox(inboxBody({ pesan: 'SAL.1234' })));
      expect(e).toMatchObject({ klass: 'http_5xx', httpStatus: status });
      expect(sim.requests.length - before).toBe(1);
    }
  });

  it('hang past the timeout: OTOMAX_TIMEOUT, class ambiguous, outcome timeout', async () => {
    const c = simClient(sim, { timeoutMs: 150 });
    sim.fault('Test', { kind: 'hang', count: 1 });
    const a = attemptLog();
    const t0 = Date.now();
    const e = await failure(c.test(undefined, { onAttempt: a.onAttempt, retries: 0 }));
    expect(e).toMatchObject({ klass: 'ambiguous', code: 'OTOMAX_TIMEOUT', outcome: 'timeout' });
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(a.records[0]!.latencyMs).toBeGreaterThanOrEqual(140);
    await c.close();
  });

  it('malformed JSON: bad_json (OTOMAX_BAD_RESPONSE), retried', async () => {
    sim.fault('GetVersiOtomaX', { kind: 'malformed_json', count: 1 });
    const a = attemptLog();
    const r = await client.getVersiOtomaX({ onAttempt: a.onAttempt });
    expect(r.version).toBe('OtomaX OpenApi Simulator 1.0');
    expect(a.records.map((x) => x.outcome)).toEqual(['bad_response', 'ok']);
    sim.fault('GetVersiOtomaX', { kind: 'malformed_json' });
    const e = await failure(client.getVersiOtomaX({ retries: 1 }));
    expect(e).toMatchObject({
      klass: 'bad_json',
      code: 'OTOMAX_BAD_RESPONSE',
      outcome: 'bad_response',
      httpStatus: 200,
    });
  });

  it('ok:false: rejected with OtomaX desc, never retried', async () => {
    const a = attemptLog();
    const e = await failure(client.getRs('NOPE', { onAttempt: a.onAttempt }));
    expect(e).toMatchObject({
      klass: 'rejected',
      code: 'OTOMAX_REJECTED',
      desc: 'Reseller tidak ditemukan',
      httpStatus: 200,
    });
    expect(a.records).toHaveLength(1);
    expect(count('GetRs')).toBe(1);
  });

  it('bad token as 200 ok:false: rejected, not retried', async () => {
    const c = simClient(sim, { appKey: 'wrong-key' });
    const e = await failure(c.test());
    expect(e.klass).toBe('rejected');
    expect(e.desc).toMatch(/Token tidak valid/);
    expect(count('Test')).toBe(1);
    await c.close();
  });

  it('4xx (bad token as 401, or a fault status): http_4xx, never retried', async () => {
    sim.configure({ badToken: 'http401' });
    const c = simClient(sim, { devKey: 'wrong-dev-key' });
    const e = await failure(c.test());
    expect(e).toMatchObject({ klass: 'http_4xx', code: 'OTOMAX_HTTP_4XX', httpStatus: 401 });
    expect(count('Test')).toBe(1);
    sim.fault('GetRs', { kind: 'status', status: 404 });
    const e2 = await failure(client.getRs('R0001'));
    expect(e2).toMatchObject({ klass: 'http_4xx', httpStatus: 404 });
    expect(count('GetRs')).toBe(1);
    await c.close();
  });

  it('answers that are not the envelope: bad_response; ok:false without desc: rejected', async () => {
    const answer = async (body: string) => {
      sim.fault('GetSaldoRs', { kind: 'custom', body, count: 1 });
      return failure(client.getSaldoRs('R0001', { retries: 0 }));
    };
    expect(await answer('{"ok":true,"result":{"balance":5}}')).toMatchObject({
      klass: 'bad_response',
      code: 'OTOMAX_BAD_RESPONSE',
    });
    expect(await answer('{"result":{"saldo":5}}')).toMatchObject({ klass: 'bad_response' });
    expect(await answer('[1,2]')).toMatchObject({ klass: 'bad_response' });
    expect(await answer('')).toMatchObject({ klass: 'bad_json' });
    expect(await answer('{"ok":false}')).toMatchObject({ klass: 'rejected', desc: '' });
    const ok = '{"ok":"true","result":{"saldo":"7000.50","saldo_minimal":null}}';
    sim.fault('GetSaldoRs', { kind: 'custom', body: ok, count: 1 });
    await expect(client.getSaldoRs('R0001')).resolves.toMatchObject({
      saldo: 7000.5,
      saldo_minimal: 0,
      available: 7000.5,
    });
    sim.fault('InsertInbox', {
      kind: 'custom',
      body: '{"ok":true,"result":{"kode_inbox":"12","status":"22","status_desc":"x"}}',
      count: 1,
    });
    await expect(client.insertInbox(inboxBody())).resolves.toMatchObject({
      kode_inbox: 12,
      status: 22,
      statusDesc: 'x',
      pesan: '',
    });
  });

  it('lenient parsing: numbers as strings are accepted', async () => {
    const s2 = await startOtomaxSim({
      numbersAsStrings: true,
      resellers: [{ kode: 'R9', phone: '0811111111', saldo: 5000, saldo_minimal: 1000 }],
    });
    const c = simClient(s2);
    await expect(c.getSaldoRs('R9')).resolves.toMatchObject({ saldo: 5000, saldo_minimal: 1000, available: 4000 });
    await expect(c.getRs('R9')).resolves.toMatchObject({ kode: 'R9', saldo: 5000, aktif: true, suspend: false });
    await c.close();
    await s2.close();
  });

  it('an observer that throws does not turn an answered call into an error', async () => {
    const r = await client.insertInbox(inboxBody(), {
      onAttempt: () => {
        throw new Error('database is locked');
      },
    });
    expect(r.status).toBe(21);
  });

  it('close(): new calls fail at once, calls in backoff end with their last error', async () => {
    const c = simClient(sim, { backoffMs: [10_000] });
    sim.fault('Test', { kind: 'status', status: 502 });
    const pending = settle(c.test());
    await sim.waitFor(() => count('Test') === 1);
    const t0 = Date.now();
    await c.close();
    const r = await pending;
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(r.ok).toBe(false);
    expect((r as { error: OtomaxError }).error.klass).toBe('http_5xx');
    const e = await failure(c.test());
    expect(e.message).toMatch(/closed/);
  });
});
