import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listWhatsAppIntegrations } from '../../../electron/core/qontak/client';
import { buildUrl, QontakError } from '../../../electron/core/qontak/request';
import { signRequest } from '../../../electron/core/qontak/signer';
import { uploadMedia } from '../../../electron/core/qontak/upload';
import type { DirectBroadcastBody } from '../../../electron/core/qontak/wire';
import { pricePng } from '../../sim/mekari/png';
import { type MekariSim, startMekariSim } from '../../sim/mekari/server';
import { captureLog, simClient, until } from './helpers';

/**
 * The answers as Mekari's own published examples shape them (its Qontak SDK and its OpenAPI description), served
 * by the simulator: each case here failed on the client as it was before these shapes were checked.
 */

const halo = (to: string): DirectBroadcastBody => ({
  to_number: to,
  to_name: 'Budi',
  message_template_id: 'tpl-halo',
  channel_integration_id: 'int-wa-1',
  language: { code: 'id' },
  parameters: { body: [{ key: '1', value: 'param1', value_text: 'Budi' }] },
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

describe("Qontak answers in Mekari's published shapes", () => {
  let sim: MekariSim;
  const logs = captureLog();
  afterEach(async () => {
    await sim.close();
  });

  describe('channels', () => {
    beforeEach(async () => {
      sim = await startMekariSim();
    });

    it("a classic channel's number comes from settings.server_wa_id, a Cloud API one's from phone_number, as digits", async () => {
      const all = await listWhatsAppIntegrations(simClient(sim, logs.log));
      expect(all.map((i) => [i.id, i.targetChannel, i.accountName, i.phoneNumber])).toEqual([
        ['int-wa-1', 'wa', 'Toko Pulsa Jaya', '6281100000001'],
        ['int-wa-2', 'wa', 'Toko Pulsa Jaya (cadangan)', '6281100000002'],
        ['int-cloud-1', 'wa_cloud', 'Toko Pulsa Jaya Cloud', '6281100000003'],
      ]);
    });

    it('only WhatsApp channels are offered when Qontak lists every channel kind regardless of target_channel', async () => {
      await sim.close();
      sim = await startMekariSim({ ignoreChannelFilter: true });
      const all = await listWhatsAppIntegrations(simClient(sim, logs.log));
      expect(all.map((i) => [i.id, i.targetChannel])).toEqual([
        ['int-wa-1', 'wa'],
        ['int-wa-2', 'wa'],
        ['int-cloud-1', 'wa_cloud'],
      ]);
    });

    it("templates whose media header carries Mekari's example string and buttons an example still read", async () => {
      const templates = await simClient(sim, logs.log).listTemplates();
      const image = templates.find((t) => t.id === 'tpl-harga-gambar');
      expect(image?.header).toEqual({ format: 'IMAGE', text: '' });
      expect(image?.buttons.map((b) => [b.type, b.url])).toEqual([
        ['URL', 'https://tokopulsajaya.example/pesan/{{1}}'],
        ['QUICK_REPLY', ''],
      ]);
      expect(image?.unusable).toBeNull();
    });
  });

  describe('delivery log', () => {
    beforeEach(async () => {
      sim = await startMekariSim({ schedule: { logAfterMs: 0, sentAfterMs: 0, deliveredAfterMs: 0, readAfterMs: 0 } });
    });

    it('"n/a" is no value: a read entry has no error, a failed one no WhatsApp message id', async () => {
      const client = simClient(sim, logs.log);
      const read = await client.sendDirectBroadcast(halo('6281234567890'));
      sim.failNumber('6281234567891', 'Message failed: not a WhatsApp user');
      const failed = await client.sendDirectBroadcast(halo('6281234567891'));
      const [readEntry] = await client.getBroadcastLog(read.id);
      const [failedEntry] = await client.getBroadcastLog(failed.id);
      expect(readEntry).toMatchObject({ status: 'read', errorMessage: null });
      expect(readEntry?.whatsappMessageId).toMatch(/^wamid\./);
      expect(failedEntry).toMatchObject({
        status: 'failed',
        errorMessage: 'Message failed: not a WhatsApp user',
        whatsappMessageId: null,
      });
      // What the sim put on the wire, so the test cannot pass on a sim that sends null.
      const raw = await fetchLogRaw(sim, read.id);
      expect(raw).toContain('"whatsapp_error_message":"n/a"');
    });
  });

  describe('query encoding', () => {
    beforeEach(async () => {
      sim = await startMekariSim();
    });

    it('a base64 cursor goes on the wire as its own decoded form, so either way of checking the signature holds', () => {
      // Mekari's channel list hands out cursors like this one; its SDK signs the percent-decoded query.
      const url = buildUrl('https://api.mekari.com', '/integrations', {
        target_channel: 'wa',
        cursor: 'MTY2NjI1MDY2OS43MjE=',
        cursor_direction: 'after',
      });
      expect(url.search).toBe('?target_channel=wa&cursor=MTY2NjI1MDY2OS43MjE=&cursor_direction=after');
      expect(decodeURIComponent(url.search)).toBe(url.search);
      expect(new URLSearchParams(url.search).get('cursor')).toBe('MTY2NjI1MDY2OS43MjE=');
      // "+" and "&" still travel encoded: raw, they would read as a space and a new parameter.
      const odd = buildUrl('https://api.mekari.com', '/integrations', { cursor: 'a+b&c/d=' });
      expect(odd.search).toBe('?cursor=a%2Bb%26c/d=');
      expect(new URLSearchParams(odd.search).get('cursor')).toBe('a+b&c/d=');
    });

    it('the simulator, checking the raw request line, accepts such a cursor and pages on', async () => {
      const templates = await simClient(sim, logs.log).listTemplates();
      expect(templates.length).toBeGreaterThan(2);
      const paged = sim.requests.filter((r) => r.url.includes('cursor='));
      expect(paged.length).toBeGreaterThan(0);
      expect(paged.every((r) => r.status === 200 && r.url.includes('/=&'))).toBe(true);
    });
  });

  describe('direct broadcast answer', () => {
    beforeEach(async () => {
      sim = await startMekariSim();
    });

    it("takes the broadcast id from data.id (the record) or, as in the SDK's own test, from the top level", async () => {
      const client = simClient(sim, logs.log);
      const { id } = await client.sendDirectBroadcast(halo('6281234567890'));
      expect(id).toBe(sim.broadcasts[0]?.id);
      sim.inject({
        kind: 'status',
        status: 201,
        path: '/broadcasts/whatsapp/direct',
        body: { id: 'bc-top-1', status: 'success', message: 'Broadcast created successfully' },
      });
      expect(await client.sendDirectBroadcast(halo('6281234567891'))).toEqual({ id: 'bc-top-1' });
    });
  });

  describe('a long delivery log', () => {
    const people = ['Andi', 'Beni', 'Citra', 'Dewi', 'Eko'];
    beforeEach(async () => {
      sim = await startMekariSim({
        pageSize: 2,
        otherBroadcasts: [
          {
            id: 'bc-list-1',
            name: 'Daftar harga (dari Qontak web)',
            templateName: 'promo_harga',
            channelIntegrationId: 'int-wa-1',
            createdAt: '2026-11-01T03:00:00.000Z',
            status: 'done',
            log: people.map((name, i) => ({ phone: `628120000000${i}`, name, status: 'read', error: null })),
          },
        ],
      });
    });

    it('is read to its end by cursor.next, the first page asked exactly as before', async () => {
      const log = await simClient(sim, logs.log).getBroadcastLog('bc-list-1');
      expect(log.map((e) => e.name)).toEqual(people);
      const calls = sim.requests.filter((r) => r.url.startsWith('/qontak/chat/v1/broadcasts/bc-list-1/whatsapp/log'));
      expect(calls.map((c) => c.status)).toEqual([200, 200, 200]);
      expect(calls[0]?.url).toBe('/qontak/chat/v1/broadcasts/bc-list-1/whatsapp/log');
      expect(calls[1]?.url).toMatch(/\?cursor=[^&]+&cursor_direction=after$/);
    });
  });

  describe('broadcast list', () => {
    beforeEach(async () => {
      sim = await startMekariSim();
    });

    it('pages whose cursor.prev is a number (as on the broadcast list) are read, and a numeric next is passed back', async () => {
      const client = simClient(sim, logs.log, { pageSize: 1 });
      await client.sendDirectBroadcast(halo('6281234567890'));
      await new Promise((r) => setTimeout(r, 5)); // a later created_at (milliseconds) for the second
      await client.sendDirectBroadcast(halo('6281234567891'));
      const first = await client.listBroadcasts();
      expect(first.items).toHaveLength(1);
      expect(first.next).not.toBeNull();
      const second = await client.listBroadcasts(first.next);
      expect(second.items).toHaveLength(1);
      expect(second.next).toBeNull();
      expect(new Set([...first.items, ...second.items].map((b) => b.id)).size).toBe(2);
      const raw = sim.requests.filter((r) => r.url.startsWith('/qontak/chat/v1/broadcasts/whatsapp?'));
      expect(raw.every((r) => r.status === 200)).toBe(true);
      // Newest first, asked for by name rather than left to an undocumented default.
      expect(raw.every((r) => r.url.includes('order_by=created_at&order_direction=desc'))).toBe(true);
      expect(first.items[0]?.id).toBe(sim.broadcasts[1]?.id);

      sim.inject({
        kind: 'status',
        status: 200,
        path: '/broadcasts/whatsapp',
        body: {
          status: 'success',
          data: [],
          meta: { pagination: { cursor: { next: 1728392586972, prev: 1728392586000, pit: null }, offset: 1 } },
        },
      });
      expect((await client.listBroadcasts()).next).toBe('1728392586972');
    });

    it("a record's status word and the five counts are read from Mekari's full record", async () => {
      const client = simClient(sim, logs.log);
      const { id } = await client.sendDirectBroadcast(halo('6281234567890'));
      const record = await client.getBroadcast(id);
      expect(record).toMatchObject({ id, templateName: 'halo_reseller', channelIntegrationId: 'int-wa-1' });
      expect(record.status).toBe('done');
      expect(Object.keys(record.counts).sort()).toEqual(['delivered', 'failed', 'pending', 'read', 'sent']);
    });
  });

  describe('file uploader', () => {
    beforeEach(async () => {
      sim = await startMekariSim();
    });

    it('takes the URL from data.url of the 201 answer', async () => {
      const png = pricePng();
      const up = await uploadMedia(simClient(sim, logs.log), {
        filename: 'harga.png',
        mime: 'image/png',
        dataBase64: png.toString('base64'),
      });
      expect(up.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\//);
      await until(() => sim.files.length === 1, 2000, 'the upload');
      expect(sim.requests.find((r) => r.url.endsWith('/file_uploader'))?.status).toBe(201);
    });

    it('an uploader answer without a URL is a clear QONTAK_UPSTREAM error, not a crash', async () => {
      sim.inject({
        kind: 'status',
        status: 201,
        path: '/file_uploader',
        body: { status: 'success', data: { filename: 'harga.png' } },
      });
      const e = await caught(
        uploadMedia(simClient(sim, logs.log), {
          filename: 'harga.png',
          mime: 'image/png',
          dataBase64: pricePng().toString('base64'),
        }),
      );
      expect(e.code).toBe('QONTAK_UPSTREAM');
      expect(e.message).toContain('unexpected answer from Qontak');
    });
  });
});

/** The log exactly as the sim serves it (a signed GET outside the client). */
async function fetchLogRaw(sim: MekariSim, id: string): Promise<string> {
  const url = new URL(`${sim.url}/qontak/chat/v1/broadcasts/${id}/whatsapp/log`);
  const signed = signRequest({
    method: 'GET',
    url,
    clientId: sim.clientId,
    clientSecret: sim.clientSecret,
    date: new Date(),
  });
  const res = await fetch(url, { headers: { Date: signed.Date, Authorization: signed.Authorization } });
  return res.text();
}
