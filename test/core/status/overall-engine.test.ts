import { afterEach, describe, expect, it } from 'vitest';
import type { OverallState } from '../../../shared/dto';
import { startEnv, type Env } from '../../helpers/engine-env';

let env: Env | null = null;
afterEach(async () => {
  await env?.stop();
  env = null;
});

const overall = async (e: Env): Promise<OverallState> => {
  const r = await e.h.engine.api.invoke('overall:get', undefined);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('the overall state of a running engine', () => {
  it('goes red by itself when OtomaX goes away, and green again when it is back, with no traffic', async () => {
    env = await startEnv({ probeMs: 200 });
    const e = env;
    const changes: OverallState[] = [];
    e.h.engine.events.on('overall:changed', (s) => changes.push(s));
    await e.waitFor(async () => (await overall(e)).level === 'ok', 5000, 'all good');

    await e.sim.down();
    const wentDown = Date.now();
    await e.waitFor(async () => (await overall(e)).level === 'down', 10_000, 'down');
    expect(Date.now() - wentDown).toBeLessThan(30_000);
    expect((await overall(e)).problems[0]).toMatchObject({ id: 'otomax_down', level: 'down' });
    // The window hears it as an event, and /otomax/health says the same.
    expect(changes.some((s) => s.level === 'down')).toBe(true);
    const health = await e.api<{ results: { overall: { level: string; problems: string[] } } }>(
      'GET',
      '/otomax/health',
    );
    expect(health.json.results.overall).toEqual({ level: 'down', problems: ['otomax_down'] });

    await e.sim.up();
    await e.waitFor(async () => (await overall(e)).level === 'ok', 10_000, 'back to ok');
    // Only probes were made: no message was needed to notice either change.
    expect(e.sim.inbox).toHaveLength(0);
  });

  it('says forwarding is off rather than "all good"', async () => {
    env = await startEnv({ argv: ['--otomax-enabled=false'] });
    expect(await overall(env)).toMatchObject({ level: 'attention', problems: [{ id: 'forwarding_off' }] });
  });
});
