import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Api, WindowBridge, WireFrame } from '../../shared/api';
import { createApiClient, tokenCheckUrlFor, wsUrlFor } from '../../renderer/src/api/create-api-client';
import { CLOSE_UNAUTHORIZED, createWsTransport } from '../../renderer/src/api/ws-transport';

/** A WebSocket the test drives from the server side. */
class FakeSocket {
  static all: FakeSocket[] = [];
  sent: WireFrame[] = [];
  onmessage: ((ev: { data: string }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data) as WireFrame);
  }
  close() {
    this.onclose?.({ code: 1000 });
  }
  push(frame: WireFrame) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(code = 1006) {
    this.onclose?.({ code });
  }
}

const last = () => FakeSocket.all[FakeSocket.all.length - 1] as FakeSocket;
const transport = (extra: Partial<Parameters<typeof createWsTransport>[0]> = {}) =>
  createWsTransport({
    url: 'ws://h/ui/ws?token=t',
    WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
    backoffInitialMs: 100,
    ...extra,
  });

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('websocket transport', () => {
  it('holds calls until the engine says ready, then carries them', async () => {
    const api = transport();
    const p = api.invoke('forwarding:get', undefined);
    expect(last().sent).toEqual([]);
    expect(api.connection.get().state).toBe('connecting');
    last().push({ t: 'ready' });
    expect(api.connection.get()).toMatchObject({ state: 'ready', epoch: 1 });
    expect(last().sent).toEqual([{ t: 'call', id: 1, name: 'forwarding:get' }]);
    last().push({ t: 'result', id: 1, result: { ok: true, value: { forwarding: true, autoReply: false } } });
    await expect(p).resolves.toEqual({ ok: true, value: { forwarding: true, autoReply: false } });
  });

  it('delivers pushed events to listeners and lets them go', () => {
    const api = transport();
    last().push({ t: 'ready' });
    const got: unknown[] = [];
    const off = api.on('forwarding:changed', (p) => got.push(p));
    last().push({ t: 'event', name: 'forwarding:changed', payload: { forwarding: false, autoReply: true } });
    last().push({ t: 'event', name: 'not:an:event', payload: 1 });
    off();
    last().push({ t: 'event', name: 'forwarding:changed', payload: { forwarding: true, autoReply: true } });
    expect(got).toEqual([{ forwarding: false, autoReply: true }]);
  });

  it('fails a call that waited too long for the link with a Result, never a throw', async () => {
    const api = transport({ waitTimeoutMs: 1000 });
    const p = api.invoke('session:get', undefined);
    vi.advanceTimersByTime(1001);
    await expect(p).resolves.toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED' } });
  });

  it('never re-sends a call in flight when the link drops, and reconnects with backoff', async () => {
    const api = transport();
    last().push({ t: 'ready' });
    const inFlight = api.invoke('broadcast:send', {
      channelIntegrationId: 'c',
      templateId: 't',
      language: 'id',
      recipients: [],
    });
    const first = last();
    first.drop();
    await expect(inFlight).resolves.toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED' } });
    expect(api.connection.get().state).toBe('reconnecting');

    const queued = api.invoke('session:get', undefined);
    vi.advanceTimersByTime(200);
    expect(FakeSocket.all).toHaveLength(2);
    last().drop();
    expect(api.connection.get().failures).toBe(1);
    vi.advanceTimersByTime(300);
    expect(FakeSocket.all).toHaveLength(3);
    last().push({ t: 'ready' });
    expect(api.connection.get()).toMatchObject({ state: 'ready', failures: 0, epoch: 2 });
    // Only the call that never left is sent on the new link.
    expect(last().sent).toEqual([{ t: 'call', id: 2, name: 'session:get' }]);
    last().push({ t: 'result', id: 2, result: { ok: true, value: { sessionId: 's', state: 'open', since: 0 } } });
    await expect(queued).resolves.toMatchObject({ ok: true });
    expect(first.sent.filter((f) => f.t === 'call')).toHaveLength(1);
  });

  it('stops at a 4401 close: the address has no valid token', async () => {
    const api = transport();
    const p = api.invoke('session:get', undefined);
    last().drop(CLOSE_UNAUTHORIZED);
    expect(api.connection.get().state).toBe('unauthorized');
    await expect(p).resolves.toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });
});

