import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CampaignDetail } from '../../shared/dto';
import { CampaignView } from '../../renderer/src/components/broadcast/CampaignView';
import { BroadcastPage } from '../../renderer/src/pages/BroadcastPage';
import { id } from '../../renderer/src/i18n/id';
import { createFakeApi } from './fake-api';
import { renderWith } from './render';

const settle = () => act(async () => new Promise((r) => setTimeout(r, 20)));
const B = id.broadcast;

const counts = (over: Partial<CampaignDetail['counts']> = {}): CampaignDetail['counts'] => ({
  queued: 0,
  sending: 0,
  pending: 0,
  sent: 0,
  delivered: 0,
  read: 0,
  failed: 0,
  ...over,
});

const campaign = (over: Partial<CampaignDetail> = {}): CampaignDetail => ({
  id: 'c1',
  createdAt: Date.UTC(2025, 9, 18, 5, 0),
  templateName: 'promo_oktober',
  channelIntegrationId: 'ch1',
  total: 2,
  counts: counts({ queued: 2 }),
  done: false,
  templateId: 't1',
  language: 'id',
  recipients: [
    { phone: '6281234567890', name: 'Budi', status: 'queued', broadcastId: null, error: null, updatedAt: 1 },
    { phone: '6285711112222', name: 'Sari', status: 'queued', broadcastId: null, error: null, updatedAt: 1 },
  ],
  ...over,
});

function api() {
  return createFakeApi({
    'qontak:integrations': () => ({
      ok: true,
      value: [
        { id: 'ch1', targetChannel: 'wa', accountName: 'Toko Pulsa', phoneNumber: '6281111111111', isActive: true },
        { id: 'ch2', targetChannel: 'wa', accountName: 'Lama', phoneNumber: '6282222222222', isActive: false },
      ],
    }),
    'qontak:templates': () => ({
      ok: true,
      value: [
        {
          id: 't1',
          name: 'promo_oktober',
          language: 'id',
          body: 'Halo {{1}}, saldo Anda {{2}}.',
          status: 'APPROVED',
          category: 'MARKETING',
          placeholders: 2,
          header: null,
          footer: '',
          buttons: [],
          headerPlaceholders: 0,
          dynamicButtons: 0,
          unusable: null,
        },
      ],
    }),
    'broadcast:parse': ({ csv }) => ({
      ok: true,
      value: {
        recipients: csv.includes('Budi')
          ? [
              { phone: '6281234567890', name: 'Budi', params: ['Budi', 'Rp 50.000'] },
              { phone: '6285711112222', name: 'Sari', params: ['Sari', 'Rp 20.000'] },
            ]
          : [],
        rejected: [{ row: 3, phone: '0812', reason: 'nomor terlalu pendek' }],
      },
    }),
    'broadcast:send': () => ({ ok: true, value: { id: 'c1', rejected: [] } }),
    'broadcast:get': () => ({ ok: true, value: campaign() }),
  });
}

