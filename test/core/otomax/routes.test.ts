import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../../shared/settings';
import { defaultSettings } from '../../../electron/core/config/schema';
import { AppError } from '../../../electron/core/kernel/errors';
import { registerOtomaxRoutes } from '../../../electron/core/otomax/routes';
import { createHttpServer } from '../../../electron/core/http/server';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { formatOtomaxExp } from '../../../electron/core/otomax/exp';
import type { OtomaxClient } from '../../../electron/core/otomax/types';
import { startOtomaxSim, type OtomaxSim } from '../../sim/otomax/sim';
import { simClient, systemClock } from './helpers';

const API_KEY = 'test-api-key-0123456789';
const OWN_CALLBACK = 'http://127.0.0.1:3000/otomax/callback/0123456789abcdef';

let sim: OtomaxSim;
let client: OtomaxClient;
let app: FastifyInstance;
let base: string;
let configured: boolean;
let settings: Settings;

beforeEach(async () => {
  sim = await startOtomaxSim();
  client = simClient(sim, { backoffMs: [5, 5, 5], timeoutMs: 1_000 });
  configured = true;
  settings = { ...defaultSettings(), otomaxDefaultReseller: 'R0001', otomaxDefaultKodeTerminal: 7 };
  app = createHttpServer({ log: silentLogger(), apiKey: async () => API_KEY });
  registerOtomaxRoutes(app, {
    client: () => {
      if (!configured) throw new AppError('OTOMAX_NOT_CONFIGURED', 'OtomaX is not configured');
      return client;
    },
    settings: () => settings,
    ownCallbackUrl: async () => OWN_CALLBACK,
    clock: systemClock,
  });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterEach(async () => {
  await app.close();
  await client.close();
  await sim.close();
});

interface Envelope {
  code: number;
  message: string;
  results: Record<string, unknown> | null;
}

async function call(method: 'GET' | 'POST', path: string, body?: unknown, key: string | null = API_KEY) {
  const headers: Record<string, string> = {};
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await request(base + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.body.json()) as Envelope;
  expect(json.code).toBe(res.statusCode);
  return { status: res.statusCode, ...json };
}

describe('POST /otomax/insert-inbox', () => {
  it('fills the defaults: _exp now + 30 s, settings reseller and terminal, tipe W, pengirim normalized', async () => {
    const before = Date.now();
    const r = await call('POST', '/otomax/insert-inbox', { pesan: 'SAL.1234', pengirim: '0812-3456-7890' });
    expect(r.status).toBe(200);
    expect(r.results).toMatchObject({ status: 21, statusDesc: 'Sukses Masuk Outbox', kode_inbox: sim.inbox[0]!.kode });
    const sent = JSON.parse(sim.requests[0]!.body) as Record<string, unknown>;
    expect(sent).toMatchObject({
      pesan: 'SAL.1234',
      pengirim: '6281234567890',
      kode_reseller: 'R0001',
      kode_terminal: 7,
      tipe_pengirim: 'W',
    });
    const exp = Date.parse(sent._exp as string);
    expect(sent._exp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(exp).toBeGreaterThanOrEqual(Math.floor((before + 30_000) / 1000) * 1000);
    expect(exp).toBeLessThanOrEqual(Date.now() + 30_000);
  });

  it('takes the caller values and normalizes a given _exp', async () => {
    const exp = new Date(Date.now() + 60_000).toISOString();
    const r = await call('POST', '/otomax/insert-inbox', {
      pesan: 'S10.081298765432.1234',
      pengirim: '+62 812 3456 7890',
      kode_reseller: '',
      kode_terminal: '3',
      _exp: exp,
    });
    expect(r.results).toMatchObject({
      status: 22,
      request: { kode_reseller: '', kode_terminal: 3, _exp: formatOtomaxExp(Date.parse(exp)) },
    });
  });

  it.each([
    [{ pengirim: '6281234567890' }, 'pesan'],
    [{ pesan: '', pengirim: '6281234567890' }, 'pesan'],
    [{ pesan: 'x' }, 'pengirim'],
    [{ pesan: 'x', pengirim: '123456789012345@lid' }, 'pengirim'],
    [{ pesan: 'x', pengirim: 'budi' }, 'pengirim'],
    [{ pesan: 'x', pengirim: '6281234567890', kode_terminal: 'satu' }, 'kode_terminal'],
    [{ pesan: 'x', pengirim: '6281234567890', tipe_pengirim: 'S' }, 'tipe_pengirim'],
    [{ pesan: 'x', pengirim: '6281234567890', _exp: '0001-01-01T00:00:00Z' }, '_exp'],
    [{ pesan: 'x', pengirim: '6281234567890', _exp: 'tomorrow' }, '_exp'],
    [{ pesan: 'x', pengirim: '6281234567890', _exp: '2099-01-01T00:00:00Z' }, '_exp'],
  ])('400 with the field at fault: %j', async (body, field) => {
    const r = await call('POST', '/otomax/insert-inbox', body);
    expect(r.status).toBe(400);
    expect(r.results).toMatchObject({ field });
    expect(sim.requests).toHaveLength(0);
  });

  it('OtomaX answers ok:false -> 502 with class rejected and desc', async () => {
    client = simClient(sim, { appKey: 'wrong' });
    const r = await call('POST', '/otomax/insert-inbox', { pesan: 'SAL.1234', pengirim: '6281234567890' });
    expect(r.status).toBe(502);
    expect(r.results).toMatchObject({
      error: 'OTOMAX_REJECTED',
      class: 'rejected',
      desc: expect.stringMatching(/Token tidak valid/),
    });
  });
});

describe('callback registration', () => {
  it('set-callback without a url registers this app own callback URL; get-callback reads it back', async () => {
    const r = await call('POST', '/otomax/set-callback', {});
    expect(r).toMatchObject({ status: 200, results: { url: OWN_CALLBACK, registered: OWN_CALLBACK } });
    expect(sim.callbackUrl).toBe(OWN_CALLBACK);
    const r0 = await call('POST', '/otomax/set-callback');
    expect(r0.status).toBe(200);
    const g = await call('GET', '/otomax/get-callback');
    expect(g.results).toEqual({ url: OWN_CALLBACK, isOwn: true });
  });

  it('set-callback with a url; a bad url is a 400', async () => {
    const r = await call('POST', '/otomax/set-callback', { url: 'http://10.0.0.5:3000/otomax/callback/x' });
    expect(r.results).toMatchObject({ url: 'http://10.0.0.5:3000/otomax/callback/x' });
    expect((await call('GET', '/otomax/get-callback')).results).toEqual({
      url: 'http://10.0.0.5:3000/otomax/callback/x',
      isOwn: false,
    });
    const bad = await call('POST', '/otomax/set-callback', { url: 'ftp://x' });
    expect(bad).toMatchObject({ status: 400, results: { field: 'url' } });
  });

  it('GET /otomax/callback-url gives this app callback URL (API key needed)', async () => {
    expect((await call('GET', '/otomax/callback-url')).results).toEqual({ url: OWN_CALLBACK });
    expect((await call('GET', '/otomax/callback-url', undefined, null)).status).toBe(401);
  });
});

describe('reseller, balance, test', () => {
  it('GET /otomax/reseller/:code', async () => {
    sim.addReseller({
      kode: 'R0009',
      nama: 'Toko Sembilan',
      phone: '081299999999',
      saldo: 75_000,
      saldo_minimal: 5_000,
    });
    const r = await call('GET', '/otomax/reseller/R0009');
    expect(r.results).toEqual({
      kode: 'R0009',
      nama: 'Toko Sembilan',
      saldo: 75_000,
      saldo_minimal: 5_000,
      available: 70_000,
      aktif: true,
      suspend: false,
    });
  });

  it('GET /otomax/balance/:code and its alias /otomax/reseller/:code/balance', async () => {
    sim.addReseller({ kode: 'R0009', phone: '081299999999', saldo: 75_000, saldo_minimal: 5_000 });
    const want = { kode: 'R0009', saldo: 75_000, saldo_minimal: 5_000, available: 70_000 };
    expect((await call('GET', '/otomax/balance/R0009')).results).toEqual(want);
    expect((await call('GET', '/otomax/reseller/R0009/balance')).results).toEqual(want);
  });

  it('unknown reseller: 502 rejected with OtomaX desc, not retried', async () => {
    const r = await call('GET', '/otomax/balance/NOPE');
    expect(r).toMatchObject({
      status: 502,
      results: { error: 'OTOMAX_REJECTED', class: 'rejected', desc: 'Reseller tidak ditemukan' },
    });
    expect(sim.requests).toHaveLength(1);
  });

  it('POST /otomax/test with and without a phone; a bad phone is a 400', async () => {
    const r = await call('POST', '/otomax/test', { phone: '081234567890' });
    expect(r.results).toMatchObject({ ok: true, result: { pesan: 'OK', phone: '6281234567890' } });
    expect(typeof r.results!.latencyMs).toBe('number');
    expect((await call('POST', '/otomax/test')).status).toBe(200);
    expect(await call('POST', '/otomax/test', { phone: 'x' })).toMatchObject({
      status: 400,
      results: { field: 'phone' },
    });
  });
});

describe('auth and failures', () => {
  const routes: ['GET' | 'POST', string, unknown?][] = [
    ['POST', '/otomax/insert-inbox', { pesan: 'SAL.1234', pengirim: '6281234567890' }],
    ['POST', '/otomax/set-callback', {}],
    ['GET', '/otomax/get-callback'],
    ['POST', '/otomax/test', {}],
    ['GET', '/otomax/reseller/R0001'],
    ['GET', '/otomax/balance/R0001'],
    ['GET', '/otomax/reseller/R0001/balance'],
    ['GET', '/otomax/callback-url'],
  ];

  it('every route: 401 without or with a wrong API key, and OtomaX is never called', async () => {
    for (const [m, path, body] of routes) {
      expect((await call(m, path, body, null)).status).toBe(401);
      expect((await call(m, path, body, 'wrong-key')).status).toBe(401);
    }
    expect(sim.requests).toHaveLength(0);
  });

  it('OtomaX down: 502 with class unreachable', async () => {
    await sim.down();
    for (const [m, path, body] of routes.slice(0, 7)) {
      const r = await call(m, path, body);
      expect(r.status).toBe(502);
      expect(r.results).toMatchObject({ error: 'OTOMAX_UNREACHABLE', class: 'unreachable' });
    }
  });

  it('OtomaX 5xx, timeouts and resets keep their class in the body', async () => {
    sim.fault('GetSaldoRs', { kind: 'status', status: 503 });
    expect((await call('GET', '/otomax/balance/R0001')).results).toMatchObject({
      error: 'OTOMAX_HTTP_5XX',
      class: 'http_5xx',
      httpStatus: 503,
    });
    client = simClient(sim, { timeoutMs: 100, retries: 0 });
    sim.fault('GetRs', { kind: 'hang', count: 1 });
    expect((await call('GET', '/otomax/reseller/R0001')).results).toMatchObject({
      error: 'OTOMAX_TIMEOUT',
      class: 'ambiguous',
    });
    sim.fault('InsertInbox', { kind: 'reset_after_body', count: 1 });
    const r = await call('POST', '/otomax/insert-inbox', { pesan: 'SAL.1234', pengirim: '6281234567890' });
    expect(r).toMatchObject({ status: 502, results: { error: 'OTOMAX_AMBIGUOUS', class: 'ambiguous' } });
  });

  it('not configured: 503 OTOMAX_NOT_CONFIGURED', async () => {
    configured = false;
    const r = await call('GET', '/otomax/balance/R0001');
    expect(r).toMatchObject({ status: 503, results: { error: 'OTOMAX_NOT_CONFIGURED' } });
  });
});
