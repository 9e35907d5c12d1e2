import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/core/db/open';
import { createDispatcher } from '../../../electron/core/api/dispatch';
import type { EngineApi } from '../../../electron/core/engine-types';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { type CampaignService, createCampaignService } from '../../../electron/core/qontak/campaigns';
import { qontakCommands } from '../../../electron/core/qontak/commands';
import { parseRecipients } from '../../../electron/core/qontak/recipients';
import { pricePng } from '../../sim/mekari/png';
import { type MekariSim, startMekariSim } from '../../sim/mekari/server';
import { simClient, tempDb, until } from './helpers';

const ELSEWHERE = {
  id: 'bc-web-1',
  name: 'Promo akhir bulan (dari Qontak web)',
  templateName: 'promo_harga',
  channelIntegrationId: 'int-wa-1',
  createdAt: '2026-11-01T03:00:00.000Z',
  status: 'done',
  log: [
    { phone: '6281200000001', name: 'Andi', status: 'read', error: null },
    { phone: '6281200000002', name: 'Beni', status: 'failed', error: 'Message failed: not a WhatsApp user' },
  ],
};

describe("Qontak's records of a broadcast it did not run", () => {
  it('list and one record carry its message_broadcast_error as the reason ("n/a" and blank are none)', async () => {
    const refused = {
      ...ELSEWHERE,
      id: 'bc-web-2',
      status: 'failed',
      log: [],
      error: 'Template promo_harga is paused by WhatsApp',
    };
    const blank = { ...ELSEWHERE, id: 'bc-web-3', createdAt: '2026-10-01T03:00:00.000Z', error: '  ' };
    const sim = await startMekariSim({ otherBroadcasts: [ELSEWHERE, refused, blank] });
    try {
      const client = simClient(sim, silentLogger());
      const items = [];
      for (let page = await client.listBroadcasts(), n = 0; n < 5; n++) {
        items.push(...page.items);
        if (!page.next) break;
        page = await client.listBroadcasts(page.next);
      }
      expect(items.map((b) => [b.id, b.error])).toEqual([
        ['bc-web-1', null],
        ['bc-web-2', 'Template promo_harga is paused by WhatsApp'],
        ['bc-web-3', null],
      ]);
      expect((await client.getBroadcast('bc-web-2')).error).toBe('Template promo_harga is paused by WhatsApp');
    } finally {
      await sim.close();
    }
  });
});

