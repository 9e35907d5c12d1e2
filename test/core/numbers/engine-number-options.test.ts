import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY, startEnv, type Env } from '../../helpers/engine-env';

/** Issue 17: a number's own forward options, set by the owner, override the global settings for that number only. */
let env: Env | null = null;
afterEach(async () => {
  await env?.stop();
  env = null;
});

const ANI = '6281234567890';
const GROUP = '120363000000000001@g.us';

describe('a number with its own options, through the engine', () => {
  it('"do not forward groups" on one number while the global setting forwards them', async () => {
    env = await startEnv({
      argv: ['--otomax-forward-groups=true'],
      sim: { resellers: [{ kode: 'R0001', phone: ANI, saldo: 1_000_000, pin: '1234' }], infoToOutbox: false },
    });
    const added = await env.api<{ results: { id: string } }>('POST', '/whatsapp/numbers', {
      name: 'Dua',
      kode_terminal: 2,
    });
    const dua = added.json.results.id;
    await env.waitFor(
      async () => {
        const s = await env!.h.engine.api.invoke('session:get', { number: dua });
        return s.ok && s.value.state === 'open';
      },
      5000,
      'Dua linked',
    );
    // The owner's choice for Dua, over REST (the window's numbers:update takes the same fields).
    const patched = await request(`${env.h.url}/whatsapp/numbers/${dua}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ forward_groups: false, default_reseller: 'R0001' }),
    });
    expect(patched.statusCode).toBe(200);
    expect(await patched.body.json()).toMatchObject({ results: { id: dua, forward_groups: false } });

    // The same group message on both numbers: the primary follows the global (forward), Dua its own (do not).
    const onMain = await env.incoming({ from: ANI, text: 'SAL.1234', id: 'GRPMAIN', group: GROUP });
    const onDua = await env.incoming({ from: ANI, text: 'SAL.1234', id: 'GRPDUA', group: GROUP, number: dua });
    expect(onMain.json).toMatchObject({ results: { delivered: true } });
    expect(onDua.json).toMatchObject({ results: { delivered: false, skipped: 'group' } });
    await env.waitFor(() => env!.sim.inbox.length >= 1, 5000, 'the primary forwards the group message');
    // A direct message on Dua still goes, with Dua's own terminal.
    await env.incoming({ from: ANI, text: 'SAL.1234', id: 'DIRECTDUA', number: dua });
    await env.waitFor(() => env!.sim.inbox.length >= 2, 5000, 'the direct message on Dua');
    expect(env.sim.inbox.map((r) => r.kode_terminal)).toEqual([1, 2]);

    // Back to "follow the general settings": Dua forwards groups again.
    const back = await env.h.engine.api.invoke('numbers:update', { id: dua, forwardGroups: null });
    expect(back.ok && back.value.options?.forwardGroups).toBeNull();
    const again = await env.incoming({ from: ANI, text: 'SAL.1234', id: 'GRPDUA2', group: GROUP, number: dua });
    expect(again.json).toMatchObject({ results: { delivered: true } });
    await env.waitFor(() => env!.sim.inbox.length >= 3, 5000, 'the group message on Dua once it follows the global');
  });
});
