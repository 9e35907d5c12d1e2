import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/core/db/open';
import { createDispatcher } from '../../../electron/core/api/dispatch';
import type { EngineApi } from '../../../electron/core/engine-types';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { type CampaignService, createCampaignService } from '../../../electron/core/qontak/campaigns';
import { qontakCommands } from '../../../electron/core/qontak/commands';
import { type MekariSim, startMekariSim } from '../../sim/mekari/server';
import { simClient, tempDb, until } from './helpers';

describe('qontak commands through the dispatcher', () => {
  let sim: MekariSim;
  let tmp: ReturnType<typeof tempDb>;
  let db: Db;
  let campaigns: CampaignService;
  let api: EngineApi;

  beforeAll(async () => {
    sim = await startMekariSim({ schedule: { logAfterMs: 0, sentAfterMs: 10, deliveredAfterMs: 20, readAfterMs: 30 } });
    tmp = tempDb();
    db = tmp.open();
    const client = simClient(sim, silentLogger());
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

  it('qontak:integrations and qontak:templates (sorted by name)', async () => {
    const integrations = await api.invoke('qontak:integrations', undefined);
    expect(integrations.ok && integrations.value.map((i) => i.id)).toEqual(['int-wa-1', 'int-wa-2', 'int-cloud-1']);
    const templates = await api.invoke('qontak:templates', undefined);
    expect(templates.ok && templates.value.map((t) => t.name)).toEqual([
      'daftar_harga_gambar',
      'halo_reseller',
      'info_umum',
      'katalog_pdf',
      'lokasi_toko',
      'promo_ditolak',
      'promo_harga',
      'promo_judul',
      'saldo_rendah',
    ]);
  });

  it('broadcast:parse, with its input validated', async () => {
    const parsed = await api.invoke('broadcast:parse', {
      csv: 'nomor;nama;x\n0812 3456 7890;Budi;a\n',
      placeholders: 1,
    });
    expect(parsed).toEqual({
      ok: true,
      value: { recipients: [{ phone: '6281234567890', name: 'Budi', params: ['a'] }], rejected: [] },
    });
    const bad = await api.invoke('broadcast:parse', { csv: 'x', placeholders: -1 });
    expect(bad).toEqual({ ok: false, error: expect.objectContaining({ code: 'VALIDATION', field: 'placeholders' }) });
  });

  it('broadcast:send, list, get, export', async () => {
    const sent = await api.invoke('broadcast:send', {
      channelIntegrationId: 'int-wa-1',
      templateId: 'tpl-halo',
      language: 'id',
      recipients: [
        { phone: '081234567890', name: 'Budi', params: ['Budi'] },
        { phone: '081234567890', name: 'Budi', params: ['Budi'] },
      ],
    });
    if (!sent.ok) throw new Error(sent.error.message);
    expect(sent.value.rejected).toEqual([{ row: 2, phone: '081234567890', reason: 'duplicate of row 1' }]);
    const id = sent.value.id;
    await until(() => campaigns.get(id).done, 5_000, 'done');
    const list = await api.invoke('broadcast:list', undefined);
    expect(list.ok && list.value.map((c) => [c.id, c.done, c.counts.read])).toEqual([[id, true, 1]]);
    const detail = await api.invoke('broadcast:get', { id });
    expect(detail.ok && detail.value.recipients.map((r) => r.status)).toEqual(['read']);
    const exported = await api.invoke('broadcast:export', { id });
    expect(exported.ok && exported.value.csv.split('\r\n')).toHaveLength(3);
    // Nothing asked: English and commas, as before.
    expect(exported.ok && exported.value.csv.slice(1, 10)).toBe('row,phone');
    const indonesian = await api.invoke('broadcast:export', { id, lang: 'id', separator: ';' });
    if (!indonesian.ok) throw new Error(indonesian.error.message);
    const [head, line] = indonesian.value.csv.slice(1).split('\r\n');
    expect(head).toMatch(/^Baris;Nomor;Nama;Status;/);
    expect(line).toMatch(/^1;6281234567890;Budi;Dibaca;/);
  });

  it('broadcast:export refuses a language or separator it does not know, naming the field', async () => {
    const [c] = campaigns.list();
    if (!c) throw new Error('no campaign');
    const fr = await api.invoke('broadcast:export', { id: c.id, lang: 'fr' as never });
    expect(fr).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'VALIDATION',
        field: 'lang',
        message: expect.stringMatching(/^lang: .*"id".*"en"/),
      }),
    });
    const tab = await api.invoke('broadcast:export', { id: c.id, separator: '\t' as never });
    expect(tab).toEqual({ ok: false, error: expect.objectContaining({ code: 'VALIDATION', field: 'separator' }) });
  });

  it('errors cross as Result errors, never as exceptions', async () => {
    expect(await api.invoke('broadcast:get', { id: 'nope' })).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'NOT_FOUND' }),
    });
    expect(await api.invoke('broadcast:get', {} as never)).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'VALIDATION', field: 'id' }),
    });
    const invalid = await api.invoke('broadcast:send', {
      channelIntegrationId: 'int-wa-1',
      templateId: 'tpl-halo',
      language: 'id',
      recipients: 'lots' as never,
    });
    expect(invalid).toEqual({ ok: false, error: expect.objectContaining({ code: 'VALIDATION', field: 'recipients' }) });
  });
});
