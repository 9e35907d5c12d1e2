import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EVENT_NAMES, type EventName, type Events, type WireFrame } from '../../shared/api';
import type { FlowRow } from '../../shared/dto';
import { fail, ok } from '../../shared/result';
import type { EngineApi, EngineEvents } from '../../electron/core/engine-types';
import { createEngineEvents } from '../../electron/core/kernel/events';
import { silentLogger } from '../../electron/core/kernel/logger';
import { createHttpServer } from '../../electron/core/http/server';
import { registerUiBridge } from '../../electron/core/http/ui-bridge';

const TOKEN = 'run-token-0123456789abcdef';

/** Counts live subscriptions so the test can see the bridge let go of them. */
function countingEvents(): EngineEvents & { live: () => number } {
  const inner = createEngineEvents();
  let live = 0;
  return {
    on<E extends EventName>(name: E, listener: (p: Events[E]) => void) {
      live += 1;
      const off = inner.on(name, listener);
      return () => {
        live -= 1;
        off();
      };
    },
    emit: (name, payload) => inner.emit(name, payload),
    listening: (name) => inner.listening(name),
    live: () => live,
  };
}

const fakeApi: EngineApi = {
  async invoke(name, input) {
    if (name === 'forwarding:set')
      return ok({ forwarding: (input as { enabled: boolean }).enabled, autoReply: true }) as never;
    if (name === 'log:detail') throw new Error('boom');
    if (name === 'app:info') return ok({ seen: input === undefined ? 'undefined' : JSON.stringify(input) }) as never;
    return fail('NOT_FOUND', `command ${name} is not available`) as never;
  },
};

const row: FlowRow = {
  id: 'in:1',
  direction: 'in',
  time: 1_700_000_000_000,
  phone: '6281234567890',
  name: 'Budi',
  text: 'S10.081234567890.1234',
  status: 'forwarded',
  otomaxStatus: 21,
  otomaxDesc: 'Sukses Masuk Outbox',
  kodeInbox: 7,
  replyText: 'OK',
  replyStatus: 'sent',
  latencyMs: 120,
  error: null,
};

let app: FastifyInstance;
let base: string;
let events: ReturnType<typeof countingEvents>;
const sockets: WebSocket[] = [];

beforeEach(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ui-bridge-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Jembatan</title>');
  writeFileSync(join(dir, 'assets', 'main-abc.js'), 'console.log(1)');
  events = countingEvents();
  app = createHttpServer({ log: silentLogger(), apiKey: async () => 'api-key' });
  registerUiBridge(app, { api: fakeApi, events, token: TOKEN, rendererDir: dir, log: silentLogger() });
  app.get('/otomax/private', async () => ({ secret: true }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  base = `127.0.0.1:${addr.port}`;
});

afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await app.close();
});

