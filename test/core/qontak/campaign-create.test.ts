import { describe, expect, it } from 'vitest';
import { intl, phone, useCampaignFixture } from './campaign-fixture';
import { until } from './helpers';

describe('broadcast campaigns: create, read, export', () => {
  const f = useCampaignFixture();

  describe('create() validation', () => {
    const base = { channelIntegrationId: 'int-wa-1', templateId: 'tpl-promo', language: 'id' };
    const ok = { phone: '081234567890', name: 'Budi', params: ['a', 'b', 'c'] };

    it('returns rejected rows and stores only valid ones, in one go', async () => {
      const s = f.makeService();
      const { id, rejected } = await s.create({
        ...base,
        recipients: [
          ok,
          { phone: 'x', name: 'y', params: ['a', 'b', 'c'] },
          { ...ok, phone: '0812-3456-7890' },
          { phone: '081311112222', name: 'z', params: ['a'] },
        ],
      });
      expect(rejected.map((r) => [r.row, r.reason])).toEqual([
        [2, 'bad phone number'],
        [3, 'duplicate of row 1'],
        [4, 'expected 3 parameters, found 1'],
      ]);
      const detail = s.get(id);
      expect(detail).toEqual(
        expect.objectContaining({
          total: 1,
          templateId: 'tpl-promo',
          templateName: 'promo_harga',
          language: 'id',
          done: false,
        }),
      );
      expect(detail.recipients).toEqual([
        expect.objectContaining({ phone: '6281234567890', status: 'queued', broadcastId: null }),
      ]);
      expect(f.progress[f.progress.length - 1]).toEqual(
        expect.objectContaining({ id, total: 1, counts: expect.objectContaining({ queued: 1 }) }),
      );
    });

    it.each([
      ['unknown template', { ...base, templateId: 'nope', recipients: [ok] }, 'templateId'],
      [
        'template not approved',
        { ...base, templateId: 'tpl-ditolak', recipients: [{ ...ok, params: ['a'] }] },
        'templateId',
      ],
      ['unknown channel', { ...base, channelIntegrationId: 'int-x', recipients: [ok] }, 'channelIntegrationId'],
      ['bad language', { ...base, language: 'Bahasa!', recipients: [ok] }, 'language'],
      ['no recipients', { ...base, recipients: [] }, 'recipients'],
      ['no valid recipient', { ...base, recipients: [{ ...ok, params: [] }] }, 'recipients'],
      ['phone not a string', { ...base, recipients: [{ ...ok, phone: 812 }] }, 'recipients.0.phone'],
    ])('%s -> VALIDATION on %s', async (_name, input, field) => {
      const s = f.makeService();
      await expect(s.create(input as never)).rejects.toMatchObject({ code: 'VALIDATION', field });
      expect(s.list()).toEqual([]);
    });

    it('unknown campaign -> NOT_FOUND', () => {
      const s = f.makeService();
      expect(() => s.get('nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
      expect(() => s.exportCsv('nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    });
  });

  it('exports a CSV with every recipient and its outcome', async () => {
    const s = f.makeService();
    const { id } = await s.create({
      channelIntegrationId: 'int-wa-1',
      templateId: 'tpl-halo',
      language: 'id',
      recipients: [
        { phone: phone(1), name: '=HYPERLINK("x")', params: ['a'] },
        { phone: phone(2), name: 'Siti, Toko', params: ['b'] },
      ],
    });
    s.start();
    await until(() => s.get(id).done, 5_000, 'done');
    const { filename, csv } = s.exportCsv(id);
    expect(filename).toMatch(/^broadcast-halo-reseller-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.csv$/);
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('row,phone,name,status,broadcast_id,whatsapp_message_id,error,attempts,sent_at,updated_at');
    expect(lines).toHaveLength(3);
    // Statuses in the window's words; sent_at and updated_at in the PC's local time with its offset.
    const at = '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d';
    expect(lines[1]).toMatch(
      new RegExp(`^1,${intl(1)},"'=HYPERLINK\\(""x""\\)",Read,[0-9a-f-]{36},wamid\\.\\w+,,1,${at},${at}$`),
    );
    expect(lines[2]).toContain('"Siti, Toko",Read');
  });
});
