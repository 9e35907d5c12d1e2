import { afterEach, describe, expect, it } from 'vitest';
import type { CommandName } from '../../shared/api';
import { startEnv, type Env } from '../helpers/engine-env';

let env: Env | null = null;
afterEach(async () => {
  await env?.stop();
  env = null;
});

describe('engine api (what the window calls)', () => {
  it('refuses bad settings field by field, saying why, and saves nothing', async () => {
    env = await startEnv();
    const r = await env.h.engine.api.invoke('settings:save', {
      retentionDays: 0,
      otomaxDefaultKodeTerminal: -5,
      port: 4000,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.fields).toMatchObject({
      retentionDays: 'expected days, 1 to 3650',
      otomaxDefaultKodeTerminal: 'expected a whole number',
    });
    // port is fixed by --port in the test host.
    expect(r.error.fieldReasons).toEqual({
      retentionDays: 'invalid',
      otomaxDefaultKodeTerminal: 'invalid',
      port: 'locked',
    });
    const view = await env.h.engine.api.invoke('settings:get', undefined);
    expect(view.ok && view.value.values.retentionDays).toBe(90);
  });

  it('validates every input and never throws across the boundary', async () => {
    env = await startEnv();
    const api = env.h.engine.api;
    expect(await api.invoke('forwarding:set', { enabled: 'yes' } as never)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'enabled' },
    });
    expect(await api.invoke('log:page', { before: 'garbage' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'before' },
    });
    expect(await api.invoke('log:detail', { id: 'in:999' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await api.invoke('pairing:start', { mode: 'code', phone: 'x' } as never)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await api.invoke('nope:nope' as CommandName, undefined as never)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const secrets = await api.invoke('settings:get', undefined);
    expect(JSON.stringify(secrets)).not.toContain('appkey-secret');
    expect(secrets.ok && secrets.value.secrets).toMatchObject({
      hasOtomaxAppKey: true,
      hasOtomaxDevKey: true,
      hasApiKey: true,
    });
  });
});
