import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pricePng } from '../sim/mekari/png';
import { FITS, overflow, SHOTS_DIR, startHarness, type Harness } from './harness';

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
  refused: {
    more: 'Muat lebih banyak',
    badge: 'Tidak dijalankan Qontak',
    reason: 'Alasan dari Qontak: “Template promo_kilat is paused by WhatsApp”.',
    next: 'Periksa templat dan saluran WhatsApp-nya di Qontak, lalu kirim ulang broadcast ini.',
    logNone: 'Tidak ada pesan yang terkirim dari broadcast ini, jadi log-nya kosong.',
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
  refused: {
    more: 'Load more',
    badge: 'Not run by Qontak',
    reason: 'Qontak’s reason: “Template promo_kilat is paused by WhatsApp”.',
    next: 'Check its template and WhatsApp channel in Qontak, then send this broadcast again.',
    logNone: 'No message went out from this broadcast, so its log is empty.',
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

/** A broadcast made in Qontak's web app that Qontak did not run: its reason is its message_broadcast_error. */
const REFUSED = {
  id: 'bc-web-refused',
  name: 'Promo kilat (dari Qontak web)',
  templateName: 'promo_kilat',
  channelIntegrationId: 'int-wa-1',
  createdAt: '2026-11-20T03:00:00.000Z',
  status: 'failed',
  log: [],
  error: 'Template promo_kilat is paused by WhatsApp',
};

let x: Harness;
let page: Page;

beforeAll(async () => {
  x = await startHarness({ pairDelayMs: 500, mekari: { otherBroadcasts: [REFUSED] } });
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

/**
 * The records tab keeps a record open (the test before looked at one): back to Qontak's list, with Qontak's second
 * page loaded (the two broadcasts sent above fill the first: the simulator's pages hold two), as the owner would.
 */
async function backToList(more: string) {
  const open = page.getByTestId('qontak-record');
  if (await open.isVisible()) await open.getByRole('button').first().click();
  const records = page.getByTestId('qontak-records');
  await records.locator('tbody tr').first().waitFor();
  const button = records.getByRole('button', { name: more });
  if (await button.isVisible()) await button.click();
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

  for (const [w, h] of [
    [1280, 800],
    [900, 600],
  ] as const) {
    it(`a broadcast Qontak did not run says so, with Qontak's reason and what to do, at ${w}×${h} (id)`, async () => {
      await useLanguage('id');
      await page.setViewportSize({ width: w, height: h });
      await page.getByRole('link', { name: id.nav.broadcast, exact: true }).click();
      await page.getByRole('tab', { name: id.media.tabRecords }).click();
      await backToList(id.refused.more);
      const records = page.getByTestId('qontak-records');
      const row = records.getByRole('row', { name: /Promo kilat/ });
      await row.getByText(id.refused.badge).waitFor();
      // Only the refused one carries the badge: Qontak's "n/a" on the others is no reason.
      expect(await records.getByText(id.refused.badge).count()).toBe(1);
      await shot(`broadcast-records-refused-${w}x${h}-id`);
      expect(await overflow(page)).toEqual(FITS);
      await row.getByRole('button').click();
      const notice = page.getByTestId('qontak-record-error');
      await notice.waitFor();
      expect(await notice.textContent()).toBe(`${id.refused.badge}. ${id.refused.reason} ${id.refused.next}`);
      await page.getByTestId('qontak-record').getByText(id.refused.logNone).waitFor();
      await shot(`broadcast-record-refused-${w}x${h}-id`);
      expect(await overflow(page)).toEqual(FITS);
      await page.setViewportSize({ width: 1280, height: 800 });
    });
  }

  it('the refused broadcast in English', async () => {
    await useLanguage('en');
    await page.getByRole('link', { name: en.nav.broadcast, exact: true }).click();
    await page.getByRole('tab', { name: en.media.tabRecords }).click();
    await backToList(en.refused.more);
    const records = page.getByTestId('qontak-records');
    await records.getByText(en.refused.badge).waitFor();
    await records
      .getByRole('row', { name: /Promo kilat/ })
      .getByRole('button')
      .click();
    const notice = page.getByTestId('qontak-record-error');
    await notice.waitFor();
    expect(await notice.textContent()).toBe(`${en.refused.badge}. ${en.refused.reason} ${en.refused.next}`);
    expect(x.pageErrors).toEqual([]);
  });
});
