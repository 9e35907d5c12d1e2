import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pricePng } from '../sim/mekari/png';
import { SHOTS_DIR, startHarness, type Harness } from './harness';

/** The window's words, as the owner reads them (renderer/src/i18n), so a lost translation fails here. */
const id = {
  lang: 'id',
  prefs: { language: 'Bahasa' },
  nav: { broadcast: 'Broadcast' },
  broadcast: {
    tabNew: 'Broadcast baru',
    channel: 'Nomor WhatsApp (channel)',
    template: 'Templat',
    recipients: 'Daftar penerima (CSV)',
    check: 'Periksa daftar',
    sendTwo: 'Kirim ke 2 penerima',
    sendConfirm: 'Ya, kirim',
    done: 'Selesai',
  },
  media: {
    later: 'Berkasnya muncul di sini setelah diunggah.',
    buttonSpace: 'akhiran tautan tombol 1 berisi spasi atau ganti baris',
    tabRecords: 'Catatan Qontak',
    logTitle: 'Log pengiriman di Qontak',
  },
};
type M = typeof id;
const en: M = {
  lang: 'en',
  prefs: { language: 'Language' },
  nav: { broadcast: 'Broadcast' },
  broadcast: {
    tabNew: 'New broadcast',
    channel: 'WhatsApp number (channel)',
    template: 'Template',
    recipients: 'Recipient list (CSV)',
    check: 'Check the list',
    sendTwo: 'Send to 2 recipients',
    sendConfirm: 'Yes, send',
    done: 'Done',
  },
  media: {
    later: 'The file appears here once it is uploaded.',
    buttonSpace: 'link ending of button 1 has a space or line break',
    tabRecords: 'Qontak records',
    logTitle: 'Delivery log at Qontak',
  },
};
const CHANNEL = 'Toko Pulsa Jaya · +62 811-0000-0001';
const IMAGE = pricePng();
const CSV = [
  'nomor,nama,nama,kode',
  '081234567890,Budi,Budi,INV-001',
  '085711112222,Sari,Sari,INV 002',
  '6281399998888,Joko,Joko,INV-003',
].join('\n');

let x: Harness;
let page: Page;

beforeAll(async () => {
  x = await startHarness({ pairDelayMs: 500 });
  page = x.page;
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(x.h.uiUrl);
});

afterAll(async () => {
  await x?.stop();
});

/** 1280x800 pictures of the window (the whole scrolled page when `full`). */
async function shot(name: string, full = false) {
  if (full) return x.shot(name, true);
  await page.waitForTimeout(250);
  await page.screenshot({ path: join(SHOTS_DIR, `${name}.png`) });
}

async function useLanguage(lang: 'id' | 'en') {
  await page.getByLabel(new RegExp(`^(${id.prefs.language}|${en.prefs.language})$`)).selectOption(lang);
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(lang);
}

/** Channel, the image template, the picture uploaded, the list checked: everything up to the send button. */
async function compose(m: M) {
  await page.getByRole('link', { name: m.nav.broadcast, exact: true }).click();
  await page.getByRole('tab', { name: m.broadcast.tabNew }).click();
  await page.getByLabel(m.broadcast.channel).selectOption({ label: CHANNEL });
  await page.getByLabel(m.broadcast.template).selectOption('tpl-harga-gambar');
  const picker = page.getByTestId('template-preview');
  await picker.getByText('Toko Pulsa Jaya').waitFor(); // the footer
  await picker.getByText('Pesan', { exact: false }).first().waitFor(); // the link button
  await picker.getByText('https://tokopulsajaya.example/pesan/{{1}}').waitFor();
  await picker.getByText(m.media.later).waitFor();
  await page.getByTestId('unusable-templates').locator('summary').click();
  await page.getByTestId('unusable-templates').getByText('lokasi_toko').waitFor();
  await shot(`broadcast-picker-${m.lang}`);

  await page
    .getByTestId('header-media')
    .locator('input[type=file]')
    .setInputFiles({ name: 'daftar-harga.png', mimeType: 'image/png', buffer: IMAGE });
  await page.getByTestId('media-uploaded').waitFor({ timeout: 15_000 });
  await page.getByLabel(m.broadcast.recipients).fill(CSV);
  await page.getByRole('button', { name: m.broadcast.check }).click();
  await page.getByTestId('rejected').getByText(m.media.buttonSpace).waitFor();
  const preview = page.getByTestId('preview');
  await preview.getByText('Budi').waitFor();
  await preview.getByText('https://tokopulsajaya.example/pesan/INV-001').waitFor();
  const img = preview.getByTestId('preview-image');
  await img.waitFor();
  await expect.poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(320);
  await preview.scrollIntoViewIfNeeded();
  await shot(`broadcast-preview-${m.lang}`);
  await shot(`broadcast-compose-media-${m.lang}`, true);
}

describe('a broadcast with an image header and a link button, in the window', () => {
  it('sends to three recipients (one refused for a bad button value); Qontak gets the exact bodies', async () => {
    await useLanguage('id');
    await compose(id);
    const send = page.getByRole('button', { name: id.broadcast.sendTwo });
    await send.click();
    await page.getByRole('button', { name: id.broadcast.sendConfirm }).click();
    const progress = page.getByTestId('campaign-progress');
    await expect.poll(() => progress.textContent(), { timeout: 30_000 }).toMatch(new RegExp(`^${id.broadcast.done}`));

    expect(x.mekari.files.map((f) => [f.filename, f.mime, f.data.equals(IMAGE)])).toEqual([
      ['daftar-harga.png', 'image/png', true],
    ]);
    const url = `${x.mekari.url}/files/${encodeURIComponent(x.mekari.files[0]?.name ?? '')}`;
    const body = (to: string, name: string, order: string) => ({
      to_number: to,
      to_name: name,
      message_template_id: 'tpl-harga-gambar',
      channel_integration_id: 'int-wa-1',
      language: { code: 'id' },
      parameters: {
        body: [{ key: '1', value: 'param1', value_text: name }],
        header: {
          format: 'IMAGE',
          params: [
            { key: 'url', value: url },
            { key: 'filename', value: 'daftar-harga.png' },
          ],
        },
        buttons: [{ index: '0', type: 'url', value: order }],
      },
    });
    expect(x.mekari.directBodies).toEqual([
      { status: 201, body: body('6281234567890', 'Budi', 'INV-001'), messages: [] },
      { status: 201, body: body('6281399998888', 'Joko', 'INV-003'), messages: [] },
    ]);
  });

  it('the same in English (picker and preview), then Qontak’s own records with one broadcast’s log', async () => {
    await useLanguage('en');
    await compose(en);
    expect(x.mekari.directBodies).toHaveLength(2); // nothing sent by composing

    await page.getByRole('tab', { name: en.media.tabRecords }).click();
    const records = page.getByTestId('qontak-records');
    await records.getByText('direct-6281234567890').waitFor();
    await shot('broadcast-records-en');
    await records
      .getByRole('row', { name: /direct-6281399998888/ })
      .getByRole('button')
      .click();
    const detail = page.getByTestId('qontak-record');
    await detail.getByText(en.media.logTitle).waitFor();
    await detail.getByText('Joko').waitFor();
    await shot('broadcast-record-log-en');
    expect(x.pageErrors).toEqual([]);
  });
});
