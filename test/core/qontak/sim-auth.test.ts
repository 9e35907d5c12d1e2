import { createHash, createHmac } from 'node:crypto';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MekariSim, startMekariSim } from '../../sim/mekari/server';

/** The simulator must reject exactly what Mekari rejects, or the client tests prove nothing. */
describe('Mekari simulator signature checks', () => {
  let sim: MekariSim;
  beforeAll(async () => {
    sim = await startMekariSim();
  });
  afterAll(async () => {
    await sim.close();
  });

  const target = '/qontak/chat/v1/integrations?target_channel=wa&limit=10';
  const sig = (date: string, line: string, secret = 'sim-secret') =>
    createHmac('sha256', secret).update(`date: ${date}\n${line}`).digest('base64');
  const auth = (signature: string, o: { scheme?: string; user?: string; algorithm?: string; headers?: string } = {}) =>
    `${o.scheme ?? 'hmac'} username="${o.user ?? 'sim-client'}", algorithm="${o.algorithm ?? 'hmac-sha256'}", headers="${o.headers ?? 'date request-line'}", signature="${signature}"`;

  async function call(headers: Record<string, string>, method = 'GET', path = target, body?: string) {
    const res = await request(`${sim.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await res.body.text();
    return { status: res.statusCode, text, reason: sim.requests[sim.requests.length - 1]?.authReason };
  }

  const now = () => new Date().toUTCString();

  it('accepts a correct signature, with the scheme in any case', async () => {
    const date = now();
    expect((await call({ Date: date, Authorization: auth(sig(date, `GET ${target} HTTP/1.1`)) })).status).toBe(200);
    expect(
      (await call({ Date: date, Authorization: auth(sig(date, `GET ${target} HTTP/1.1`), { scheme: 'HMAC' }) })).status,
    ).toBe(200);
  });

  it('unsigned -> 401 {"message":"Unauthorized"}', async () => {
    const r = await call({});
    expect(r.status).toBe(401);
    expect(JSON.parse(r.text)).toEqual({ message: 'Unauthorized' });
  });

  it.each([
    ['Bearer scheme', (d: string) => `Bearer ${sig(d, `GET ${target} HTTP/1.1`)}`, 'scheme is not hmac'],
    ['wrong algorithm', (d: string) => auth(sig(d, `GET ${target} HTTP/1.1`), { algorithm: 'hmac-sha1' }), 'algorithm'],
    ['wrong headers list', (d: string) => auth(sig(d, `GET ${target} HTTP/1.1`), { headers: 'date' }), 'headers'],
    ['unknown username', (d: string) => auth(sig(d, `GET ${target} HTTP/1.1`), { user: 'who' }), 'unknown username'],
    ['wrong secret', (d: string) => auth(sig(d, `GET ${target} HTTP/1.1`, 'nope')), 'signature mismatch'],
    [
      'CRLF',
      (d: string) =>
        auth(createHmac('sha256', 'sim-secret').update(`date: ${d}\r\nGET ${target} HTTP/1.1`).digest('base64')),
      'signature mismatch',
    ],
    [
      'no "date: " prefix',
      (d: string) => auth(createHmac('sha256', 'sim-secret').update(`${d}\nGET ${target} HTTP/1.1`).digest('base64')),
      'signature mismatch',
    ],
    [
      'path without /qontak/chat',
      (d: string) => auth(sig(d, 'GET /v1/integrations?target_channel=wa&limit=10 HTTP/1.1')),
      'signature mismatch',
    ],
    ['query left out', (d: string) => auth(sig(d, 'GET /qontak/chat/v1/integrations HTTP/1.1')), 'signature mismatch'],
    [
      'hex signature',
      (d: string) =>
        auth(createHmac('sha256', 'sim-secret').update(`date: ${d}\nGET ${target} HTTP/1.1`).digest('hex')),
      'signature mismatch',
    ],
  ])('%s -> 401', async (_name, make, reason) => {
    const date = now();
    const r = await call({ Date: date, Authorization: make(date) });
    expect(r.status).toBe(401);
    expect(r.reason).toContain(reason);
  });

  it('a Date more than 300 s away -> 401; within 300 s -> 200', async () => {
    const stale = new Date(Date.now() - 301_000).toUTCString();
    expect((await call({ Date: stale, Authorization: auth(sig(stale, `GET ${target} HTTP/1.1`)) })).reason).toMatch(
      /skew/,
    );
    const early = new Date(Date.now() + 250_000).toUTCString();
    expect((await call({ Date: early, Authorization: auth(sig(early, `GET ${target} HTTP/1.1`)) })).status).toBe(200);
  });

  it('a missing Date -> 401', async () => {
    const r = await call({ Authorization: auth(sig(now(), `GET ${target} HTTP/1.1`)) });
    expect(r.status).toBe(401);
  });

  it('checks Digest when present', async () => {
    const path = '/qontak/chat/v1/broadcasts/whatsapp/direct';
    const body = JSON.stringify({ hello: 'world' });
    const date = now();
    const headers = {
      Date: date,
      Authorization: auth(sig(date, `POST ${path} HTTP/1.1`)),
      'Content-Type': 'application/json',
    };
    const good = `SHA-256=${createHash('sha256').update(body).digest('base64')}`;
    const bad = await call(
      { ...headers, Digest: 'SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=' },
      'POST',
      path,
      body,
    );
    expect(bad.status).toBe(401);
    expect(bad.reason).toBe('Digest mismatch');
    // Authenticated; the body is then refused as a broadcast (422), which proves the Digest passed.
    expect((await call({ ...headers, Digest: good }, 'POST', path, body)).status).toBe(422);
    expect((await call(headers, 'POST', path, body)).status).toBe(422);
  });
});
