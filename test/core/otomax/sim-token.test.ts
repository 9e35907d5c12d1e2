import { createHmac } from 'node:crypto';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatOtomaxExp } from '../../../electron/core/otomax/exp';
import { otomaxKey1, otomaxToken, verifyOtomaxToken } from '../../../electron/core/otomax/token';
import { startOtomaxSim, type OtomaxSim } from '../../sim/otomax/sim';
import { DEMO_CREDS, mustReject, SPEC_CREDS, VECTORS } from './vectors';

const APPS = {
  [SPEC_CREDS.appId]: { appKey: SPEC_CREDS.appKey, devKey: SPEC_CREDS.devKey },
  [DEMO_CREDS.appId]: { appKey: DEMO_CREDS.appKey, devKey: DEMO_CREDS.devKey },
};
const TEN_YEARS = 10 * 365 * 86_400_000;

let sim: OtomaxSim;
beforeEach(async () => {
  sim = await startOtomaxSim({ apps: APPS, expGraceMs: TEN_YEARS });
});
afterEach(async () => {
  await sim.close();
});

async function post(method: string, body: string, token: string | null, where: 'query' | 'header' = 'query') {
  const url = sim.url + method + (token && where === 'query' ? `?token=${token}` : '');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token && where === 'header') headers.Token = token;
  const res = await request(url, { method: 'POST', body, headers });
  return {
    status: res.statusCode,
    json: (await res.body.json()) as { ok: boolean; desc?: string; result?: Record<string, unknown> },
  };
}

const sigWithRawKey = (c: typeof SPEC_CREDS, body: string) =>
  createHmac('sha256', Buffer.from(otomaxKey1(c), 'base64'))
    .update(body)
    .digest('base64url');

describe('sim token verification', () => {
  for (const v of VECTORS) {
    it(`accepts the vector "${v.name}" in the query and in a Token header`, async () => {
      for (const where of ['query', 'header'] as const) {
        const r = await post('Test', v.body, v.token, where);
        expect(r).toEqual({ status: 200, json: { ok: true, result: { pesan: 'OK', phone: null } } });
        expect(sim.requests.at(-1)).toMatchObject({ tokenOk: true, tokenIn: where, appId: v.creds.appId });
      }
    });

    for (const bad of mustReject(v, sigWithRawKey(v.creds, v.body))) {
      it(`rejects "${v.name}": ${bad.name}`, async () => {
        const r = await post('Test', bad.body, bad.token);
        expect(r.status).toBe(200);
        expect(r.json.ok).toBe(false);
        expect(r.json.desc).toMatch(/Token tidak valid/);
        expect(sim.requests.at(-1)!.tokenOk).toBe(false);
      });
    }
  }

  it('agrees with the app verifier on every case (two independent implementations)', () => {
    const lookup = (id: string) => APPS[id];
    for (const v of VECTORS) {
      expect(verifyOtomaxToken(v.token, Buffer.from(v.body), lookup).ok).toBe(true);
    }
  });

  it('missing token, unknown app, 401 mode', async () => {
    expect((await post('Test', '{}', null)).json).toMatchObject({ ok: false, desc: expect.stringMatching(/no token/) });
    const other = otomaxToken({ appId: 'NOPE', appKey: 'a', devKey: 'b' }, '{}');
    expect((await post('Test', '{}', other)).json).toMatchObject({
      ok: false,
      desc: expect.stringMatching(/unknown app/),
    });
    sim.configure({ badToken: 'http401' });
    const r = await post('Test', '{}', null);
    expect(r.status).toBe(401);
    expect(r.json.ok).toBe(false);
  });

  it('the InsertInbox vector goes into the inbox (within the grace) and is refused once _exp is enforced', async () => {
    const v = VECTORS[3]!;
    const r = await post('InsertInbox', v.body, v.token);
    expect(r.json).toMatchObject({ ok: true, result: { status: 22 } });
    expect(sim.inbox).toHaveLength(1);
    sim.configure({ expGraceMs: 0 });
    const r2 = await post('InsertInbox', v.body, v.token);
    expect(r2.json).toEqual({ ok: false, desc: 'Request kedaluwarsa (_exp)' });
    expect(sim.inbox).toHaveLength(1);
  });

  it('_exp: valid ahead, year 0001 and garbage refused, grace honoured', async () => {
    sim.configure({ expGraceMs: 0 });
    const send = (exp: string) => {
      const body = JSON.stringify({ pesan: 'SAL.1234', pengirim: '6281234567890', _exp: exp });
      return post('InsertInbox', body, otomaxToken(SPEC_CREDS, body));
    };
    expect((await send(formatOtomaxExp(Date.now() + 30_000))).json.ok).toBe(true);
    expect((await send('0001-01-01T00:00:00Z')).json).toEqual({ ok: false, desc: 'Request kedaluwarsa (_exp)' });
    expect((await send('soon')).json).toEqual({ ok: false, desc: '_exp tidak valid' });
    expect((await send(formatOtomaxExp(Date.now() - 5_000))).json.ok).toBe(false);
    sim.configure({ expGraceMs: 60_000 });
    expect((await send(formatOtomaxExp(Date.now() - 5_000))).json.ok).toBe(true);
  });

  it('unknown methods, bad paths, non-POST, non-object bodies', async () => {
    const t = otomaxToken(SPEC_CREDS, '{}');
    expect((await post('Nope', '{}', t)).status).toBe(404);
    const res = await request(`${sim.url}/Test?token=${t}`, { method: 'POST', body: '{}' });
    expect(res.statusCode).toBe(404);
    await res.body.dump();
    const g = await request(`${sim.url}Test`, { method: 'GET' });
    expect(g.statusCode).toBe(405);
    await g.body.dump();
    expect((await post('Test', '[]', otomaxToken(SPEC_CREDS, '[]'))).json.ok).toBe(false);
    expect((await post('Test', 'x', otomaxToken(SPEC_CREDS, 'x'))).json).toEqual({
      ok: false,
      desc: 'JSON tidak valid',
    });
  });
});