describe('websocket transport after the host restarts', () => {
  it('keeps reconnecting while the host is away, and reloads once it is back (same token)', async () => {
    const checks: (boolean | null)[] = [null, null, true];
    const api = transport({ checkToken: async () => checks.shift() ?? true });
    last().push({ t: 'ready' });
    last().drop(1006); // the host stops
    for (let i = 0; i < 3; i++) {
      await vi.advanceTimersByTimeAsync(20_000);
      last().drop(1006); // refused: still restarting
    }
    expect(api.connection.get().state).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(20_000);
    last().push({ t: 'ready' });
    expect(api.connection.get()).toMatchObject({ state: 'ready', epoch: 2 });
  });

  it('says the address is stale when the restarted host refuses its token, and stops trying', async () => {
    const api = transport({ checkToken: async () => false });
    last().push({ t: 'ready' });
    last().drop(1006);
    await vi.advanceTimersByTimeAsync(20_000);
    const p = api.invoke('session:get', undefined);
    last().drop(1006);
    await vi.advanceTimersByTimeAsync(0);
    expect(api.connection.get().state).toBe('unauthorized');
    await expect(p).resolves.toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const sockets = FakeSocket.all.length;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(FakeSocket.all).toHaveLength(sockets);
  });

  it('a probe that answers after the link came back changes nothing', async () => {
    let answer: (v: boolean) => void = () => undefined;
    const api = transport({ checkToken: () => new Promise<boolean>((r) => (answer = r)) });
    last().drop(1006);
    await vi.advanceTimersByTimeAsync(20_000);
    last().push({ t: 'ready' });
    answer(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(api.connection.get().state).toBe('ready');
  });
});

describe('createApiClient', () => {
  it('builds the socket address from the page: same origin, ws scheme, its token', () => {
    expect(wsUrlFor({ origin: 'http://127.0.0.1:3000', search: '?token=a%2Bb' })).toBe(
      'ws://127.0.0.1:3000/ui/ws?token=a%2Bb',
    );
    expect(wsUrlFor({ origin: 'https://x', search: '?token=t' })).toBe('wss://x/ui/ws?token=t');
    expect(wsUrlFor({ origin: 'http://x', search: '' })).toBeNull();
    expect(tokenCheckUrlFor({ origin: 'http://127.0.0.1:3000', search: '?token=a%2Bb' })).toBe(
      'http://127.0.0.1:3000/ui/token?token=a%2Bb',
    );
  });

  it("uses Electron's window.api when present and turns IPC failures into Results", async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const ipc: Api = {
      invoke: vi.fn(async () => {
        throw new Error('main process gone');
      }) as unknown as Api['invoke'],
      on: () => () => undefined,
    };
    const api = createApiClient({ api: ipc, location: { origin: 'file://', search: '' } });
    expect(api.connection.get().state).toBe('ready');
    await expect(api.invoke('session:get', undefined)).resolves.toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'main process gone' },
    });
  });

  it("passes the window's language to Electron's shell, and works with a preload that cannot take it", () => {
    const told: string[] = [];
    const bridge: WindowBridge = {
      invoke: (async () => ({ ok: true, value: null })) as unknown as Api['invoke'],
      on: () => () => undefined,
      shellLanguage: (lang) => told.push(lang),
    };
    createApiClient({ api: bridge, location: { origin: 'file://', search: '' } }).shellLanguage('en');
    expect(told).toEqual(['en']);
    const older: Api = { invoke: bridge.invoke, on: bridge.on };
    expect(() =>
      createApiClient({ api: older, location: { origin: 'file://', search: '' } }).shellLanguage('en'),
    ).not.toThrow();
    // A browser on the headless host has no shell: nothing to tell, nothing thrown.
    expect(() => createApiClient({ location: { origin: 'http://h', search: '' } }).shellLanguage('id')).not.toThrow();
  });

  it('without a token says so instead of connecting', async () => {
    const api = createApiClient({ location: { origin: 'http://h', search: '' } });
    expect(api.connection.get().state).toBe('no_token');
    await expect(api.invoke('session:get', undefined)).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
  });
});
