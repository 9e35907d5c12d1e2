import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/core/db/open';
import { AppError } from '../../../electron/core/kernel/errors';
import { registerQontakRoutes } from '../../../electron/core/qontak/routes';
import { createHttpServer } from '../../../electron/core/http/server';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { type CampaignService, createCampaignService } from '../../../electron/core/qontak/campaigns';
import type { QontakClient } from '../../../electron/core/qontak/client';
import { pricePng } from '../../sim/mekari/png';
import { type MekariSim, startMekariSim } from '../../sim/mekari/server';
import { simClient, tempDb, until } from './helpers';

const KEY = 'test-api-key';

describe('REST routes /qontak/* over loopback', () => {
  let sim: MekariSim;
  let tmp: ReturnType<typeof tempDb>;
  let db: Db;
  let app: FastifyInstance;
  let base: string;
  let campaigns: CampaignService;
  let mode: 'ok' | 'unconfigured' | 'badSecret' = 'ok';

  beforeAll(async () => {
    sim = await startMekariSim({ schedule: { logAfterMs: 0, sentAfterMs: 10, deliveredAfterMs: 20, readAfterMs: 30 } });
    tmp = tempDb();
    db = tmp.open();
    const good = simClient(sim, silentLogger());
    const bad = simClient(sim, silentLogger(), { clientSecret: 'wrong' });
    const client = (): QontakClient => {
      if (mode === 'unconfigured') throw new AppError('QONTAK_NOT_CONFIGURED', 'Qontak is not configured');
      return mode === 'badSecret' ? bad : good;
    };
    campaigns = createCampaignService({
      db,
      client,
      clock: { now: () => Date.now() },
      log: silentLogger(),
      ratePerSecond: () => 200,
      onProgress: () => undefined,
      timing: { firstPollMs: 10, maxPollIntervalMs: 40, pollGapMs: 0, pauseOnErrorMs: 20 },
    });
    campaigns.start();
    app = createHttpServer({ log: silentLogger(), apiKey: async () => KEY });
    registerQontakRoutes(app, { campaigns, client });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await campaigns.stop();
    await app.close();
    await sim.close();
    db.close();
    tmp.cleanup();
  });

  async function call(method: 'GET' | 'POST', path: string, body?: unknown, key: string | null = KEY) {
    const headers: Record<string, string> = {};
    if (key !== null) headers.authorization = `Bearer ${key}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await request(`${base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const json = (await res.body.json()) as { code: number; message: string; results: unknown };
    return { status: res.statusCode, ...json };
  }

  const broadcast = {
    channel_integration_id: 'int-wa-1',
    template_id: 'tpl-saldo',
    language: 'id',
    recipients: [
      { phone: '0812-3456-7890', name: 'Budi', params: ['Budi', 'Rp 5.000'] },
      { phone: '+62 813 1111 2222', name: 'Siti', params: ['Siti', 'Rp 1.000'] },
      { phone: '0813', name: 'X', params: ['X', 'Rp 0'] },
    ],
  };

  it('every route needs the API key', async () => {
    for (const path of [
      '/qontak/integrations',
      '/qontak/templates',
      '/qontak/broadcasts/x',
      '/qontak/broadcasts/x/log',
    ]) {
      expect((await call('GET', path, undefined, null)).status).toBe(401);
      expect((await call('GET', path, undefined, 'wrong')).status).toBe(401);
    }
    expect((await call('POST', '/qontak/broadcasts', broadcast, null)).status).toBe(401);
    expect(sim.broadcasts).toHaveLength(0);
  });

  it('GET /qontak/integrations (both kinds, or one) and /qontak/templates', async () => {
    const all = await call('GET', '/qontak/integrations');
    expect(all).toEqual(expect.objectContaining({ status: 200, code: 200, message: 'Success' }));
    expect((all.results as { id: string }[]).map((i) => i.id)).toEqual(['int-wa-1', 'int-wa-2', 'int-cloud-1']);
    const cloud = await call('GET', '/qontak/integrations?target_channel=wa_cloud');
    expect((cloud.results as { id: string }[]).map((i) => i.id)).toEqual(['int-cloud-1']);
    const bad = await call('GET', '/qontak/integrations?target_channel=sms');
    expect(bad).toEqual(expect.objectContaining({ status: 400, results: { field: 'target_channel' } }));
    const templates = await call('GET', '/qontak/templates');
    expect(
      (templates.results as { name: string; placeholders: number }[]).map((t) => [t.name, t.placeholders]),
    ).toContainEqual(['saldo_rendah', 2]);
  });

  it('POST /qontak/broadcasts queues, reports rejected rows, and the campaign can be followed to the end', async () => {
    const created = await call('POST', '/qontak/broadcasts', broadcast);
    expect(created.status).toBe(200);
    const { id, rejected } = created.results as { id: string; rejected: { row: number; reason: string }[] };
    expect(rejected).toEqual([{ row: 3, phone: '0813', reason: 'bad phone number' }]);
    expect(created.message).toBe('Queued; 1 row(s) rejected');
    await until(() => campaigns.get(id).done, 5_000, 'done');

    const detail = await call('GET', `/qontak/broadcasts/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.results).toEqual(
      expect.objectContaining({
        id,
        total: 2,
        done: true,
        templateName: 'saldo_rendah',
        recipients: [
          expect.objectContaining({ phone: '6281234567890', status: 'read' }),
          expect.objectContaining({ phone: '6281311112222', status: 'read' }),
        ],
      }),
    );
    const log = await call('GET', `/qontak/broadcasts/${id}/log`);
    expect(log.results).toEqual([
      expect.objectContaining({
        row: 1,
        phone: '6281234567890',
        params: ['Budi', 'Rp 5.000'],
        attempts: 1,
        whatsappMessageId: expect.stringMatching(/^wamid\./),
      }),
      expect.objectContaining({ row: 2, phone: '6281311112222', status: 'read' }),
    ]);
    expect(sim.broadcasts.map((b) => b.to_number)).toEqual(['6281234567890', '6281311112222']);
  });

  it('bad input -> 400 with the field', async () => {
    const missing = await call('POST', '/qontak/broadcasts', { ...broadcast, template_id: undefined });
    expect(missing).toEqual(expect.objectContaining({ status: 400, results: { field: 'template_id' } }));
    const badRow = await call('POST', '/qontak/broadcasts', { ...broadcast, recipients: [{ phone: 812 }] });
    expect(badRow).toEqual(expect.objectContaining({ status: 400, results: { field: 'recipients.0.phone' } }));
    const empty = await call('POST', '/qontak/broadcasts', { ...broadcast, recipients: [] });
    expect(empty).toEqual(expect.objectContaining({ status: 400, results: { field: 'recipients' } }));
    const notJson = await call('POST', '/qontak/broadcasts', '{nope');
    expect(notJson.status).toBe(400);
    const unknownTemplate = await call('POST', '/qontak/broadcasts', { ...broadcast, template_id: 'nope' });
    expect(unknownTemplate).toEqual(
      expect.objectContaining({ status: 400, results: { error: 'VALIDATION', field: 'templateId' } }),
    );
  });

  it('POST /qontak/broadcasts with a campaign header and per-recipient header_params and buttons', async () => {
    const png = pricePng();
    const { url } = await simClient(sim, silentLogger()).uploadFile({
      filename: 'h.png',
      mime: 'image/png',
      data: png,
    });
    const before = sim.directBodies.length;
    const image = await call('POST', '/qontak/broadcasts', {
      channel_integration_id: 'int-wa-1',
      template_id: 'tpl-harga-gambar',
      language: 'id',
      header: { url },
      recipients: [{ phone: '081277776666', name: 'Rudi', params: ['Rudi'], buttons: ['R-9'] }],
    });
    expect(image.status).toBe(200);
    const text = await call('POST', '/qontak/broadcasts', {
      channel_integration_id: 'int-wa-1',
      template_id: 'tpl-judul',
      language: 'id',
      recipients: [{ phone: '081277776666', params: ['XL 5k', 'Rp 5.900'], header_params: ['Hemat'] }],
    });
    expect(text.status).toBe(200);
    await until(() => sim.directBodies.length === before + 2, 10_000, 'two sends');
    const parameters = sim.directBodies.slice(before).map((d) => (d.body as { parameters: unknown }).parameters);
    expect(parameters).toEqual([
      {
        body: [{ key: '1', value: 'param1', value_text: 'Rudi' }],
        header: { format: 'IMAGE', params: [{ key: 'url', value: url }] },
        buttons: [{ index: '0', type: 'url', value: 'R-9' }],
      },
      {
        body: [
          { key: '1', value: 'param1', value_text: 'XL 5k' },
          { key: '2', value: 'param2', value_text: 'Rp 5.900' },
        ],
        header: { format: 'TEXT', params: [{ key: '1', value: 'Hemat' }] },
      },
    ]);
    const noHeader = await call('POST', '/qontak/broadcasts', {
      channel_integration_id: 'int-wa-1',
      template_id: 'tpl-harga-gambar',
      language: 'id',
      recipients: [{ phone: '081277776666', params: ['Rudi'], buttons: ['R-9'] }],
    });
    expect(noHeader).toEqual(
      expect.objectContaining({ status: 400, results: { error: 'VALIDATION', field: 'header' } }),
    );
  });

  it('unknown campaign -> 404', async () => {
    expect((await call('GET', '/qontak/broadcasts/nope')).status).toBe(404);
    expect((await call('GET', '/qontak/broadcasts/nope/log')).status).toBe(404);
  });

  it('Qontak not configured -> 503; credentials refused upstream -> 502 QONTAK_UNAUTHORIZED', async () => {
    mode = 'unconfigured';
    const off = await call('GET', '/qontak/templates');
    expect(off).toEqual(expect.objectContaining({ status: 503, results: { error: 'QONTAK_NOT_CONFIGURED' } }));
    mode = 'badSecret';
    const refused = await call('GET', '/qontak/integrations');
    expect(refused).toEqual(expect.objectContaining({ status: 502, results: { error: 'QONTAK_UNAUTHORIZED' } }));
    mode = 'ok';
  });
});
