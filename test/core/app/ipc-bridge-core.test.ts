import { describe, expect, it, vi } from 'vitest';
import type { EventName } from '../../../shared/api';
import type { FlowRow, MetricsSnapshot } from '../../../shared/dto';
import { createEventRelay, handleInvoke, isTrustedSender } from '../../../electron/app/ipc-bridge-core';
import { rendererSource } from '../../../electron/app/renderer-origin';
import type { EngineApi } from '../../../electron/core/engine-types';

const source = rendererSource(undefined, '/out/renderer');
const ours = { webContentsId: 7, frameUrl: 'app://jembatan/index.html', isMainFrame: true };

describe('isTrustedSender', () => {
  it('accepts the main frame of our window showing our page', () => {
    expect(isTrustedSender(ours, { webContentsId: 7, source })).toBe(true);
  });

  it('refuses another web contents, a subframe, a foreign page, a gone frame, or no window', () => {
    expect(isTrustedSender({ ...ours, webContentsId: 8 }, { webContentsId: 7, source })).toBe(false);
    expect(isTrustedSender({ ...ours, isMainFrame: false }, { webContentsId: 7, source })).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: 'https://evil.example/' }, { webContentsId: 7, source })).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: null }, { webContentsId: 7, source })).toBe(false);
    expect(isTrustedSender(ours, { webContentsId: null, source })).toBe(false);
  });
});

describe('handleInvoke', () => {
  const api = () => {
    const invoke = vi.fn(async (_name: string, _input: unknown) => ({
      ok: true,
      value: { forwarding: true, autoReply: false },
    }));
    return Object.assign({ invoke } as unknown as EngineApi, { invoke });
  };

  it('forwards an allowlisted command from a trusted sender', async () => {
    const engine = api();
    const r = await handleInvoke(engine, true, 'forwarding:set', { enabled: true });
    expect(r).toEqual({ ok: true, value: { forwarding: true, autoReply: false } });
    expect(engine.invoke).toHaveBeenCalledWith('forwarding:set', { enabled: true });
  });

  it('refuses an untrusted sender without reaching the engine', async () => {
    const engine = api();
    const r = await handleInvoke(engine, false, 'settings:get', undefined);
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(engine.invoke).not.toHaveBeenCalled();
  });

  it('refuses names outside the allowlist', async () => {
    const engine = api();
    for (const name of ['settings:drop', '__proto__', 'constructor', 42, null, { toString: () => 'app:info' }]) {
      expect(await handleInvoke(engine, true, name, undefined)).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
    }
    expect(engine.invoke).not.toHaveBeenCalled();
  });
});

describe('createEventRelay', () => {
  const recorder = () => {
    const sent: [EventName, unknown][] = [];
    let page = true;
    return {
      sent,
      setPage: (v: boolean) => (page = v),
      send: (name: EventName, payload: unknown) => {
        if (!page) return false;
        sent.push([name, payload]);
        return true;
      },
    };
  };
  const status = (n: number) => ({ sessionId: 'default', state: 'connecting' as const, since: n });

  it('queues until ready, then flushes in order and sends directly', () => {
    const r = recorder();
    const relay = createEventRelay({ send: r.send });
    relay.emit('session:status', status(1));
    relay.emit('forwarding:changed', { forwarding: true, autoReply: true });
    expect(r.sent).toEqual([]);
    expect(relay.queued()).toBe(2);
    relay.ready();
    relay.emit('session:status', status(2));
    expect(r.sent.map(([n, p]) => [n, (p as { since?: number }).since ?? null])).toEqual([
      ['session:status', 1],
      ['forwarding:changed', null],
      ['session:status', 2],
    ]);
    expect(relay.queued()).toBe(0);
  });

  it('keeps only the latest of each state event, and every row event', () => {
    const r = recorder();
    const relay = createEventRelay({ send: r.send });
    const row = (id: string) => ({ id }) as FlowRow;
    relay.emit('session:status', status(1));
    relay.emit('message:logged', row('in:1'));
    relay.emit('session:status', status(2));
    relay.emit('message:logged', row('in:2'));
    for (let i = 0; i < 1000; i++) relay.emit('metrics:tick', { at: i } as MetricsSnapshot);
    expect(relay.queued()).toBe(4);
    expect(relay.dropped()).toBe(0);
    relay.ready();
    expect(r.sent.map(([n, p]) => `${n}:${JSON.stringify(p)}`)).toEqual([
      'message:logged:{"id":"in:1"}',
      `session:status:${JSON.stringify(status(2))}`,
      'message:logged:{"id":"in:2"}',
      'metrics:tick:{"at":999}',
    ]);
  });

  it('is bounded: past the limit the oldest events are dropped and counted', () => {
    const r = recorder();
    const relay = createEventRelay({ send: r.send, limit: 3, latestOnly: new Set() });
    for (let i = 1; i <= 5; i++) relay.emit('session:status', status(i));
    expect(relay.queued()).toBe(3);
    expect(relay.dropped()).toBe(2);
    relay.ready();
    expect(r.sent.map(([, p]) => (p as { since: number }).since)).toEqual([3, 4, 5]);
  });

  it('queues again after a reload until the new page is ready', () => {
    const r = recorder();
    const relay = createEventRelay({ send: r.send });
    relay.ready();
    relay.emit('session:status', status(1));
    relay.reset();
    relay.emit('session:status', status(2));
    expect(r.sent).toHaveLength(1);
    relay.ready();
    expect(r.sent).toHaveLength(2);
  });

  it('keeps events when the page is gone at send time', () => {
    const r = recorder();
    const relay = createEventRelay({ send: r.send, latestOnly: new Set() });
    relay.ready();
    r.setPage(false);
    relay.emit('session:status', status(1));
    relay.emit('session:status', status(2));
    expect(relay.queued()).toBe(2);
    relay.ready();
    expect(relay.queued()).toBe(2);
    r.setPage(true);
    relay.ready();
    expect(r.sent.map(([, p]) => (p as { since: number }).since)).toEqual([1, 2]);
  });
});
