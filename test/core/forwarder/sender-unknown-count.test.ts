import { afterEach, describe, expect, it } from 'vitest';
import { startEnv, type Env } from '../../helpers/engine-env';

let env: Env | null = null;
afterEach(async () => {
  await env?.stop();
  env = null;
});

describe('"sender unknown" count (issue 11 point 4)', () => {
  it('today’s metrics count messages whose LID sender could not be resolved', async () => {
    env = await startEnv();
    await env.incoming({ lid: '123456789012345', text: 'S10.081234567890.1234', id: 'UNK1' });
    await env.incoming({ lid: '123456789012346', text: 'S10.081234567890.1234', id: 'UNK2' });
    await env.incoming({ from: '6281234567890', text: 'SAL.1234', id: 'KNOWN1' });
    await env.waitFor(
      async () => {
        const m = await env!.h.engine.api.invoke('metrics:get', undefined);
        return m.ok && m.value.today.senderUnknown === 2;
      },
      5000,
      'two sender-unknown rows counted',
    );
    const m = await env.h.engine.api.invoke('metrics:get', undefined);
    expect(m.ok && m.value.today.received).toBe(3);
  });
});
