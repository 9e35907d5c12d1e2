import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { WHATSAPP_TEXT_LIMIT } from '../../../electron/core/forwarder/outbox-limits';
import { createCallbackSecret } from '../../../electron/core/otomax/callback-secret';
import { otomaxToken } from '../../../electron/core/otomax/token';
import { createMemorySecretStore } from '../../../electron/core/secrets/memory-store';
import { startEnv, type Env } from '../../helpers/engine-env';

let env: Env | null = null;
afterEach(async () => {
  await env?.stop();
  env = null;
});

const CREDS = { appId: 'APPID123', appKey: 'appkey-secret', devKey: 'devkey-secret' };

async function post(url: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const r = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const text = await r.body.text();
  return {
    status: r.statusCode,
    json: text
      ? (JSON.parse(text) as { code: number; message: string; results: Record<string, unknown> | null })
      : null,
  };
}

async function callbackUrl(e: Env): Promise<string> {
  const r = await e.h.engine.api.invoke('callback:get', undefined);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.url;
}

const outboxCount = async (e: Env) => {
  const r = await e.h.engine.api.invoke('log:page', { filter: { direction: 'outbox' } });
  return r.ok ? r.value.total : -1;
};

describe('outbox callback', () => {
  it('accepts both payload shapes, dedupes on kode, sends once, reports 20', async () => {
    env = await startEnv();
    const url = await callbackUrl(env);
    expect(url).toMatch(/\/otomax\/callback\/[\w-]{20,}$/);
    const row = {
      kode: 501,
      penerima: '081234567890',
      tipe_penerima: 'W',
      pesan: 'Trx sukses SN:1',
      kode_inbox: null,
      kode_transaksi: 9,
      kode_reseller: 'R0001',
      kode_terminal: 1,
      tgl_entri: '2026-11-21 10:00:00',
      status: 0,
    };
    const a = await post(url, JSON.stringify(row));
    expect(a.status).toBe(200);
    expect(a.json?.results).toMatchObject({ kode: '501', duplicate: false });
    const again = await post(url, JSON.stringify(row));
    expect(again.json?.results).toMatchObject({ kode: '501', duplicate: true });
    const seed = await post(
      url,
      JSON.stringify({ kode: '502', status: 0, message: 'Saldo Anda Rp 100.000', pengirim: '+62 812-3456-7890' }),
    );
    expect(seed.status).toBe(200);
    await env.waitFor(async () => (await env!.sent()).length === 2, 5000, 'two sends');
    // These kodes are unknown to the simulated OtomaX: it refuses the status (a definite answer), asked once each.
    await env.waitFor(
      () => env!.sim.requests.filter((r) => r.path.includes('UpdateStatusOutbox')).length === 2,
      5000,
      'two reports',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(env.sim.requests.filter((r) => r.path.includes('UpdateStatusOutbox'))).toHaveLength(2);
    const sent = await env.sent();
    expect(sent.map((s) => [s.to, s.text]).sort()).toEqual([
      ['6281234567890', 'Saldo Anda Rp 100.000'],
      ['6281234567890', 'Trx sukses SN:1'],
    ]);
  });

  it('verifies a token when one is sent, in the query or the Token header', async () => {
    env = await startEnv();
    const url = await callbackUrl(env);
    const body = JSON.stringify({ kode: 601, penerima: '6281234567890', pesan: 'ok' });
    const token = otomaxToken(CREDS, body);
    expect((await post(`${url}?token=${token}`, body)).status).toBe(200);
    const body2 = JSON.stringify({ kode: 602, penerima: '6281234567890', pesan: 'ok' });
    expect((await post(url, body2, { token: otomaxToken(CREDS, body2) })).status).toBe(200);
    const body3 = JSON.stringify({ kode: 603, penerima: '6281234567890', pesan: 'ok' });
    const bad = await post(`${url}?token=${otomaxToken(CREDS, body3 + ' ')}`, body3);
    expect(bad.status).toBe(401);
    expect(await outboxCount(env)).toBe(2);
  });

  it('refuses bad callbacks and stores nothing', async () => {
    env = await startEnv();
    const url = await callbackUrl(env);
    const base = url.replace(/\/[^/]+$/, '');
    const good = JSON.stringify({ kode: 700, penerima: '6281234567890', pesan: 'x' });
    expect((await post(base, good)).status).toBe(404);
    expect((await post(`${base}/wrong-secret-value`, good)).status).toBe(404);
    const malformed = await post(url, '{"kode": 1, ');
    expect(malformed.status).toBe(400);
    expect(malformed.json?.message).toMatch(/malformed JSON/);
    const big = await post(
      url,
      JSON.stringify({ kode: 701, penerima: '6281234567890', pesan: 'x'.repeat(2 * 1024 * 1024) }),
    );
    expect(big.status).toBe(413);
    for (const [body, field] of [
      [{ kode: { a: 1 }, penerima: '6281234567890', pesan: 'x' }, 'kode'],
      [{ kode: 702, penerima: 12, pesan: 'x' }, 'penerima'],
      [{ kode: 703, penerima: '123@lid', pesan: 'x' }, 'penerima'],
      [{ kode: 704, penerima: '6281234567890' }, 'pesan'],
      [[1, 2, 3], null],
    ] as const) {
      const r = await post(url, JSON.stringify(body));
      expect(r.status, JSON.stringify(body)).toBe(400);
      if (field) expect(JSON.stringify(r.json)).toContain(field);
    }
    expect(await outboxCount(env)).toBe(0);
    expect(await env.sent()).toHaveLength(0);
  });

  it('one kode in two spellings ("00020" then 20) is one row, one send and one UpdateStatusOutbox {kode: 20}', async () => {
    env = await startEnv();
    const url = await callbackUrl(env);
    const first = await post(url, JSON.stringify({ kode: '00020', penerima: '6281234567890', pesan: 'Trx 20 sukses' }));
    expect(first.status).toBe(200);
    expect(first.json?.results).toMatchObject({ kode: '20', duplicate: false });
    const second = await post(url, JSON.stringify({ kode: 20, penerima: '6281234567890', pesan: 'Trx 20 sukses' }));
    expect(second.json?.results).toMatchObject({ kode: '20', duplicate: true });
    await env.waitFor(
      () => env!.sim.requests.some((r) => r.path.includes('UpdateStatusOutbox')),
      5000,
      'the status report',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(await outboxCount(env)).toBe(1);
    expect(await env.sent()).toHaveLength(1);
    const reports = env.sim.requests.filter((r) => r.path.includes('UpdateStatusOutbox'));
    expect(reports.map((r) => JSON.parse(r.body) as unknown)).toEqual([{ kode: 20, status: 20 }]);
  });

  it('refuses a text longer than WhatsApp allows: nothing sent, the row says why, OtomaX hears 40', async () => {
    env = await startEnv();
    const url = await callbackUrl(env);
    const long = 'x'.repeat(WHATSAPP_TEXT_LIMIT + 1);
    const fits = '🙂'.repeat(WHATSAPP_TEXT_LIMIT); // emoji are one character each for WhatsApp, two UTF-16 units
    const a = await post(url, JSON.stringify({ kode: 801, penerima: '6281234567890', pesan: long }));
    expect(a.status).toBe(200);
    expect(a.json?.results).toMatchObject({ kode: '801', duplicate: false, status: 'too_long' });
    const b = await post(url, JSON.stringify({ kode: 802, penerima: '6281234567890', pesan: fits }));
    expect(b.json?.results).toMatchObject({ status: 'sending' });
    await env.waitFor(
      () => env!.sim.requests.filter((r) => r.path.includes('UpdateStatusOutbox')).length === 2,
      5000,
      'two reports',
    );
    const reports = env.sim.requests
      .filter((r) => r.path.includes('UpdateStatusOutbox'))
      .map((r) => JSON.parse(r.body) as { kode: number; status: number });
    expect(reports.sort((x, y) => x.kode - y.kode)).toEqual([
      { kode: 801, status: 40 },
      { kode: 802, status: 20 },
    ]);
    const sent = await env.sent();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toBe(fits);
    const page = await env.h.engine.api.invoke('log:page', { filter: { direction: 'outbox', status: 'too_long' } });
    expect(page.ok && page.value.rows.map((r) => [r.status, r.error])).toEqual([
      ['too_long', expect.stringMatching(/65536/)],
    ]);
  });

  it('queues outbox messages while WhatsApp is down and delivers each exactly once when it is back', async () => {
    env = await startEnv();
    const logout = await env.h.engine.api.invoke('session:logout', undefined);
    expect(logout.ok).toBe(true);
    for (let i = 0; i < 5; i++) env.sim.pushOutbox({ penerima: '6281234567890', pesan: `msg ${i}` });
    await env.waitFor(() => env!.sim.outbox.filter((o) => o.acked).length === 5, 5000, 'five callbacks acknowledged');
    await new Promise((r) => setTimeout(r, 300));
    expect(await env.sent()).toHaveLength(0);
    await env.h.engine.api.invoke('pairing:start', { mode: 'qr' });
    await env.waitFor(async () => (await env!.sent()).length === 5, 8000, 'five sends after pairing');
    await env.waitFor(() => env!.sim.statusUpdates.length === 5, 5000, 'five reports');
    expect(env.sim.statusUpdates.every((u) => u.status === 20)).toBe(true);
    const sent = await env.sent();
    expect(sent.map((s) => s.text)).toEqual(['msg 0', 'msg 1', 'msg 2', 'msg 3', 'msg 4']);
  });

  it('rotating the secret tells OtomaX the new URL; the old one works only through a grace period', async () => {
    env = await startEnv();
    const old = await callbackUrl(env);
    const r = await env.h.engine.api.invoke('callback:rotate', undefined);
    expect(r.ok).toBe(true);
    const fresh = r.ok ? r.value.url : '';
    expect(fresh).not.toBe(old);
    expect(env.sim.callbackUrl).toBe(fresh);
    const body = (kode: number) => JSON.stringify({ kode, penerima: '6281234567890', pesan: 'x' });
    // A callback OtomaX sent before it learnt the new URL is still taken.
    expect((await post(old, body(900))).status).toBe(200);
    expect((await post(fresh, body(901))).status).toBe(200);
  });
});

describe('callback secret', () => {
  it('rotation keeps the previous secret for the grace period only', async () => {
    let now = 1_000;
    const s = createCallbackSecret(createMemorySecretStore(), { now: () => now }, 60_000);
    const first = await s.get();
    expect(await s.matches(first)).toBe(true);
    expect(await s.matches('guess')).toBe(false);
    const second = await s.rotate();
    expect(await s.matches(second)).toBe(true);
    expect(await s.matches(first)).toBe(true);
    now += 60_000;
    expect(await s.matches(first)).toBe(false);
    expect(await s.matches(second)).toBe(true);
    expect(s.ephemeral()).toBe(false);
    const noKeychain = createCallbackSecret(null, { now: () => now });
    // Known before anything asked for the secret: start-up asks first, to register the per-run URL.
    expect(noKeychain.ephemeral()).toBe(true);
    await noKeychain.get();
    expect(noKeychain.ephemeral()).toBe(true);
  });
});
