import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { QontakTemplate } from '../../shared/dto';
import { BroadcastPage } from '../../renderer/src/pages/BroadcastPage';
import { id } from '../../renderer/src/i18n/id';
import { createFakeApi } from './fake-api';
import { renderWith } from './render';

const settle = () => act(async () => new Promise((r) => setTimeout(r, 20)));
const B = id.broadcast;
const M = id.broadcastMore;

const tpl = (over: Partial<QontakTemplate>): QontakTemplate => ({
  id: 't1',
  name: 'harga_gambar',
  language: 'id',
  body: 'Halo {{1}}, ini daftar harga.',
  status: 'APPROVED',
  category: 'MARKETING',
  placeholders: 1,
  header: { format: 'IMAGE', text: '' },
  footer: 'Toko Pulsa Jaya',
  buttons: [{ type: 'URL', text: 'Pesan', url: 'https://toko.example/pesan/{{1}}' }],
  headerPlaceholders: 0,
  dynamicButtons: 1,
  unusable: null,
  ...over,
});

function api() {
  return createFakeApi({
    'qontak:integrations': () => ({
      ok: true,
      value: [{ id: 'ch1', targetChannel: 'wa', accountName: 'Toko', phoneNumber: '6281111111111', isActive: true }],
    }),
    'qontak:templates': () => ({
      ok: true,
      value: [
        tpl({}),
        tpl({
          id: 't2',
          name: 'lokasi_toko',
          header: { format: 'LOCATION', text: '' },
          buttons: [],
          dynamicButtons: 0,
          unusable: { kind: 'unsupported_header', format: 'LOCATION' },
        }),
      ],
    }),
    'broadcast:parse': () => ({
      ok: true,
      value: {
        recipients: [{ phone: '6281234567890', name: 'Budi', params: ['Budi'], buttons: ['INV-1'] }],
        rejected: [],
      },
    }),
    'broadcast:upload': () => ({
      ok: true,
      value: { url: 'https://cdn.example/harga.png', filename: 'harga.png', mime: 'image/png', size: 10 },
    }),
    'broadcast:send': () => ({ ok: true, value: { id: 'c1', rejected: [] } }),
  });
}

describe('broadcast page: media header and buttons', () => {
  it('shows header, footer and buttons, says why a template cannot be used, checks the file before uploading', async () => {
    const fake = api();
    renderWith(<BroadcastPage />, { api: fake });
    await settle();
    const unusable = screen.getByRole('option', { name: /lokasi_toko/ }) as HTMLOptionElement;
    expect(unusable.disabled).toBe(true);
    expect(unusable.textContent).toContain('kepala pesan LOCATION belum bisa dikirim dari Jembatan');
    fireEvent.change(screen.getByLabelText(B.channel), { target: { value: 'ch1' } });
    fireEvent.change(screen.getByLabelText(B.template), { target: { value: 't1' } });
    const preview = screen.getByTestId('template-preview');
    expect(within(preview).getByText('Toko Pulsa Jaya')).toBeTruthy();
    expect(within(preview).getByText('https://toko.example/pesan/{{1}}')).toBeTruthy();
    expect(within(preview).getByText(M.mediaLater)).toBeTruthy();

    const input = screen.getByTestId('header-media').querySelector('input[type=file]') as HTMLInputElement;
    const gif = new File([new Uint8Array(10)], 'a.gif', { type: 'image/gif' });
    await act(async () => {
      fireEvent.change(input, { target: { files: [gif] } });
    });
    expect(screen.getByRole('alert').textContent).toContain('WhatsApp tidak menerima berkas ini sebagai Gambar');
    const big = new File([new Uint8Array(5 * 1024 * 1024 + 1)], 'besar.png', { type: 'image/png' });
    await act(async () => {
      fireEvent.change(input, { target: { files: [big] } });
    });
    expect(screen.getByRole('alert').textContent).toBe(
      'Berkas terlalu besar. WhatsApp menerima Gambar paling besar 5 MB.',
    );
    expect(fake.callsOf('broadcast:upload')).toEqual([]);

    fireEvent.change(screen.getByLabelText(B.recipients), { target: { value: '081234567890,Budi,Budi,INV-1' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: B.check }));
    });
    expect(fake.callsOf('broadcast:parse')[0]).toMatchObject({
      placeholders: 1,
      headerPlaceholders: 0,
      dynamicButtons: 1,
    });
    expect(screen.getByText(M.mediaNeeded)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Kirim ke 1 penerima' }) as HTMLButtonElement).disabled).toBe(true);

    const png = new File([new Uint8Array([137, 80, 78, 71])], 'harga.png', { type: 'image/png' });
    await act(async () => {
      fireEvent.change(input, { target: { files: [png] } });
    });
    await settle();
    expect(fake.callsOf('broadcast:upload')).toEqual([
      { filename: 'harga.png', mime: 'image/png', dataBase64: Buffer.from([137, 80, 78, 71]).toString('base64') },
    ]);
    expect(within(screen.getByTestId('preview')).getByText('https://toko.example/pesan/INV-1')).toBeTruthy();
    expect(within(screen.getByTestId('preview')).getByTestId('preview-image')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Kirim ke 1 penerima' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: B.sendConfirm }));
    });
    await settle();
    expect(fake.callsOf('broadcast:send')).toEqual([
      {
        channelIntegrationId: 'ch1',
        templateId: 't1',
        language: 'id',
        recipients: [{ phone: '6281234567890', name: 'Budi', params: ['Budi'], buttons: ['INV-1'] }],
        header: { url: 'https://cdn.example/harga.png', filename: 'harga.png' },
      },
    ]);
  });
});
