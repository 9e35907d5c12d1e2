import { Agent, request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOtomaxClient, otomaxMethodUrl } from '../../../electron/core/otomax/client';
import { otomaxKey1, otomaxToken } from '../../../electron/core/otomax/token';
import { startOtomaxSim, type OtomaxSim } from '../../sim/otomax/sim';
import { capturedLogger, inboxBody, settle, simClient, systemClock } from './helpers';
import { SPEC_CREDS } from './vectors';

let sim: OtomaxSim;
beforeEach(async () => {
  sim = await startOtomaxSim();
});
afterEach(async () => {
  await sim.close();
});

describe('base URL joining', () => {
  it('exactly one "/" between base and method', () => {
    for (const base of ['http://h:1', 'http://h:1/', 'http://h:1//', ' http://h:1/ ']) {
      expect(otomaxMethodUrl(base, 'InsertInbox')).toBe('http://h:1/InsertInbox');
    }
    expect(otomaxMethodUrl('http://h:1/api', 'Test')).toBe('http://h:1/api/Test');
    expect(otomaxMethodUrl('http://h:1/api/', 'Test')).toBe('http://h:1/api/Test');
  });

  it('the sim sees /Method or /api/Method, never // or a glued host', async () => {
    const host = `http://127.0.0.1:${sim.port}`;
    for (const base of [host, `${host}/`, `${host}/api/`, `${host}/api`]) {
      const c = simClient(sim, { baseUrl: base });
      await c.test();
      await c.close();
    }
    expect(sim.requests.map((r) => r.path)).toEqual(['/Test', '/Test', '/api/Test', '/api/Test']);
    expect(sim.requests.every((r) => r.tokenIn === 'query' && r.tokenOk)).toBe(true);
  });

  it('refuses a base that is not an http(s) URL, and missing credentials', () => {
    const base = { appId: 'a', appKey: 'k', devKey: 'd', clock: systemClock, log: capturedLogger().log };
    expect(() => createOtomaxClient({ ...base, baseUrl: 'localhost:5000' })).toThrow(/API URL/);
    expect(() => createOtomaxClient({ ...base, baseUrl: 'ftp://h/' })).toThrow(/http/);
    expect(() => createOtomaxClient({ ...base, baseUrl: 'http://h/', appKey: '' })).toThrow(
      expect.objectContaining({ code: 'OTOMAX_NOT_CONFIGURED' }),
    );
  });
});

describe('what goes on the wire', () => {
  it('InsertInbox: fields in order, tipe_pengirim W, one serialization signed byte for byte', async () => {
    const c = simClient(sim);
    const body = inboxBody({ pesan: 'S10.081234567890.1234', kode_terminal: 2 });
    await c.insertInbox({ ...body, tipe_pengirim: undefined });
    const sent = sim.requests[0]!;
    expect(Object.keys(JSON.parse(sent.body))).toEqual([
      'pesan',
      'kode_reseller',
      'pengirim',
      'tipe_pengirim',
      'kode_terminal',
      '_exp',
    ]);
    expect(JSON.parse(sent.body)).toEqual({ ...body, tipe_pengirim: 'W' });
    expect(sent.tokenOk).toBe(true);
    expect(sim.inbox[0]).toMatchObject({
      pesan: body.pesan,
      pengirim: '6281234567890',
      kode_terminal: 2,
      tipe_pengirim: 'W',
      exp: body._exp,
    });
    await c.close();
  });

  it('the spec InsertInbox vector body gives the spec token through the client', async () => {
    const vectorBody = {
      pesan: 'S10.081234567890.1234',
      kode_reseller: '',
      pengirim: '6281234567890',
      tipe_pengirim: 'W' as const,
      kode_terminal: 2,
      _exp: '2025-10-18T20:30:05Z',
    };
    const s2 = await startOtomaxSim({ expGraceMs: 10 * 365 * 86_400_000 });
    const c = simClient(s2, { clock: { now: () => Date.parse('2025-10-18T20:30:00Z') } });
    await c.insertInbox(vectorBody);
    expect(s2.requests[0]!.body).toBe(JSON.stringify(vectorBody));
    expect(otomaxToken(SPEC_CREDS, s2.requests[0]!.body)).toBe(
      'eyJpZCI6IkFQUElEMTIzIn0.AoM-SEMoH4GzhQGpjVZtcJWa5E6r__WCLyEDjoMh_YY',
    );
    await c.close();
    await s2.close();
  });

  it('other methods: bodies as the protocol doc lists them', async () => {
    const c = simClient(sim);
    await c.setOutboxCallback('http://127.0.0.1:9/otomax/callback/s3cr3t');
    await c.getOutboxCallback();
    await c.getRs('R0001');
    await c.getSaldoRs('R0001');
    await c.test('6281234567890');
    await c.test();
    await c.getVersiOtomaX();
    const row = sim.pushOutbox({ penerima: '6281234567890', pesan: 'hi' });
    await c.updateStatusOutbox(String(row.kode), 20);
    expect(sim.requests.map((r) => [r.method, JSON.parse(r.body)])).toEqual([
      ['SetOutboxCallback', { url: 'http://127.0.0.1:9/otomax/callback/s3cr3t' }],
      ['GetOutboxCallback', {}],
      ['GetRs', { kode: 'R0001' }],
      ['GetSaldoRs', { kode: 'R0001' }],
      ['Test', { phone: '6281234567890' }],
      ['Test', {}],
      ['GetVersiOtomaX', {}],
      ['UpdateStatusOutbox', { kode: row.kode, status: 20 }],
    ]);
    expect(sim.statusUpdates).toEqual([expect.objectContaining({ kode: String(row.kode), status: 20 })]);
    await expect(c.getOutboxCallback()).resolves.toMatchObject({ url: 'http://127.0.0.1:9/otomax/callback/s3cr3t' });
    await c.close();
  });

  it('one keep-alive pool: sequential calls share a connection', async () => {
    const c = simClient(sim);
    for (let i = 0; i < 10; i++) await c.test();
    // undici may open a second socket while the first is being released; never one per call
    expect(sim.connections).toBeLessThanOrEqual(2);
    await c.close();
  });
});