describe("Qontak's own records, uploads and CSV columns through the commands", () => {
  let sim: MekariSim;
  let tmp: ReturnType<typeof tempDb>;
  let db: Db;
  let campaigns: CampaignService;
  let api: EngineApi;

  beforeAll(async () => {
    sim = await startMekariSim({
      schedule: { logAfterMs: 0, sentAfterMs: 10, deliveredAfterMs: 20, readAfterMs: 30 },
      otherBroadcasts: [ELSEWHERE],
    });
    tmp = tempDb();
    db = tmp.open();
    const client = simClient(sim, silentLogger(), { pageSize: 1 });
    campaigns = createCampaignService({
      db,
      client: () => client,
      clock: { now: () => Date.now() },
      log: silentLogger(),
      ratePerSecond: () => 200,
      onProgress: () => undefined,
      timing: { firstPollMs: 10, maxPollIntervalMs: 40, pollGapMs: 0 },
    });
    campaigns.start();
    api = createDispatcher(qontakCommands({ campaigns, client: () => client }), silentLogger());
  });
  afterAll(async () => {
    await campaigns.stop();
    await sim.close();
    db.close();
    tmp.cleanup();
  });

  it('qontak:broadcasts pages through every broadcast Qontak holds, ours and ones sent elsewhere', async () => {
    const sent = await api.invoke('broadcast:send', {
      channelIntegrationId: 'int-wa-1',
      templateId: 'tpl-halo',
      language: 'id',
      recipients: [{ phone: '081234567890', name: 'Budi', params: ['Budi'] }],
    });
    expect(sent.ok).toBe(true);
    await until(() => sim.broadcasts.length === 1, 10_000, 'the send');
    const first = await api.invoke('qontak:broadcasts', {});
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.items).toHaveLength(1);
    expect(first.value.next).not.toBeNull();
    const second = await api.invoke('qontak:broadcasts', { cursor: first.value.next });
    if (!second.ok) throw new Error(second.error.message);
    expect(second.value.next).toBeNull();
    const all = [...first.value.items, ...second.value.items];
    expect(all.map((b) => [b.id, b.templateName])).toEqual([
      [sim.broadcasts[0]?.id, 'halo_reseller'],
      ['bc-web-1', 'promo_harga'],
    ]);
    expect(all[1]).toEqual({
      id: 'bc-web-1',
      name: 'Promo akhir bulan (dari Qontak web)',
      templateName: 'promo_harga',
      channelIntegrationId: 'int-wa-1',
      createdAt: '2026-11-01T03:00:00.000Z',
      status: 'done',
      counts: { read: 1, failed: 1, delivered: 0, pending: 0, sent: 0 },
      // Qontak's "n/a": no error, not a reason to show.
      error: null,
    });
  });

  it('qontak:broadcast gives one record with its delivery log; an unknown id is refused', async () => {
    const one = await api.invoke('qontak:broadcast', { id: 'bc-web-1' });
    if (!one.ok) throw new Error(one.error.message);
    expect(one.value.record.name).toBe('Promo akhir bulan (dari Qontak web)');
    expect(one.value.log).toEqual([
      { phone: '6281200000001', name: 'Andi', status: 'read', errorMessage: null, createdAt: ELSEWHERE.createdAt },
      {
        phone: '6281200000002',
        name: 'Beni',
        status: 'failed',
        errorMessage: 'Message failed: not a WhatsApp user',
        createdAt: ELSEWHERE.createdAt,
      },
    ]);
    const missing = await api.invoke('qontak:broadcast', { id: 'nope' });
    expect(missing.ok || missing.error.code).toBe('QONTAK_INVALID');
  });

  it('broadcast:upload sends a checked file to the uploader and gives back its public URL', async () => {
    const png = pricePng();
    const up = await api.invoke('broadcast:upload', {
      filename: 'harga.png',
      mime: 'image/png',
      dataBase64: png.toString('base64'),
    });
    if (!up.ok) throw new Error(up.error.message);
    expect(up.value).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/files\//),
      filename: 'harga.png',
      mime: 'image/png',
      size: png.length,
    });
    const served = await fetch(up.value.url);
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
    const wrong = await api.invoke('broadcast:upload', { filename: 'a.txt', mime: 'text/plain', dataBase64: 'aGFp' });
    expect(wrong.ok || wrong.error.code).toBe('VALIDATION');
  });

  it('CSV rows: body columns, then text-header columns, then one per link button, with the same rules', () => {
    const csv = [
      'nomor,nama,produk,harga,judul,kode',
      '081234567890,Budi,Telkomsel 10k,Rp 10.500,Kilat,INV-1',
      '081234567891,Sari,XL 5k,Rp 5.900,Hemat,INV 2',
      '081234567892,Joko,Axis 5k,Rp 5.500,,INV-3',
      '081234567893,Rina,Tri 5k,Rp 5.600,Hemat',
    ].join('\n');
    expect(parseRecipients(csv, { body: 2, header: 1, buttons: 1 })).toEqual({
      recipients: [
        {
          phone: '6281234567890',
          name: 'Budi',
          params: ['Telkomsel 10k', 'Rp 10.500'],
          headerParams: ['Kilat'],
          buttons: ['INV-1'],
        },
      ],
      rejected: [
        { row: 3, phone: '081234567891', reason: 'link button 1 value has a space or line break' },
        { row: 4, phone: '081234567892', reason: 'header empty parameter {{1}}' },
        { row: 5, phone: '081234567893', reason: 'expected 4 values after the name, found 3' },
      ],
    });
  });
});
