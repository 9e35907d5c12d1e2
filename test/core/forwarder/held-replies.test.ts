import { afterEach, describe, expect, it } from 'vitest';
import type { Banner, FlowRow } from '../../../shared/dto';
import { SETTINGS_META } from '../../../shared/settings-meta';
import { startEnv, type Env } from '../../helpers/engine-env';

let env: Env | null = null;
afterEach(async () => {
  await env?.stop();
  env = null;
});

/** Not a registered reseller: OtomaX answers 41 "Bukan Reseller", which is auto-replied at once. */
const STRANGER = '6289999999999';
const RESELLER = '6281234567890';

async function value<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const rows = async (e: Env): Promise<FlowRow[]> =>
  (await value(e.h.engine.api.invoke('log:page', { limit: 1000 }))).rows;
const banners = async (e: Env): Promise<Banner[]> => value(e.h.engine.api.invoke('banners:get', undefined));

describe('nothing is dropped or held silently', () => {
  it('a reply over the limit is held with its reason on the row, counted on Status, not dropped', async () => {
    env = await startEnv({ argv: ['--reply-limit=1'] });
    await env.incoming({ from: STRANGER, text: 'halo 1', id: 'H1' });
    await env.waitFor(async () => (await env!.sent()).length === 1, 5000, 'first reply');
    await env.incoming({ from: STRANGER, text: 'halo 2', id: 'H2' });
    await env.waitFor(
      async () => (await rows(env!)).some((r) => r.replyError === 'held:reply_limit'),
      5000,
      'second reply held',
    );
    const second = (await rows(env)).find((r) => r.text === 'halo 2');
    expect(second).toMatchObject({ status: 'forwarded', replyStatus: 'queued', replyError: 'held:reply_limit' });
    const story = await value(env.h.engine.api.invoke('log:detail', { id: second!.id }));
    expect(story.outbound[0]).toMatchObject({ status: 'queued', error: 'held:reply_limit' });
    const m = await value(env.h.engine.api.invoke('metrics:get', undefined));
    expect(m.heldReplies).toBe(1);
    expect(await env.sent()).toHaveLength(1);
  });

  it('a chat in a reply loop is paused with a banner naming it, and the owner releases it', async () => {
    env = await startEnv({ argv: ['--reply-limit=1'] });
    for (let i = 1; i <= 4; i++) await env.incoming({ from: STRANGER, text: `loop ${i}`, id: `L${i}` });
    await env.waitFor(async () => (await banners(env!)).some((b) => b.id === 'chat_paused'), 8000, 'paused banner');
    expect((await banners(env)).find((b) => b.id === 'chat_paused')).toMatchObject({
      level: 'warning',
      phone: STRANGER,
    });
    // Paused survives nothing but the owner's release: the button's command.
    const bad = await env.h.engine.api.invoke('replies:release', { phone: 'abc' });
    expect(bad.ok).toBe(false);
    expect(await value(env.h.engine.api.invoke('replies:release', { phone: `0${STRANGER.slice(2)}` }))).toEqual({
      released: true,
    });
    expect((await banners(env)).some((b) => b.id === 'chat_paused')).toBe(false);
    expect(await value(env.h.engine.api.invoke('replies:release', { phone: STRANGER }))).toEqual({ released: false });
  });

  it('OtomaX down: the row says "waiting for OtomaX", then the reseller hears "server trouble", not "late"', async () => {
    env = await startEnv({ argv: ['--otomax-timeout-ms=1000'] });
    await env.sim.down();
    await env.incoming({ from: RESELLER, text: 'S10.081234567890.1234', id: 'DOWN1', timestamp: Date.now() - 24_000 });
    await env.waitFor(async () => (await rows(env!))[0]?.status === 'waiting_otomax', 5000, 'waiting row');
    const filtered = await value(
      env.h.engine.api.invoke('log:page', { filter: { status: 'waiting_otomax' }, limit: 10 }),
    );
    expect(filtered.rows.map((r) => r.id)).toEqual([(await rows(env))[0]!.id]);
    const queued = await value(env.h.engine.api.invoke('log:page', { filter: { status: 'queued' }, limit: 10 }));
    expect(queued.rows).toHaveLength(0);
    await env.waitFor(async () => (await env!.sent()).length === 1, 15_000, 'expiry notice');
    expect((await env.sent())[0]?.text).toBe(SETTINGS_META.otomaxTroubleNotice.default);
    expect((await rows(env))[0]).toMatchObject({ status: 'expired', errorClass: 'expired' });
  });

  it('a message that reached us late gets the "late" text, and both texts are settings', async () => {
    env = await startEnv({ argv: ['--otomax-late-notice=Pesan telat, kirim ulang ya.'] });
    await env.incoming({ from: RESELLER, text: 'SAL.1234', id: 'LATE1', timestamp: Date.now() - 45_000 });
    await env.waitFor(async () => (await env!.sent()).length === 1, 5000, 'late notice');
    expect((await env.sent())[0]?.text).toBe('Pesan telat, kirim ulang ya.');
    expect((await rows(env))[0]).toMatchObject({ status: 'expired', errorClass: 'late' });
  });
});