describe('injected dispatcher', () => {
  it('is used for every call and left open by close()', async () => {
    const agent = new Agent();
    let dispatched = 0;
    const counting = agent.compose((dispatch) => (opts, handler) => {
      dispatched += 1;
      return dispatch(opts, handler);
    });
    const c = simClient(sim, { dispatcher: counting });
    await c.test();
    await c.getVersiOtomaX();
    await c.close();
    expect(dispatched).toBe(2);
    const res = await request(sim.url + 'Test', { method: 'POST', body: '{}', dispatcher: agent });
    expect(res.statusCode).toBe(200);
    await res.body.dump();
    await agent.close();
  });
});

describe('concurrency cap', () => {
  it('20 slow calls: never more than 8 in flight at the sim', async () => {
    const c = simClient(sim);
    sim.fault('Test', { kind: 'latency', ms: 150 });
    const results = await Promise.all(Array.from({ length: 20 }, () => c.test()));
    expect(results).toHaveLength(20);
    expect(sim.maxInFlight).toBeLessThanOrEqual(8);
    // and the cap is not accidentally lower (a slow machine may not fill every slot at once)
    expect(sim.maxInFlight).toBeGreaterThanOrEqual(4);
    await c.close();
  });

  it('a configured cap of 3 holds too', async () => {
    const c = simClient(sim, { concurrency: 3 });
    sim.fault('GetSaldoRs', { kind: 'latency', ms: 100 });
    await Promise.all(Array.from({ length: 10 }, () => c.getSaldoRs('R0001')));
    expect(sim.maxInFlight).toBeLessThanOrEqual(3);
    expect(sim.maxInFlight).toBeGreaterThanOrEqual(2);
    await c.close();
  });
});

describe('logs', () => {
  it('no token, token URL, app key, dev key or key1 in any log line, even on failures', async () => {
    const creds = { appId: 'APPID123', appKey: 'appkey-secret', devKey: 'devkey-secret' };
    const cap = capturedLogger('trace');
    const c = simClient(sim, { ...creds, log: cap.log });
    await c.insertInbox(inboxBody());
    sim.fault('Test', { kind: 'status', status: 503, count: 2 });
    await c.test();
    sim.fault('GetRs', { kind: 'reset_after_body', count: 1 });
    await c.getRs('R0001');
    await settle(c.getRs('NOPE'));
    await sim.down();
    await settle(c.test(undefined, { retries: 1 }));
    const text = cap.text();
    expect(text.length).toBeGreaterThan(0);
    expect(text).toContain('OtomaX attempt');
    const tokens = sim.requests.map((r) => otomaxToken(creds, r.body));
    for (const secret of [
      creds.appKey,
      creds.devKey,
      otomaxKey1(creds),
      ...tokens,
      ...tokens.map((t) => t.split('.')[1]!),
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/token=(?!\[redacted\])/);
    await c.close();
  });
});
