import { afterEach, describe, expect, it } from 'vitest';
import type { Commands } from '../../../shared/api';
import { systemClock } from '../../../electron/core/kernel/clock';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { createOtomaxClient } from '../../../electron/core/otomax/client';
import { startEnv, type Env } from '../../helpers/engine-env';

let env: Env | undefined;
afterEach(async () => {
  await env?.stop();
  env = undefined;
});

async function call<C extends keyof Commands>(name: C, input: Commands[C][0]): Promise<Commands[C][1]> {
  const r = await env!.h.engine.api.invoke(name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

describe('one forwarding state', () => {
  it('the switch is the setting: flipping it saves "Aktifkan OtomaX", saving the setting moves the switch', async () => {
    env = await startEnv();
    const seen: boolean[] = [];
    env.h.engine.events.on('forwarding:changed', (f) => seen.push(f.forwarding));
    expect((await call('forwarding:set', { enabled: false })).forwarding).toBe(false);
    expect((await call('settings:get', undefined)).values.otomaxEnabled).toBe(false);
    await call('settings:save', { otomaxEnabled: true });
    expect((await call('forwarding:get', undefined)).forwarding).toBe(true);
    expect(seen).toEqual([false, true]);
    // Auto-reply is the same kind of switch.
    await call('autoreply:set', { enabled: false });
    expect((await call('settings:get', undefined)).values.otomaxAutoReplyEnabled).toBe(false);
  });

  it('survives a restart as the setting it is', async () => {
    env = await startEnv();
    await call('forwarding:set', { enabled: false });
    const { dataDir, sim } = env;
    await env.h.stop();
    env = await startEnv({ dataDir, otomax: sim });
    expect((await call('forwarding:get', undefined)).forwarding).toBe(false);
    expect((await call('settings:get', undefined)).values.otomaxEnabled).toBe(false);
  });

  it('a value fixed by a flag is read-only: the switch refuses with the flag name, the state says why', async () => {
    env = await startEnv({ argv: ['--otomax-enabled=true'] });
    const state = await call('forwarding:get', undefined);
    expect(state).toMatchObject({ forwarding: true, forwardingLockedBy: '--otomax-enabled' });
    expect(state.autoReplyLockedBy).toBeUndefined();
    const r = await env.h.engine.api.invoke('forwarding:set', { enabled: false });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', params: { name: '--otomax-enabled' } } });
    expect((await call('forwarding:get', undefined)).forwarding).toBe(true);
  });
});

describe('"Uji koneksi" with the values in the form', () => {
  it('tests unsaved values and secrets without storing them, and validates them with the settings schema', async () => {
    env = await startEnv();
    expect(await call('otomax:test', undefined)).toMatchObject({ ok: true, unsaved: false });

    const down = await call('otomax:test', { values: { otomaxApiUrl: 'http://127.0.0.1:9/' } });
    expect(down).toMatchObject({ ok: false, reason: 'unreachable', unsaved: true, params: { target: '127.0.0.1:9' } });

    const badKey = await call('otomax:test', { otomaxAppKey: 'typed-but-wrong' });
    expect(badKey).toMatchObject({ ok: false, reason: 'credentials', unsaved: true });
    // The typed key was used once: the saved one is still in force.
    expect(await call('otomax:test', undefined)).toMatchObject({ ok: true });
    expect((await call('settings:get', undefined)).values.otomaxApiUrl).toBe(env.sim.url);

    const invalid = await env.h.engine.api.invoke('otomax:test', { values: { otomaxTimeoutMs: -1 } });
    expect(invalid).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { otomaxTimeoutMs: expect.any(String) } },
    });
    const unknown = await env.h.engine.api.invoke('otomax:test', { values: { port: 1 } } as never);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('first-run checklist', () => {
  it('turns each step green as it is done, then stays complete', async () => {
    env = await startEnv();
    await call('forwarding:set', { enabled: false });
    const first = await call('setup:checklist', undefined);
    expect(first.complete).toBe(false);
    // startEnv paired WhatsApp and registered the callback; OtomaX was not tested yet, forwarding is off.
    expect(Object.fromEntries(first.steps.map((s) => [s.id, s.done]))).toEqual({
      whatsapp: true,
      otomax: false,
      callback: true,
      forwarding: false,
    });
    await call('otomax:test', { otomaxAppKey: 'wrong' });
    expect((await call('setup:checklist', undefined)).steps.find((s) => s.id === 'otomax')?.done).toBe(false);
    await call('otomax:test', undefined);
    await call('forwarding:set', { enabled: true });
    expect((await call('setup:checklist', undefined)).complete).toBe(true);
    await call('forwarding:set', { enabled: false });
    expect((await call('setup:checklist', undefined)).complete).toBe(true);
  });

  it('sees the callback missing when OtomaX holds another URL, and can be dismissed', async () => {
    env = await startEnv();
    await call('forwarding:set', { enabled: false });
    // Another app (or an old install) told OtomaX its own address.
    const other = createOtomaxClient({
      baseUrl: env.sim.url,
      appId: 'APPID123',
      appKey: 'appkey-secret',
      devKey: 'devkey-secret',
      clock: systemClock,
      log: silentLogger(),
    });
    await other.setOutboxCallback('http://127.0.0.1:1/otomax/callback/someone-else');
    await other.close();
    const c = await call('setup:checklist', undefined);
    expect(c.steps.find((s) => s.id === 'callback')?.done).toBe(false);
    await call('callback:register', undefined);
    expect((await call('setup:checklist', undefined)).steps.find((s) => s.id === 'callback')?.done).toBe(true);
    expect((await call('setup:dismiss', undefined)).dismissed).toBe(true);
  });
});
