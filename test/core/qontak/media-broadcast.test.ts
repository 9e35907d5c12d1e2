import { describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/core/kernel/errors';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { uploadMedia } from '../../../electron/core/qontak/upload';
import { pricePng } from '../../sim/mekari/png';
import { useCampaignFixture } from './campaign-fixture';
import { simClient, until } from './helpers';

const caught = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a rejection');
};

describe('broadcasts with media headers, text header variables and link buttons', () => {
  const f = useCampaignFixture();

  it('lists header, footer and buttons of each template and says which cannot be used and why', async () => {
    const templates = await simClient(f.sim, silentLogger()).listTemplates();
    const byId = new Map(templates.map((t) => [t.id, t]));
    expect(byId.get('tpl-harga-gambar')).toMatchObject({
      header: { format: 'IMAGE', text: '' },
      footer: 'Toko Pulsa Jaya',
      buttons: [
        { type: 'URL', text: 'Pesan', url: 'https://tokopulsajaya.example/pesan/{{1}}' },
        { type: 'QUICK_REPLY', text: 'Berhenti', url: '' },
      ],
      placeholders: 1,
      headerPlaceholders: 0,
      dynamicButtons: 1,
      unusable: null,
    });
    expect(byId.get('tpl-judul')).toMatchObject({
      header: { format: 'TEXT', text: 'Promo {{1}}' },
      headerPlaceholders: 1,
      buttons: [{ type: 'PHONE_NUMBER', text: 'Telepon kami', url: '+6281100000001' }],
      dynamicButtons: 0,
      unusable: null,
    });
    expect(byId.get('tpl-lokasi')?.unusable).toEqual({ kind: 'unsupported_header', format: 'LOCATION' });
    expect(byId.get('tpl-ditolak')?.unusable).toEqual({ kind: 'not_approved', status: 'REJECTED' });
    expect(byId.get('tpl-halo')).toMatchObject({ header: null, buttons: [], unusable: null });
  });

  it('an image header and a link button to three recipients: one refused for a bad button value, exact bodies at Qontak', async () => {
    const client = simClient(f.sim, silentLogger());
    const image = pricePng();
    const uploaded = await uploadMedia(client, {
      filename: 'harga.png',
      mime: 'image/png',
      dataBase64: image.toString('base64'),
    });
    expect(uploaded).toMatchObject({ filename: 'harga.png', mime: 'image/png', size: image.length });
    expect(f.sim.files.map((x) => x.data.equals(image))).toEqual([true]);

    const s = f.makeService();
    const { id, rejected } = await s.create({
      channelIntegrationId: 'int-wa-1',
      templateId: 'tpl-harga-gambar',
      language: 'id',
      header: { url: uploaded.url },
      recipients: [
        { phone: '081234567890', name: 'Budi', params: ['Budi'], buttons: ['INV-001'] },
        { phone: '085711112222', name: 'Sari', params: ['Sari'], buttons: ['INV 002'] },
        { phone: '6281399998888', name: 'Joko', params: ['Joko'], buttons: ['INV-003'] },
      ],
    });
    expect(rejected).toEqual([
      { row: 2, phone: '085711112222', reason: 'link button 1 value has a space or line break' },
    ]);
    s.start();
    await until(() => s.get(id).done, 15_000, 'the campaign to finish');
    const body = (to: string, name: string, order: string) => ({
      to_number: to,
      to_name: name,
      message_template_id: 'tpl-harga-gambar',
      channel_integration_id: 'int-wa-1',
      language: { code: 'id' },
      parameters: {
        body: [{ key: '1', value: 'param1', value_text: name }],
        header: { format: 'IMAGE', params: [{ key: 'url', value: uploaded.url }] },
        buttons: [{ index: '0', type: 'url', value: order }],
      },
    });
    expect(f.sim.directBodies).toEqual([
      { status: 201, body: body('6281234567890', 'Budi', 'INV-001'), messages: [] },
      { status: 201, body: body('6281399998888', 'Joko', 'INV-003'), messages: [] },
    ]);
    expect(s.get(id).recipients.map((r) => r.status)).toEqual(['read', 'read']);
  });

  it('a document header carries its file name; a text header takes its variable from the row', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const client = simClient(f.sim, silentLogger());
    const doc = await uploadMedia(client, {
      filename: 'katalog.pdf',
      mime: 'application/pdf',
      dataBase64: pdf.toString('base64'),
    });
    const s = f.makeService();
    await s.create({
      channelIntegrationId: 'int-wa-1',
      templateId: 'tpl-katalog-pdf',
      language: 'id',
      header: { url: doc.url, filename: 'Katalog November.pdf' },
      recipients: [{ phone: '081234567890', name: 'Budi', params: ['Budi'] }],
    });
    await s.create({
      channelIntegrationId: 'int-wa-1',
      templateId: 'tpl-judul',
      language: 'id',
      recipients: [
        { phone: '081234567890', name: 'Budi', params: ['Telkomsel 10k', 'Rp 10.500'], headerParams: ['Kilat'] },
      ],
    });
    s.start();
    await until(() => f.sim.directBodies.length === 2, 15_000, 'both sends');
    const sent = f.sim.directBodies.map((d) => [d.status, (d.body as { parameters: unknown }).parameters]);
    expect(sent).toEqual([
      [
        201,
        {
          body: [{ key: '1', value: 'param1', value_text: 'Budi' }],
          header: {
            format: 'DOCUMENT',
            params: [
              { key: 'url', value: doc.url },
              { key: 'filename', value: 'Katalog November.pdf' },
            ],
          },
        },
      ],
      [
        201,
        {
          body: [
            { key: '1', value: 'param1', value_text: 'Telkomsel 10k' },
            { key: '2', value: 'param2', value_text: 'Rp 10.500' },
          ],
          header: { format: 'TEXT', params: [{ key: '1', value: 'Kilat' }] },
        },
      ],
    ]);
  });

  it('the simulator refuses header and button parameters that do not match the template, in Qontak’s error shape', async () => {
    const client = simClient(f.sim, silentLogger());
    const base = {
      to_number: '6281234567890',
      to_name: 'Budi',
      message_template_id: 'tpl-harga-gambar',
      channel_integration_id: 'int-wa-1',
      language: { code: 'id' },
    };
    const body = [{ key: '1', value: 'param1', value_text: 'Budi' }];
    const header = { format: 'IMAGE', params: [{ key: 'url', value: 'https://cdn.example/a.png' }] };
    const buttons = [{ index: '0', type: 'url', value: 'INV-1' }];
    const attempts = [
      { body }, // what Jembatan sent before: body only
      { body, header }, // button missing
      { body, buttons }, // header missing
      { body, header, buttons: [{ index: '1', type: 'url', value: 'INV-1' }] }, // wrong index
      { body, header: { format: 'DOCUMENT', params: header.params }, buttons },
    ];
    for (const parameters of attempts) {
      const e = await caught(client.sendDirectBroadcast({ ...base, parameters }));
      expect(e).toBeInstanceOf(AppError);
      expect(e.code).toBe('QONTAK_INVALID');
    }
    expect(f.sim.directBodies.map((d) => [d.status, d.messages])).toEqual([
      [422, ['Message Template has a IMAGE header, please add parameters.header']],
      [422, ['Message Template has 1 button variable, please adjust your payload.']],
      [422, ['Message Template has a IMAGE header, please add parameters.header']],
      [422, ['parameters.buttons[0].index must be the string "0"']],
      [422, ['parameters.header.format must be IMAGE']],
    ]);
    const ok = await client.sendDirectBroadcast({ ...base, parameters: { body, header, buttons } });
    expect(ok.id).toBeTruthy();
    const res = await fetch(`${f.sim.url}/qontak/chat/v1/broadcasts/whatsapp/direct`, { method: 'POST' });
    expect(res.status).toBe(401);
  });

  it('checks the media before anything is sent: type, size, a link that cannot be opened, a missing header', async () => {
    const client = simClient(f.sim, silentLogger());
    const big = pricePng(64, 64, 5 * 1024 * 1024 + 1);
    const tooBig = await caught(
      uploadMedia(client, { filename: 'besar.png', mime: 'image/png', dataBase64: big.toString('base64') }),
    );
    expect([tooBig.code, tooBig.message]).toEqual([
      'VALIDATION',
      "header: the file is larger than 5 MB, WhatsApp's limit for a image",
    ]);
    const gif = await caught(
      uploadMedia(client, {
        filename: 'a.gif',
        mime: 'image/gif',
        dataBase64: Buffer.from('GIF89a').toString('base64'),
      }),
    );
    expect(gif.code).toBe('VALIDATION');
    expect(f.sim.files).toEqual([]); // nothing left the computer

    const png = await uploadMedia(client, {
      filename: 'harga.png',
      mime: 'image/png',
      dataBase64: pricePng().toString('base64'),
    });
    const s = f.makeService();
    const input = {
      channelIntegrationId: 'int-wa-1',
      language: 'id',
      recipients: [{ phone: '081234567890', name: 'Budi', params: ['Budi'], buttons: ['X1'] }],
    };
    const refusals = [
      await caught(s.create({ ...input, templateId: 'tpl-harga-gambar' })), // no header given
      await caught(s.create({ ...input, templateId: 'tpl-katalog-pdf', header: { url: png.url } })), // a PNG as a PDF
      await caught(
        s.create({ ...input, templateId: 'tpl-harga-gambar', header: { url: `${f.sim.url}/files/nope.png` } }),
      ),
      await caught(s.create({ ...input, templateId: 'tpl-harga-gambar', header: { url: 'ftp://x/a.png' } })),
      await caught(s.create({ ...input, templateId: 'tpl-halo', header: { url: png.url } })), // no media header
      await caught(s.create({ ...input, templateId: 'tpl-lokasi' })),
    ];
    expect(refusals.map((e) => [e.code, e.message])).toEqual([
      ['VALIDATION', 'header: template daftar_harga_gambar starts with a image: give its link or upload the file'],
      ['VALIDATION', 'header: a document header takes pdf (application/pdf), not image/png'],
      ['VALIDATION', 'header.url: the link answers HTTP 404'],
      ['VALIDATION', 'header.url: must start with https://'],
      ['VALIDATION', 'header: template halo_reseller has no image, document or video header'],
      ['VALIDATION', 'templateId: template lokasi_toko has a LOCATION header, which Jembatan cannot send'],
    ]);
    expect(f.sim.directBodies).toEqual([]);
    expect(s.list()).toEqual([]);
  });

  it('stopping does not wait out a 60 s Retry-After; the row stays queued for the next start', async () => {
    // The client's own sleep is real here: only the stop can end the 60 s wait early.
    const client = simClient(f.sim, silentLogger());
    const s = f.makeService({ client: () => client });
    f.sim.inject({ kind: 'rateLimit', retryAfter: '60', path: '/direct' });
    const { id } = await s.create({
      channelIntegrationId: 'int-wa-1',
      templateId: 'tpl-halo',
      language: 'id',
      recipients: [{ phone: '081234567890', name: 'Budi', params: ['Budi'] }],
    });
    s.start();
    await until(() => f.sim.requests.some((r) => r.status === 429), 5_000, 'the 429');
    const started = Date.now();
    await s.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(s.get(id).recipients.map((r) => r.status)).toEqual(['queued']);
    expect(f.sim.broadcasts).toEqual([]);
  });
});
