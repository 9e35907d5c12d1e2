import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHostCheck, hostName, sameOrigin } from '../../electron/core/http/host-check';
import { API_KEY, startEnv, type Env } from '../helpers/engine-env';

let env: Env | null = null;
afterEach(async () => {
  await env?.stop();
  env = null;
});

/** A raw HTTP request with any Host header (what a rebound page or a misdirected client sends). */
function raw(
  url: string,
  path: string,
  host: string,
  o: { method?: string; body?: string; auth?: boolean } = {},
): Promise<{ status: number; json: { code: number; message: string; results: unknown } }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        hostname: u.hostname,
        port: u.port,
        path,
        method: o.method ?? 'GET',
        setHost: false,
        headers: {
          host,
          ...(o.auth ? { authorization: `Bearer ${API_KEY}` } : {}),
          ...(o.body ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as never }));
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

/** Opens /ui/ws with an Origin; resolves with the HTTP status of a refusal, or 101 when it opened. */
function upgrade(url: string, token: string, origin: string | undefined): Promise<number> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/ui/ws?token=${token}`, origin ? { origin } : {});
  return new Promise((resolve, reject) => {
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', reject);
  });
}

describe('Host header', () => {
  it('refuses any Host that is not this server (421, JSON envelope), open routes included', async () => {
    env = await startEnv({ argv: ['--callback-base-url=http://jembatan.lan:8080'] });
    const url = env.h.url;
    const port = new URL(url).port;
    const { url: callbackUrl } = (await env.api<{ results: { url: string } }>('GET', '/otomax/get-callback')).json
      .results;
    const callbackPath = new URL(callbackUrl).pathname;
    for (const path of ['/otomax/health', '/otomax/get-callback', '/metrics', '/', '/nope']) {
      const r = await raw(url, path, `rebound.attacker.example:${port}`, { auth: true });
      expect(r.status, path).toBe(421);
      expect(r.json).toMatchObject({ code: 421, results: { error: 'FORBIDDEN' } });
      expect(r.json.message).toMatch(/Host/);
    }
    // OtomaX's callback path, even with the right secret, is not taken through a foreign Host.
    const body = JSON.stringify({ kode: 7001, penerima: '6281234567890', pesan: 'x', status: 0 });
    const refused = await raw(url, callbackPath, `evil.example:${port}`, { method: 'POST', body });
    expect(refused.status).toBe(421);
    const before = (await env.h.engine.api.invoke('log:page', { filter: { direction: 'outbox' } })) as {
      ok: true;
      value: { rows: unknown[] };
    };
    expect(before.value.rows).toHaveLength(0);
    // The addresses this server is: loopback names (any port), and the host of callbackBaseUrl.
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'jembatan.lan:8080', 'JEMBATAN.LAN']) {
      expect((await raw(url, '/otomax/health', host)).status, host).toBe(200);
    }
    expect((await raw(url, callbackPath, `jembatan.lan:8080`, { method: 'POST', body })).status).toBe(200);
  }, 30_000);

  it('knows its own names: loopback, the configured host, callbackBaseUrl, and every interface on 0.0.0.0', () => {
    const interfaces = () => ({
      eth0: [{ address: '192.168.1.20' }, { address: 'fe80::1%eth0' }],
      lo: [{ address: '127.0.0.1' }],
    });
    const on = (listenHost: string, callbackBaseUrl = '') =>
      createHostCheck(() => ({ listenHost, callbackBaseUrl }), interfaces as never);
    const local = on('127.0.0.1');
    expect(local('127.0.0.1:3000')).toBe(true);
    expect(local('localhost')).toBe(true);
    expect(local('[::1]:3000')).toBe(true);
    expect(local(undefined)).toBe(true);
    expect(local('192.168.1.20:3000')).toBe(false);
    expect(local('evil.example')).toBe(false);
    expect(local('127.0.0.1.evil.example')).toBe(false);
    expect(on('192.168.1.20')('192.168.1.20:3000')).toBe(true);
    expect(on('127.0.0.1', 'https://shop.example.com/base')('shop.example.com')).toBe(true);
    const any = on('0.0.0.0');
    expect(any('192.168.1.20:3000')).toBe(true);
    expect(any('[fe80::1]:3000')).toBe(true);
    expect(any('0.0.0.0:3000')).toBe(false);
    expect(any('10.9.9.9')).toBe(false);
    expect(on('::')('192.168.1.20')).toBe(true);
    expect(hostName('[::1]:80')).toBe('::1');
    expect(hostName('Example.COM.:80')).toBe('example.com');
  });
});

describe('window socket Origin', () => {
  it('refuses an upgrade from another Origin (403) even with the token; its own page and non-browsers connect', async () => {
    env = await startEnv();
    const { url, token } = env.h;
    expect(await upgrade(url, token, 'http://evil.example')).toBe(403);
    expect(await upgrade(url, token, `http://localhost:${new URL(url).port}`)).toBe(403);
    expect(await upgrade(url, token, 'null')).toBe(403);
    expect(await upgrade(url, token, url)).toBe(101);
    expect(await upgrade(url, token, undefined)).toBe(101);
    expect(sameOrigin('http://127.0.0.1:3000', '127.0.0.1:3000')).toBe(true);
    expect(sameOrigin('file://', '127.0.0.1:3000')).toBe(false);
  }, 30_000);
});

describe('GET /otomax/health', () => {
  it('without the API key says only whether things are up; with it, the full report', async () => {
    env = await startEnv();
    const open = await raw(env.h.url, '/otomax/health', new URL(env.h.url).host);
    expect(open.status).toBe(200);
    expect(open.json.results).toEqual({
      status: 'ready',
      parts: { whatsapp: 'up', otomax: expect.stringMatching(/^(up|unknown)$/), callback: 'up', keychain: 'up' },
    });
    const text = JSON.stringify(open.json);
    for (const leak of [env.dataDir, 'jembatan.db', process.versions.node, 'baileys', 'reason', 'version'])
      expect(text).not.toContain(leak);
    // A wrong key is no key: the same short answer, not an error that confirms the route.
    const wrong = await env.api('GET', '/otomax/health', undefined, { authorization: 'Bearer wrong' });
    expect(wrong.json).toEqual(open.json);
    const full = await env.api<{ results: Record<string, unknown> }>('GET', '/otomax/health');
    expect(full.json.results).toMatchObject({
      status: 'ready',
      database: { path: expect.stringContaining(env.dataDir) },
      versions: { node: process.versions.node },
      otomax: { callback: { state: 'ours' } },
    });
  }, 30_000);
});