describe('broadcast page', () => {
  it('parses recipients, lists rejected rows, previews the first message and sends', async () => {
    const fake = api();
    renderWith(<BroadcastPage />, { api: fake });
    await settle();
    fireEvent.change(screen.getByLabelText(B.channel), { target: { value: 'ch1' } });
    fireEvent.change(screen.getByLabelText(B.template), { target: { value: 't1' } });
    const body = screen.getByTestId('template-body');
    expect(body.textContent).toContain('Halo {{1}}, saldo Anda {{2}}.');
    expect(within(body).getAllByText(/\{\{\d\}\}/)).toHaveLength(2);

    fireEvent.change(screen.getByLabelText(B.recipients), {
      target: { value: '081234567890,Budi,Budi,Rp 50.000\n6285711112222,Sari,Sari,Rp 20.000\n0812,X,a,b' },
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: B.check }));
    });
    expect(fake.callsOf('broadcast:parse')[0]?.placeholders).toBe(2);
    expect(screen.getByTestId('parse-summary').textContent).toBe('2 penerima siap, 1 baris ditolak.');
    const rejected = screen.getByTestId('rejected');
    expect(within(rejected).getByText('nomor terlalu pendek')).toBeTruthy();
    expect(within(rejected).getByText('3')).toBeTruthy();
    expect(screen.getByTestId('preview').textContent).toBe('Halo Budi, saldo Anda Rp 50.000.');

    fireEvent.click(screen.getByRole('button', { name: 'Kirim ke 2 penerima' }));
    expect(fake.callsOf('broadcast:send')).toEqual([]);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: B.sendConfirm }));
    });
    await settle();
    expect(fake.callsOf('broadcast:send')).toEqual([
      {
        channelIntegrationId: 'ch1',
        templateId: 't1',
        language: 'id',
        recipients: [
          { phone: '6281234567890', name: 'Budi', params: ['Budi', 'Rp 50.000'] },
          { phone: '6285711112222', name: 'Sari', params: ['Sari', 'Rp 20.000'] },
        ],
      },
    ]);
    expect(screen.getByTestId('campaign-progress').textContent).toContain('0 dari 2 selesai');
    expect(screen.getByRole('table', { name: B.recipientsTable }).textContent).toContain('Budi');

    // Progress arrives as events; the final one also brings each recipient's status (broadcast:get again).
    const finished = campaign({ counts: counts({ delivered: 1, failed: 1 }), done: true });
    finished.recipients = finished.recipients.map((r, i) => ({
      ...r,
      status: i === 0 ? 'delivered' : 'failed',
      error: i ? 'number not on WhatsApp' : null,
    }));
    fake.handle('broadcast:get', () => ({ ok: true, value: finished }));
    await act(async () =>
      fake.emit('broadcast:progress', { ...campaign(), counts: counts({ delivered: 1, failed: 1 }), done: true }),
    );
    expect(screen.getByTestId('campaign-progress').textContent).toContain('Selesai');
    expect(screen.getByTestId('campaign-progress').textContent).toContain('2 dari 2 selesai');
    await settle();
    const table = screen.getByRole('table', { name: B.recipientsTable });
    expect(table.textContent).toContain('Sampai');
    expect(table.textContent).toContain('number not on WhatsApp');
  });

  it('shows why Qontak is not available instead of crashing', async () => {
    const fake = createFakeApi({
      'qontak:integrations': () => ({
        ok: false,
        error: { code: 'QONTAK_NOT_CONFIGURED', message: 'set the Qontak client id and secret' },
      }),
      'qontak:templates': () => ({
        ok: false,
        error: { code: 'QONTAK_NOT_CONFIGURED', message: 'set the Qontak client id and secret' },
      }),
    });
    renderWith(<BroadcastPage />, { api: fake });
    await settle();
    // The engine's English stays in the log: the owner reads what happened and what to do.
    expect(screen.getAllByRole('alert')[0]?.textContent).toBe(
      `${id.errors.QONTAK_NOT_CONFIGURED}. ${id.errorHelp.QONTAK_NOT_CONFIGURED}`,
    );
  });

  it('lists past campaigns and opens one', async () => {
    const fake = api();
    fake.handle('broadcast:list', () => ({ ok: true, value: [campaign({ done: true, counts: counts({ read: 2 }) })] }));
    renderWith(<BroadcastPage />, { api: fake });
    await settle();
    fireEvent.click(screen.getByRole('tab', { name: B.tab.history }));
    await settle();
    const table = screen.getByRole('table');
    expect(table.textContent).toContain('promo_oktober');
    fireEvent.click(within(table).getAllByRole('button')[0] as HTMLElement);
    await settle();
    expect(fake.callsOf('broadcast:get')).toEqual([{ id: 'c1' }]);
    expect(screen.getByRole('button', { name: B.exportCsv })).toBeTruthy();
  });

  it("exports the campaign's CSV in the window's language, split by the separator the owner chose for the log", async () => {
    const blobs: Blob[] = [];
    Object.assign(URL, {
      createObjectURL: vi.fn((b: Blob) => (blobs.push(b), 'blob:x')),
      revokeObjectURL: vi.fn(),
    });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    try {
      const fake = api();
      fake.handle('broadcast:export', () => ({
        ok: true,
        value: { filename: 'broadcast-promo-2025-10-18-c1.csv', csv: '\ufeffBaris;Nomor\r\n1;6281234567890\r\n' },
      }));
      // Indonesian, nothing chosen yet: ';' as Indonesian Excel expects.
      const first = renderWith(<CampaignView id="c1" onBack={() => undefined} />, { api: fake });
      await settle();
      await act(async () => {
        fireEvent.click(screen.getByRole('button', { name: B.exportCsv }));
      });
      await settle();
      expect(fake.callsOf('broadcast:export')).toEqual([{ id: 'c1', lang: 'id', separator: ';' }]);
      expect(click).toHaveBeenCalledTimes(1);
      // The file's own BOM, none added in front of it.
      const bytes = await new Promise<ArrayBuffer>((resolve) => {
        const reader = new FileReader();
        reader.onload = () => resolve(reader.result as ArrayBuffer);
        reader.readAsArrayBuffer(blobs[0]!);
      });
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
      expect(text).toBe('\ufeffBaris;Nomor\r\n1;6281234567890\r\n');
      first.unmount();

      // English, with ';' saved from the log's export dialog: the saved choice wins over the language's default.
      localStorage.setItem('jembatan.csvSeparator', ';');
      renderWith(<CampaignView id="c1" onBack={() => undefined} />, { api: fake, lang: 'en' });
      await settle();
      await act(async () => {
        fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
      });
      await settle();
      expect(fake.callsOf('broadcast:export')[1]).toEqual({ id: 'c1', lang: 'en', separator: ';' });
    } finally {
      click.mockRestore();
    }
  });
});
