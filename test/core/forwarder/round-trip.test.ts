import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY, startEnv, type Env } from '../../helpers/engine-env';

let env: Env | null = null;
afterEach(async () => {
  await env?.stop();
  env = null;
});

const RESELLER = '6281234567890';

describe('round trip WhatsApp → OtomaX → WhatsApp', () => {
  it('status 21: InsertInbox with the right body, auto-reply quoting the original, no second copy from the outbox', async () => {
    env = await startEnv();
    const ts = Date.now();
    const r = await env.incoming({ from: RESELLER, text: 'SAL.1234', id: 'MSG21', timestamp: ts });
    expect(r.status).toBe(200);
    await env.waitFor(() => env!.sim.inbox.length === 1, 5000, 'InsertInbox');
    const row = env.sim.inbox[0]!;
    expect(row).toMatchObject({
      pesan: 'SAL.1234',
      pengirim: RESELLER,
      tipe_pengirim: 'W',
      kode_terminal: 1,
      kode_reseller: '',
    });
    expect(row.exp).toBe(new Date(Math.floor(ts / 1000) * 1000 + 30_000).toISOString().replace('.000Z', 'Z'));
    await env.waitFor(async () => (await env!.sent()).length >= 1, 5000, 'auto-reply');
    // The outbox copy of the same text arrives too: acknowledged, not re-sent.
    await env.waitFor(() => env!.sim.outbox.length === 1 && env!.sim.outbox[0]!.acked, 5000, 'outbox ack');
    await env.waitFor(() => env!.sim.statusUpdates.length === 1, 5000, 'UpdateStatusOutbox');
    const sent = await env.sent();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: RESELLER, quotedId: 'MSG21' });
    expect(sent[0]!.text).toMatch(/^Saldo R0001/);
    expect(env.sim.statusUpdates[0]).toMatchObject({ status: 20 });
    const log = await env.h.engine.api.invoke('log:page', {});
    const inRow = log.ok ? log.value.rows.find((x) => x.direction === 'in') : undefined;
    expect(inRow).toMatchObject({ status: 'forwarded', otomaxStatus: 21 });
    expect(['sent', 'delivered', 'read']).toContain(inRow?.replyStatus);
  });

  it('status 41 and 42: statusDesc as the reply', async () => {
    env = await startEnv();
    await env.incoming({ from: '6289999999999', text: 'S10.081234567890.1234', id: 'UNKNOWN1' });
    await env.incoming({ from: RESELLER, text: 'hello there', id: 'BADFMT1' });
    await env.waitFor(async () => (await env!.sent()).length === 2, 5000, 'two replies');
    const sent = await env.sent();
    const byTo = Object.fromEntries(sent.map((s) => [s.quotedId, s]));
    expect(byTo.UNKNOWN1).toMatchObject({ to: '6289999999999', text: 'Bukan Reseller' });
    expect(byTo.BADFMT1).toMatchObject({ to: RESELLER, text: 'Format Salah' });
  });

  it('status 22: no immediate reply; the transaction result comes through the outbox and is reported back', async () => {
    env = await startEnv();
    await env.incoming({ from: RESELLER, text: 'S10.081234567890.1234', id: 'TRX1' });
    await env.waitFor(() => env!.sim.outbox.some((o) => o.acked), 5000, 'outbox delivered to the callback');
    await env.waitFor(async () => (await env!.sent()).length === 1, 5000, 'outbox sent over WhatsApp');
    await env.waitFor(() => env!.sim.statusUpdates.length === 1, 5000, 'UpdateStatusOutbox 20');
    const sent = await env.sent();
    expect(sent[0]!.text).toMatch(/SUKSES/);
    expect(sent[0]!.to).toBe(RESELLER);
    expect(env.sim.inbox[0]!.status).toBe(22);
    expect(env.sim.statusUpdates[0]).toMatchObject({ kode: String(env.sim.outbox[0]!.kode), status: 20 });
    const page = await env.h.engine.api.invoke('log:page', {});
    expect(page.ok && page.value.rows.map((r) => `${r.direction}:${r.status}`).sort()).toEqual([
      'in:forwarded',
      'outbox:sent',
    ]);
  });

  it('keeps no secret in the database or the logs: app key, dev key, API key, callback secret', async () => {
    env = await startEnv();
    await env.incoming({ from: RESELLER, text: 'S10.081234567890.1234', id: 'SECRETS1' });
    await env.waitFor(async () => (await env!.sent()).length === 1, 5000, 'the transaction result');
    const cb = await env.h.engine.api.invoke('callback:get', undefined);
    const secret = cb.ok ? (cb.value.url.split('/').pop() as string) : '';
    expect(secret.length).toBeGreaterThan(20);
    // Stop the engine (database closed, logs flushed) but keep its folder to read.
    await env.h.stop();
    const files = readdirSync(env.dataDir, { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile())
      .map((f) => join(f.parentPath, f.name));
    expect(files.some((f) => f.endsWith('jembatan.db'))).toBe(true);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const value of ['appkey-secret', 'devkey-secret', API_KEY, secret]) {
        expect(bytes.includes(Buffer.from(value)), `${value} in ${file}`).toBe(false);
      }
    }
  });
});
