import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listWhatsAppIntegrations } from '../../../electron/core/qontak/client';
import { parseRetryAfter, QontakError } from '../../../electron/core/qontak/request';
import type { DirectBroadcastBody } from '../../../electron/core/qontak/wire';
import { type MekariSim, startMekariSim } from '../../sim/mekari/server';
import { captureLog, fakeTime, simClient } from './helpers';

const body = (to: string, values: string[] = ['Budi']): DirectBroadcastBody => ({
  to_number: to,
  to_name: 'Budi',
  message_template_id: 'tpl-halo',
  channel_integration_id: 'int-wa-1',
  language: { code: 'id' },
  parameters: { body: values.map((v, i) => ({ key: String(i + 1), value: `param${i + 1}`, value_text: v })) },
});

async function caught(p: Promise<unknown>): Promise<QontakError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof QontakError) return e;
    throw e;
  }
  throw new Error('expected a QontakError');
}

describe('Qontak client against the Mekari simulator', () => {
  let sim: MekariSim;
  const logs = captureLog();
  beforeEach(async () => {
    sim = await startMekariSim();
  });
  afterEach(async () => {
    await sim.close();
  });

  it('lists integrations (wa by default, wa_cloud on request) mapped to DTOs', async () => {
    const client = simClient(sim, logs.log);
    const wa = await client.listIntegrations();
    expect(wa.map((i) => i.id)).toEqual(['int-wa-1', 'int-wa-2']);
    expect(wa[0]).toEqual({
      id: 'int-wa-1',
      targetChannel: 'wa',
      accountName: 'Toko Pulsa Jaya',
      phoneNumber: '6281100000001',
      isActive: true,
    });
    expect((await listWhatsAppIntegrations(client)).map((i) => i.id)).toEqual(['int-wa-1', 'int-wa-2', 'int-cloud-1']);
    expect(sim.requests.every((r) => r.status === 200)).toBe(true);
  });

  it('pages templates by cursor.next until null, sending opaque cursors back exactly', async () => {
    const client = simClient(sim, logs.log);
    const templates = await client.listTemplates();
    expect(templates.map((t) => t.id)).toEqual([
      'tpl-info',
      'tpl-halo',
      'tpl-promo',
      'tpl-saldo',
      'tpl-ditolak',
      'tpl-harga-gambar',
      'tpl-katalog-pdf',
      'tpl-judul',
      'tpl-lokasi',
    ]);
    expect(templates.map((t) => t.placeholders)).toEqual([0, 1, 3, 2, 1, 1, 1, 2, 0]);
    const calls = sim.requests.filter((r) => r.url.startsWith('/qontak/chat/v1/templates/whatsapp'));
    expect(calls).toHaveLength(5);
    expect(calls[0]?.url).not.toContain('cursor=');
    // The sim's cursors end in "+/=": "+" must arrive percent-encoded ("/" and "=" may stay as they are, see
    // wire-shapes.test.ts), and the request must still be signed correctly.
    expect(calls[1]?.url).toMatch(/cursor=[^&]*%2B\/=(&|$)/);
    expect(calls.every((c) => c.status === 200)).toBe(true);
  });

  it('sends a direct broadcast and reads its log', async () => {
    // A simulator whose message stays pending: the default one marks it sent after 50 ms, which a busy machine's
    // read of the log could pass (seen in a full run beside benchmarks).
    await sim.close();
    sim = await startMekariSim({ schedule: { sentAfterMs: 600_000, deliveredAfterMs: 600_000, readAfterMs: null } });
    const client = simClient(sim, logs.log);
    const { id } = await client.sendDirectBroadcast(body('6281234567890'));
    expect(sim.broadcasts.map((b) => [b.id, b.to_number, b.params])).toEqual([[id, '6281234567890', ['Budi']]]);
    const log = await client.getBroadcastLog(id);
    expect(log).toEqual([
      expect.objectContaining({ phone: '6281234567890', name: 'Budi', status: 'pending', errorMessage: null }),
    ]);
  });

  it('401: wrong secret -> QONTAK_UNAUTHORIZED', async () => {
    const client = simClient(sim, logs.log, { clientSecret: 'wrong' });
    const e = await caught(client.listTemplates());
    expect(e.code).toBe('QONTAK_UNAUTHORIZED');
    expect(sim.requests[0]?.authReason).toBe('signature mismatch');
  });

  it('401: a clock more than 300 s off -> QONTAK_UNAUTHORIZED mentioning the clock', async () => {
    const client = simClient(sim, logs.log, { clock: { now: () => Date.now() - 400_000 } });
    const e = await caught(client.listIntegrations());
    expect(e.code).toBe('QONTAK_UNAUTHORIZED');
    expect(e.message).toMatch(/clock/);
    expect(sim.requests[0]?.authReason).toMatch(/skew/);
  });

  it('403 -> QONTAK_FORBIDDEN naming the scope', async () => {
    sim.inject({ kind: 'forbidden' });
    const e = await caught(simClient(sim, logs.log).listTemplates());
    expect(e.code).toBe('QONTAK_FORBIDDEN');
    expect(e.message).toContain('qontak-chat:all');
  });

  it('422 on a wrong variable count -> QONTAK_INVALID carrying the upstream message', async () => {
    const e = await caught(simClient(sim, logs.log).sendDirectBroadcast(body('6281234567890', ['a', 'b'])));
    expect(e.code).toBe('QONTAK_INVALID');
    expect(e.message).toContain('Message Template has 1 variable, please adjust your payload.');
    expect(e.maybeProcessed).toBe(false);
    expect(sim.broadcasts).toHaveLength(0);
  });

  it('another 4xx (unknown broadcast log) -> QONTAK_INVALID', async () => {
    const e = await caught(simClient(sim, logs.log).getBroadcastLog('nope'));
    expect(e.code).toBe('QONTAK_INVALID');
    expect(e.message).toContain('Broadcast not found');
  });

  it('429 honours Retry-After in seconds, re-signing the retry with a fresh Date', async () => {
    const t = fakeTime();
    sim.inject({ kind: 'rateLimit', retryAfter: '2' });
    const client = simClient(sim, logs.log, { clock: t.clock, sleep: t.sleep });
    await client.sendDirectBroadcast(body('6281234567890'));
    expect(t.sleeps).toEqual([2000]);
    expect(sim.requests.map((r) => r.status)).toEqual([429, 201]);
    expect(sim.requests[0]?.date).not.toBe(sim.requests[1]?.date);
    expect(sim.requests[1]?.date).toBe(new Date(t.clock.now()).toUTCString());
    expect(sim.broadcasts).toHaveLength(1);
  });

  it('429 honours Retry-After as an HTTP date', async () => {
    const t = fakeTime();
    sim.inject({ kind: 'rateLimit', retryAfter: new Date(t.clock.now() + 3000).toUTCString() });
    await simClient(sim, logs.log, { clock: t.clock, sleep: t.sleep }).listIntegrations();
    expect(t.sleeps).toEqual([3000]);
  });

  it('429 without Retry-After backs off 1 s, 2 s, 4 s, then QONTAK_RATE_LIMITED', async () => {
    const t = fakeTime();
    sim.inject({ kind: 'rateLimit', times: 10 });
    const e = await caught(simClient(sim, logs.log, { clock: t.clock, sleep: t.sleep }).listTemplates());
    expect(e.code).toBe('QONTAK_RATE_LIMITED');
    expect(t.sleeps).toEqual([1000, 2000, 4000]);
    expect(sim.requests).toHaveLength(4);
  });

  it('429 with a Retry-After past the limit fails at once', async () => {
    const t = fakeTime();
    sim.inject({ kind: 'rateLimit', retryAfter: '3600' });
    const e = await caught(simClient(sim, logs.log, { clock: t.clock, sleep: t.sleep }).listTemplates());
    expect(e.code).toBe('QONTAK_RATE_LIMITED');
    expect(t.sleeps).toEqual([]);
  });

  it('5xx is retried twice (0.5 s, 1 s) and can then succeed', async () => {
    const t = fakeTime();
    sim.inject({ kind: 'status', status: 503, times: 2 });
    const { id } = await simClient(sim, logs.log, { clock: t.clock, sleep: t.sleep }).sendDirectBroadcast(
      body('6281234567890'),
    );
    expect(id).toBeTruthy();
    expect(t.sleeps).toEqual([500, 1000]);
    expect(sim.requests.map((r) => r.status)).toEqual([503, 503, 201]);
    expect(sim.broadcasts).toHaveLength(1);
  });

  it('5xx three times -> QONTAK_UPSTREAM after three calls', async () => {
    const t = fakeTime();
    sim.inject({ kind: 'status', status: 500, times: 3 });
    const e = await caught(simClient(sim, logs.log, { clock: t.clock, sleep: t.sleep }).listTemplates());
    expect(e.code).toBe('QONTAK_UPSTREAM');
    expect(e.message).toContain('HTTP 500');
    expect(sim.requests).toHaveLength(3);
  });

  it('a broadcast that got a 500 or 502 is not resent: Qontak may have sent it (maybe processed)', async () => {
    for (const status of [500, 502, 504]) {
      const t = fakeTime();
      const before = sim.requests.length;
      sim.inject({ kind: 'status', status, times: 1 });
      const e = await caught(
        simClient(sim, logs.log, { clock: t.clock, sleep: t.sleep }).sendDirectBroadcast(body('6281234567890')),
      );
      expect(e).toMatchObject({ code: 'QONTAK_UPSTREAM', maybeProcessed: true });
      expect(sim.requests.length - before).toBe(1);
      expect(t.sleeps).toEqual([]);
    }
  });

  it('a 2xx Qontak answer that makes no sense -> QONTAK_UPSTREAM, maybe processed', async () => {
    sim.inject({ kind: 'status', status: 201, body: { weird: true } });
    const e = await caught(simClient(sim, logs.log).sendDirectBroadcast(body('6281234567890')));
    expect(e.code).toBe('QONTAK_UPSTREAM');
    expect(e.maybeProcessed).toBe(true);
  });

  it('connection refused -> QONTAK_UNREACHABLE, known not sent', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    const client = simClient(sim, logs.log, { baseUrl: `http://127.0.0.1:${port}` });
    const e = await caught(client.sendDirectBroadcast(body('6281234567890')));
    expect(e.code).toBe('QONTAK_UNREACHABLE');
    expect(e.maybeProcessed).toBe(false);
  });

  it('connection dropped after sending -> QONTAK_UNREACHABLE, maybe processed', async () => {
    sim.inject({ kind: 'dropAfterAccept' });
    const e = await caught(simClient(sim, logs.log).sendDirectBroadcast(body('6281234567890')));
    expect(e.code).toBe('QONTAK_UNREACHABLE');
    expect(e.maybeProcessed).toBe(true);
    expect(sim.broadcasts).toHaveLength(1);
  });

  it('a server slower than the timeout -> QONTAK_UNREACHABLE, maybe processed', async () => {
    sim.inject({ kind: 'latency', ms: 400 });
    const e = await caught(simClient(sim, logs.log, { timeoutMs: 100 }).listTemplates());
    expect(e.code).toBe('QONTAK_UNREACHABLE');
    expect(e.maybeProcessed).toBe(true);
  });

  it('refuses to exist without credentials (QONTAK_NOT_CONFIGURED)', () => {
    expect(() => simClient(sim, logs.log, { clientSecret: '' })).toThrow(
      expect.objectContaining({ code: 'QONTAK_NOT_CONFIGURED' }),
    );
  });

  it('parses Retry-After forms', () => {
    expect(parseRetryAfter('5', 0)).toBe(5000);
    expect(parseRetryAfter(['7'], 0)).toBe(7000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:30 GMT'))).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 08:00:00 GMT'))).toBe(0);
    expect(parseRetryAfter('soon', 0)).toBeNull();
    expect(parseRetryAfter(undefined, 0)).toBeNull();
  });

  it('never logs the client secret or the Authorization header', () => {
    const text = logs.text();
    expect(text.length).toBeGreaterThan(0);
    expect(text).toContain('qontak call');
    expect(text).not.toContain('sim-secret');
    expect(text).not.toMatch(/hmac username|signature=/);
  });
});
