import { afterEach, describe, expect, it } from 'vitest';
import { EXPIRED_NOTICE } from '../../../electron/core/forwarder/inbound';
import { startEnv, type Env } from '../../helpers/engine-env';

let env: Env | null = null;
afterEach(async () => {
  await env?.stop();
  env = null;
});

const RESELLER = '6281234567890';
const rows = async (e: Env) => {
  const r = await e.h.engine.api.invoke('log:page', { limit: 1000 });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.rows;
};

describe('inbound rules', () => {
  it('a message older than _exp is not forwarded: logged expired, the sender asked to resend', async () => {
    env = await startEnv();
    await env.incoming({ from: RESELLER, text: 'S10.081234567890.1234', id: 'OLD1', timestamp: Date.now() - 45_000 });
    await env.waitFor(async () => (await env!.sent()).length === 1, 5000, 'expired notice');
    expect(env.sim.inbox).toHaveLength(0);
    expect((await env.sent())[0]).toMatchObject({ to: RESELLER, text: EXPIRED_NOTICE, quotedId: 'OLD1' });
    expect((await rows(env))[0]).toMatchObject({ status: 'expired' });
  });

  it('no notice when "reply on expired" is off', async () => {
    env = await startEnv({ argv: ['--otomax-reply-on-expired=false'] });
    await env.incoming({ from: RESELLER, text: 'SAL.1234', id: 'OLD2', timestamp: Date.now() - 45_000 });
    await env.waitFor(async () => (await rows(env!)).length === 1, 5000, 'row');
    await new Promise((r) => setTimeout(r, 300));
    expect(await env.sent()).toHaveLength(0);
    expect(env.sim.inbox).toHaveLength(0);
  });

  it('a re-delivery is a no-op: the same id twice, and 50 times at once, gives one InsertInbox', async () => {
    env = await startEnv();
    await env.incoming({ from: RESELLER, text: 'S10.081234567890.1234', id: 'DUP1' });
    await env.incoming({ from: RESELLER, text: 'S10.081234567890.1234', id: 'DUP1' });
    const burst = await Promise.all(
      Array.from({ length: 50 }, () => env!.incoming({ from: RESELLER, text: 'S20.081234567890.1234', id: 'DUP50' })),
    );
    expect(burst.every((r) => r.status === 200)).toBe(true);
    await env.waitFor(() => env!.sim.inbox.length >= 2, 5000, 'two InsertInbox');
    await new Promise((r) => setTimeout(r, 300));
    expect(env.sim.inbox.map((r) => r.pesan).sort()).toEqual(['S10.081234567890.1234', 'S20.081234567890.1234']);
    expect(await rows(env)).toHaveLength(2 + env.sim.outbox.filter((o) => o.acked).length);
    const m = await env.h.engine.api.invoke('metrics:get', undefined);
    expect(m.ok && m.value.today.duplicates).toBe(50);
  });

  it('forwarding off: messages are logged "not forwarded" and never forwarded later by surprise', async () => {
    env = await startEnv();
    const off = await env.h.engine.api.invoke('forwarding:set', { enabled: false });
    expect(off.ok && off.value.forwarding).toBe(false);
    await env.incoming({ from: RESELLER, text: 'SAL.1234', id: 'OFF1' });
    await env.waitFor(async () => (await rows(env!)).length === 1, 5000, 'row');
    expect((await rows(env))[0]).toMatchObject({ status: 'not_forwarded' });
    await env.h.engine.api.invoke('forwarding:set', { enabled: true });
    await env.incoming({ from: RESELLER, text: 'SAL.1234', id: 'ON1' });
    await env.waitFor(() => env!.sim.inbox.length === 1, 5000, 'InsertInbox of the second');
    await new Promise((r) => setTimeout(r, 1500));
    expect(env.sim.inbox).toHaveLength(1);
    const health = await env.api<{ results: { forwarding: { forwarding: boolean } } }>('GET', '/otomax/health');
    expect(health.json.results.forwarding.forwarding).toBe(true);
  });

  it('auto-reply off: forwarded, no reply', async () => {
    env = await startEnv({ argv: ['--otomax-auto-reply-enabled=false'] });
    await env.incoming({ from: RESELLER, text: 'hello', id: 'NOREPLY' });
    await env.waitFor(() => env!.sim.inbox.length === 1, 5000, 'InsertInbox');
    await new Promise((r) => setTimeout(r, 300));
    expect(await env.sent()).toHaveLength(0);
  });

  it('a LID sender without a known phone is shown as "sender unknown", never forwarded as a LID', async () => {
    env = await startEnv();
    await env.incoming({ lid: '123456789012345', text: 'S10.081234567890.1234', id: 'LID1' });
    await env.waitFor(async () => (await rows(env!)).length === 1, 5000, 'row');
    const row = (await rows(env))[0]!;
    expect(row).toMatchObject({ status: 'sender_unknown', phone: null });
    expect(row.error).toMatch(/123456789012345/);
    await new Promise((r) => setTimeout(r, 300));
    expect(env.sim.inbox).toHaveLength(0);
    expect(await env.sent()).toHaveLength(0);
  });

  it('groups are skipped unless enabled; enabled, the participant is the sender', async () => {
    env = await startEnv();
    await env.incoming({ from: RESELLER, group: '120363000000000001', text: 'SAL.1234', id: 'G1' });
    await new Promise((r) => setTimeout(r, 300));
    expect(env.sim.inbox).toHaveLength(0);
    expect(await rows(env)).toHaveLength(0);
    await env.stop();
    env = await startEnv({ argv: ['--otomax-forward-groups=true'] });
    await env.incoming({ from: RESELLER, group: '120363000000000001', text: 'SAL.1234', id: 'G2' });
    await env.waitFor(() => env!.sim.inbox.length === 1, 5000, 'InsertInbox from the group');
    expect(env.sim.inbox[0]).toMatchObject({ pengirim: RESELLER });
    // The answer goes to the group it came from, quoting the member's message.
    await env.waitFor(async () => (await env!.sent()).length === 1, 5000, 'the reply in the group');
    expect((await env.sent())[0]).toMatchObject({ to: '120363000000000001', quotedId: 'G2' });
  });

  it('the per-chat reply limit stops a flood of replies', async () => {
    env = await startEnv({ argv: ['--reply-limit=3'] });
    for (let i = 0; i < 6; i++) await env.incoming({ from: RESELLER, text: `junk ${i}`, id: `FLOOD${i}` });
    await env.waitFor(() => env!.sim.inbox.length === 6, 5000, 'all six forwarded');
    await env.waitFor(async () => (await env!.sent()).length >= 3, 5000, 'three replies');
    await new Promise((r) => setTimeout(r, 500));
    expect(await env.sent()).toHaveLength(3);
  });
});
