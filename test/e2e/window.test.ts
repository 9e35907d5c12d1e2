import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHarness, type Harness } from './harness';
import { TEXTS, type Texts } from './texts';

const RESELLER = '6281234567890';
const { id, en } = TEXTS;
type Screen = keyof Texts['nav'];
const SCREENS: Screen[] = ['pairing', 'flow', 'status', 'settings', 'broadcast'];
const titleOf = (m: Texts, s: Screen) => m[s].title;

let x: Harness;
let page: Page;

beforeAll(async () => {
  x = await startHarness({ pairDelayMs: 8_000 });
  page = x.page;
});

afterAll(async () => {
  await x?.stop();
});

async function go(m: Texts, screen: Screen) {
  await page.getByRole('link', { name: m.nav[screen], exact: true }).click();
  await page.getByRole('heading', { level: 1, name: titleOf(m, screen) }).waitFor();
}

async function switchLanguage(lang: 'id' | 'en') {
  await page.getByLabel(new RegExp(`^(${id.prefs.language}|${en.prefs.language})$`)).selectOption(lang);
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(lang);
}

const checked = (l: Locator) => expect.poll(() => l.getAttribute('aria-checked'), { timeout: 5_000 });

/** The text of everything an input's aria-describedby points at (hint and the engine's message). */
async function described(l: Locator): Promise<string> {
  const ids = ((await l.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  const parts = await Promise.all(ids.map((i) => page.locator(`[id="${i}"]`).textContent()));
  return parts.join(' | ');
}

async function engineValue<T>(
  p: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>,
): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('the window against a real headless host', () => {
  it('pairs: shows the QR with its countdown, then WhatsApp is open', async () => {
    await page.goto(x.h.uiUrl);
    const qr = page.getByRole('img', { name: id.pairing.qrLabel });
    await qr.waitFor({ timeout: 5_000 });
    expect((await qr.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(256);
    await page.getByTestId('qr-countdown').waitFor();
    await x.shot('pairing-qr-id');
    await page.locator('[data-testid="session-state"][data-state="open"]').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('session-state').textContent()).toContain(id.session.title.open);
    await x.shot('pairing-open-id');
  });

  it('shows that OtomaX does not hold our callback, and fixes it in one click from the banner', async () => {
    // The simulator starts with no callback registered: results would go nowhere, and the window says so.
    const banner = page.locator('[data-banner="callback_mismatch"]');
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.textContent()).toContain(id.banners.callbackMismatchTitle);
    await x.shot('banner-callback-mismatch-id');
    await banner.getByRole('button', { name: id.banners.callbackMismatchAction }).click();
    await banner.waitFor({ state: 'detached', timeout: 10_000 });
    expect(x.otomax.callbackUrl).toContain('/callback/');
  });

  it('registers the callback with OtomaX from the settings screen', async () => {
    await go(id, 'settings');
    await page.getByRole('tab', { name: id.settings.section.callback }).click();
    await expect.poll(() => page.getByTestId('callback-url').inputValue()).toMatch(/^http/);
    await page.getByRole('button', { name: id.settings.callbackRegister }).click();
    await page.getByText(id.settings.callbackRegistered).waitFor();
    expect(x.otomax.callbackUrl).toContain('/callback/');
  });

  it('shows a message flowing through OtomaX with its auto-reply, and its story', async () => {
    await go(id, 'flow');
    expect(await x.incoming({ from: RESELLER, text: 'SAL.1234', id: 'E2EMSG0001' })).toBe(200);
    const row = page.locator('.flow-row', { hasText: 'SAL.1234' });
    await row.waitFor();
    await row.locator('.chip', { hasText: /^21/ }).waitFor({ timeout: 10_000 });
    await row.getByText(/Saldo R0001/).waitFor();
    await row.getByText(id.flow.replySent).waitFor();
    // A transaction: 22 at once, its result later through the outbox callback.
    expect(await x.incoming({ from: RESELLER, text: 'S10.081299998888.1234', id: 'E2EMSG0002' })).toBe(200);
    await page.locator('.flow-row.dir-outbox', { hasText: 'SUKSES' }).waitFor({ timeout: 15_000 });
    await x.incoming({ from: '6289999999999', text: 'halo kak', id: 'E2EMSG0003' });
    await page
      .locator('.flow-row', { hasText: 'halo kak' })
      .locator('.chip', { hasText: /^41/ })
      .waitFor({ timeout: 10_000 });
    await x.shot('flow-live-id');

    await row.click();
    const dialog = page.getByRole('dialog', { name: id.flow.detailTitle });
    await dialog.waitFor();
    await dialog.getByRole('heading', { name: id.flow.attempts }).waitFor();
    await dialog.getByText(id.flow.autoReply, { exact: true }).waitFor();
    await x.shot('flow-detail-id');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('turns forwarding off from the status screen, as the tray does', async () => {
    await go(id, 'status');
    const sw = page.getByRole('switch', { name: id.status.forwarding });
    await checked(sw).toBe('true');
    await sw.click();
    await checked(sw).toBe('false');
    expect((await engineValue(x.h.engine.api.invoke('forwarding:get', undefined))).forwarding).toBe(false);
    // The tray (or another window) flips it back: the switch follows the event.
    await x.h.engine.api.invoke('forwarding:set', { enabled: true });
    await checked(sw).toBe('true');
    await sw.click();
    await checked(sw).toBe('false');
    await page.getByText(id.status.forwardingOffHint).waitFor();
  });

  it('saves a setting, and shows a bad one refused next to its field', async () => {
    await go(id, 'settings');
    await page.getByRole('tab', { name: id.settings.section.app, exact: true }).click();
    await page.getByLabel(id.settings.retentionDays).fill('30');
    await page.getByRole('button', { name: id.settings.save, exact: true }).click();
    await page.getByTestId('settings-saved').waitFor();
    expect((await engineValue(x.h.engine.api.invoke('settings:get', undefined))).values.retentionDays).toBe(30);

    await page.getByRole('tab', { name: id.settings.section.otomax, exact: true }).click();
    expect(await page.getByLabel(id.settings.otomaxApiUrl).getAttribute('readonly')).not.toBeNull();
    await page.getByText(id.settings.fromFlagApiUrl).waitFor();

    const terminal = page.getByLabel(id.settings.kodeTerminal);
    await terminal.fill('-5');
    await page.getByRole('button', { name: id.settings.save, exact: true }).click();
    await page.getByTestId('settings-error').waitFor();
    expect(await terminal.getAttribute('aria-invalid')).toBe('true');
    // The engine says why in English for the log; the window says it in the owner's language.
    expect(await described(terminal)).toContain('Harus angka bulat dari 0 sampai 1000000.');
    expect(await described(terminal)).not.toMatch(/expected/);
    await x.shot('settings-invalid-id');
    await page.getByRole('button', { name: id.settings.discard }).click();
  });

  it('keeps the screen, the language and every saved choice across a reload', async () => {
    await switchLanguage('en');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: en.settings.title }).waitFor();
    await page.getByRole('tab', { name: en.settings.section.app, exact: true }).click();
    expect(await page.getByLabel(en.settings.retentionDays).inputValue()).toBe('30');
    await go(en, 'status');
    const sw = page.getByRole('switch', { name: en.status.forwarding });
    await checked(sw).toBe('false');
    await sw.click();
    await checked(sw).toBe('true');
    await go(en, 'flow');
    await page.locator('.flow-row', { hasText: 'SAL.1234' }).waitFor();
  });

  it('sends a broadcast: channel, template, recipients with a rejected row, preview, progress', async () => {
    await switchLanguage('id');
    await go(id, 'broadcast');
    await page.getByLabel(id.broadcast.channel).selectOption({ label: 'Toko Pulsa Jaya · +62 811-0000-0001' });
    await page.getByLabel(id.broadcast.template).selectOption('tpl-saldo');
    await page.getByTestId('template-body').getByText('{{2}}').waitFor();
    await page
      .getByLabel(id.broadcast.recipients)
      .fill('nomor,nama,nama,saldo\n081234567890,Budi,Budi,Rp 8.000\n6285711112222,Sari,Sari,Rp 3.500\n0812,Salah,X,Y');
    await page.getByRole('button', { name: id.broadcast.check }).click();
    await page.getByTestId('parse-summary').waitFor();
    await page.getByTestId('rejected').waitFor();
    await page.getByTestId('preview').getByText('Budi').waitFor();
    await x.shot('broadcast-compose-id', true);

    await page.getByRole('button', { name: id.broadcast.sendTwo }).click();
    await page.getByRole('button', { name: id.broadcast.sendConfirm }).click();
    const progress = page.getByTestId('campaign-progress');
    await expect.poll(() => progress.textContent(), { timeout: 30_000 }).toMatch(new RegExp(`^${id.broadcast.done}`));
    await x.shot('broadcast-campaign-id');
    expect(x.mekari.broadcasts.map((b) => b.to_number).sort()).toEqual(['6281234567890', '6285711112222']);
    // The campaign's CSV in the window's language: Indonesian words, ';' (the Indonesian default), local times.
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }),
      page.getByRole('button', { name: id.broadcast.exportCsv, exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^broadcast-[a-z0-9-]+-\d{4}-\d\d-\d\d-[0-9a-f]{8}\.csv$/);
    const bytes = readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [head, ...rows] = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(head).toBe(
      'Baris;Nomor;Nama;Status;ID broadcast Qontak;ID pesan WhatsApp;Keterangan galat;Percobaan;Waktu terkirim;Diperbarui',
    );
    expect(rows.map((r) => r.split(';').slice(1, 3))).toEqual([
      ['6281234567890', 'Budi'],
      ['6285711112222', 'Sari'],
    ]);
    for (const r of rows) {
      expect(['Terkirim', 'Sampai', 'Dibaca']).toContain(r.split(';')[3]);
      expect(r.split(';')[9]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    }
    await page.getByRole('tab', { name: id.broadcast.tabNew }).click();
  });

  it('screenshots every screen in both languages and both themes', async () => {
    for (const lang of ['id', 'en'] as const) {
      await switchLanguage(lang);
      for (const screen of SCREENS) {
        await go(TEXTS[lang], screen);
        if (screen === 'flow') await page.locator('.flow-row').first().waitFor();
        if (screen === 'status') await page.getByTestId('counter-received').waitFor();
        await x.shot(`${screen}-${lang}`);
      }
    }
    await page.getByLabel(en.prefs.theme).selectOption('dark');
    for (const screen of ['flow', 'status', 'settings', 'broadcast'] as const) {
      await go(en, screen);
      await x.shot(`${screen}-en-dark`);
    }
    await page.getByLabel(en.prefs.theme).selectOption('light');
  });

  it('unlinks and links again, with each state on screen', async () => {
    await go(en, 'pairing');
    await page.getByRole('button', { name: en.pairing.logout }).click();
    await page
      .getByRole('group', { name: en.pairing.logoutQuestion })
      .getByRole('button', { name: en.pairing.logout })
      .click();
    await page.locator('[data-testid="session-state"][data-state="logged_out"]').waitFor();
    await x.shot('pairing-logged-out-en');
    await page.getByRole('button', { name: en.pairing.start }).click();
    await page.getByRole('img', { name: en.pairing.qrLabel }).waitFor();
    await x.shot('pairing-qr-en');
    await page.getByRole('button', { name: en.pairing.useCodeInstead }).click();
    await x.shot('pairing-code-form-en');
    await page.locator('[data-testid="session-state"][data-state="open"]').waitFor({ timeout: 20_000 });
  });

  it('refuses the window without the per-run token', async () => {
    const other = await x.browser.newPage({ viewport: { width: 1024, height: 640 } });
    await other.goto(`${x.h.url}/`);
    await other.getByRole('heading', { level: 1, name: id.conn.noTokenTitle }).waitFor();
    await other.close();
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${x.h.url.replace('http', 'ws')}/ui/ws?token=wrong`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(401);
  });

  it('ran without a single error in the window', () => {
    expect(x.pageErrors).toEqual([]);
  });
});