/** Opens a socket and collects every frame it receives. */
function connect(token: string | null) {
  const ws = new WebSocket(`ws://${base}/ui/ws${token === null ? '' : `?token=${encodeURIComponent(token)}`}`);
  sockets.push(ws);
  const frames: WireFrame[] = [];
  ws.on('message', (d) => frames.push(JSON.parse(d.toString()) as WireFrame));
  const next = async (pred: (f: WireFrame) => boolean): Promise<WireFrame> => {
    for (let i = 0; i < 200; i += 1) {
      const hit = frames.find(pred);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('frame never came');
  };
  return { ws, frames, next };
}

function rejection(token: string | null): Promise<number> {
  const { ws, frames } = connect(token);
  return new Promise((resolve, reject) => {
    ws.on('unexpected-response', (_req, res) => {
      expect(frames).toEqual([]);
      resolve(res.statusCode ?? 0);
    });
    ws.on('open', () => reject(new Error('socket opened without a valid token')));
    ws.on('error', () => undefined);
  });
}

describe('ui bridge', () => {
  it('refuses the upgrade with 401 without a token or with a wrong one', async () => {
    expect(await rejection(null)).toBe(401);
    expect(await rejection('wrong')).toBe(401);
    expect(await rejection(`${TOKEN}x`)).toBe(401);
    expect(events.live()).toBe(0);
  });

  it('tells a window whether its token still opens it (GET /ui/token), with no API key', async () => {
    const status = async (q: string) => (await fetch(`http://${base}/ui/token${q}`)).status;
    expect(await status(`?token=${encodeURIComponent(TOKEN)}`)).toBe(204);
    expect(await status('?token=wrong')).toBe(401);
    expect(await status('')).toBe(401);
  });

  it('says ready, then carries a call round trip', async () => {
    const c = connect(TOKEN);
    expect(await c.next((f) => f.t === 'ready')).toEqual({ t: 'ready' });
    c.ws.send(JSON.stringify({ t: 'call', id: 1, name: 'forwarding:set', input: { enabled: false } }));
    const res = await c.next((f) => f.t === 'result' && f.id === 1);
    expect(res).toEqual({ t: 'result', id: 1, result: { ok: true, value: { forwarding: false, autoReply: true } } });
    // A void command: JSON.stringify drops `input: undefined`, so the key is simply absent.
    c.ws.send(JSON.stringify({ t: 'call', id: 2, name: 'app:info', input: undefined }));
    expect(await c.next((f) => f.t === 'result' && f.id === 2)).toEqual({
      t: 'result',
      id: 2,
      result: { ok: true, value: { seen: 'undefined' } },
    });
  });

  it('pushes every engine event and lets go of listeners on close', async () => {
    const c = connect(TOKEN);
    await c.next((f) => f.t === 'ready');
    // One listener per engine event, whatever events the contract has.
    expect(events.live()).toBe(EVENT_NAMES.length);
    events.emit('message:logged', row);
    events.emit('forwarding:changed', { forwarding: true, autoReply: false });
    expect(await c.next((f) => f.t === 'event' && f.name === 'message:logged')).toEqual({
      t: 'event',
      name: 'message:logged',
      payload: row,
    });
    expect(await c.next((f) => f.t === 'event' && f.name === 'forwarding:changed')).toMatchObject({
      payload: { forwarding: true },
    });
    c.ws.close();
    for (let i = 0; i < 100 && events.live() > 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(events.live()).toBe(0);
  });

  it('answers bad frames with a Result error and keeps serving', async () => {
    const c = connect(TOKEN);
    await c.next((f) => f.t === 'ready');
    c.ws.send('not json');
    c.ws.send(JSON.stringify({ t: 'call', id: 2, name: 'shell:exec', input: {} }));
    c.ws.send(JSON.stringify({ t: 'call', id: 3, name: 42 }));
    c.ws.send(JSON.stringify({ t: 'call', id: 4, name: 'log:detail', input: { id: 'in:1' } }));
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    const results = await Promise.all([
      c.next((f) => f.t === 'result' && f.id === -1),
      c.next((f) => f.t === 'result' && f.id === 2),
      c.next((f) => f.t === 'result' && f.id === 3),
      c.next((f) => f.t === 'result' && f.id === 4),
    ]);
    const codes = results.map((f) => (f.t === 'result' && !f.result.ok ? f.result.error.code : 'ok'));
    expect(codes).toEqual(['VALIDATION', 'NOT_FOUND', 'VALIDATION', 'INTERNAL']);
    await new Promise((r) => setTimeout(r, 50));
    expect(c.frames.filter((f) => f.t === 'result' && f.id === -1)).toHaveLength(2);
    c.ws.send(JSON.stringify({ t: 'call', id: 5, name: 'forwarding:set', input: { enabled: true } }));
    expect(await c.next((f) => f.t === 'result' && f.id === 5)).toMatchObject({ result: { ok: true } });
  });

  it('serves the built window without the API key and keeps other routes closed', async () => {
    const index = await fetch(`http://${base}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<title>Jembatan</title>');
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(index.headers.get('referrer-policy')).toBe('no-referrer');
    const asset = await fetch(`http://${base}/assets/main-abc.js`);
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('console.log(1)');
    expect((await fetch(`http://${base}/assets/..%2Findex.html`)).status).not.toBe(200);
    expect((await fetch(`http://${base}/otomax/private`)).status).toBe(401);
  });
});
