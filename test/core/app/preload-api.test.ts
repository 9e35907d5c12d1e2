import { describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../electron/app/channels';
import { createPreloadApi, type PreloadIpc } from '../../../electron/app/preload-api';

function fakeIpc(answer: (name: string, input: unknown) => Promise<unknown> = async () => ({ ok: true, value: 1 })) {
  let deliver: ((name: unknown, payload: unknown) => void) | null = null;
  const ipc = {
    invoke: vi.fn((_channel: string, name: string, input: unknown) => answer(name, input)),
    send: vi.fn(),
    on: vi.fn((_channel: string, listener: (name: unknown, payload: unknown) => void) => {
      deliver = listener;
    }),
    reportError: vi.fn(),
  };
  return { ipc: ipc as PreloadIpc & typeof ipc, emit: (name: unknown, payload: unknown) => deliver?.(name, payload) };
}

describe('createPreloadApi', () => {
  it('invokes allowlisted commands over api:invoke', async () => {
    const { ipc } = fakeIpc(async () => ({ ok: true, value: { forwarding: false, autoReply: true } }));
    const api = createPreloadApi(ipc);
    expect(await api.invoke('forwarding:set', { enabled: false })).toEqual({
      ok: true,
      value: { forwarding: false, autoReply: true },
    });
    expect(ipc.invoke).toHaveBeenCalledWith(CHANNELS.invoke, 'forwarding:set', { enabled: false });
  });

  it("tells main the window's language, and only 'id' or 'en'", () => {
    const { ipc } = fakeIpc();
    const api = createPreloadApi(ipc);
    api.shellLanguage('en');
    api.shellLanguage('fr' as 'en');
    api.shellLanguage({ toString: () => 'id' } as unknown as 'id');
    expect(ipc.send.mock.calls).toEqual([[CHANNELS.language, 'en']]);
  });

  it('refuses unknown commands without any IPC', async () => {
    const { ipc } = fakeIpc();
    const api = createPreloadApi(ipc);
    const r = await api.invoke('nope:nope' as 'app:info', undefined);
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('turns a failed IPC into a Result, never a rejection', async () => {
    const { ipc } = fakeIpc(async () => {
      throw new Error("No handler registered for 'api:invoke'");
    });
    const r = await createPreloadApi(ipc).invoke('app:info', undefined);
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('sends api:ready once, on the first subscription', () => {
    const { ipc } = fakeIpc();
    const api = createPreloadApi(ipc);
    expect(ipc.send).not.toHaveBeenCalled();
    api.on('session:status', () => undefined);
    api.on('metrics:tick', () => undefined);
    expect(ipc.send).toHaveBeenCalledTimes(1);
    expect(ipc.send).toHaveBeenCalledWith(CHANNELS.ready);
  });

  it('delivers events by name, ignores unknown names, and unsubscribes', () => {
    const { ipc, emit } = fakeIpc();
    const api = createPreloadApi(ipc);
    const a = vi.fn();
    const b = vi.fn();
    const offA = api.on('forwarding:changed', a);
    api.on('forwarding:changed', b);
    emit('forwarding:changed', { forwarding: true, autoReply: true });
    emit('evil:event', { x: 1 });
    emit('session:status', { state: 'open' });
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(1);
    offA();
    emit('forwarding:changed', { forwarding: false, autoReply: true });
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
  });

  it('keeps delivering when one listener throws', () => {
    const { ipc, emit } = fakeIpc();
    const api = createPreloadApi(ipc);
    const after = vi.fn();
    api.on('metrics:tick', () => {
      throw new Error('boom');
    });
    api.on('metrics:tick', after);
    emit('metrics:tick', {});
    expect(after).toHaveBeenCalledTimes(1);
    expect(ipc.reportError).toHaveBeenCalledTimes(1);
  });

  it('throws on subscribing to an unknown event', () => {
    const { ipc } = fakeIpc();
    expect(() => createPreloadApi(ipc).on('nope' as 'metrics:tick', () => undefined)).toThrow(/unknown event/);
    expect(ipc.send).not.toHaveBeenCalled();
  });
});
