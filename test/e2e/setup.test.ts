import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { TEXTS } from './texts';

const { id } = TEXTS;
// The words looked for, copied from renderer/src/i18n/id.ts (the node test project cannot import renderer files).
const T = {
  checklistTitle: 'Siapkan Jembatan',
  step: {
    whatsapp: 'Tautkan WhatsApp toko',
    otomax: 'Atur dan uji OtomaX',
    callback: 'Daftarkan callback di OtomaX',
    forwarding: 'Nyalakan penerusan ke OtomaX',
  },
  action: { otomax: 'Buka Pengaturan', callback: 'Daftarkan', forwarding: 'Nyalakan' },
  testButton: 'Uji koneksi ke OtomaX',
  testOk: /^✓ OtomaX menjawab dalam/,
  credentials: 'App key atau dev key salah: salin ulang dari menu OpenApi di OtomaX.',
  unreachable: (target: string) => `OtomaX tidak menjawab di ${target}: pastikan OtomaX menyala dan port-nya benar.`,
  notSaved: 'isian belum disimpan',
  usesTyped: 'Uji memakai isian di formulir',
  appKey: 'App key',
  otomaxEnabled: 'Aktifkan OtomaX',
};

/** Words of the engine's English and raw identifiers that must never reach the Indonesian window. */
const ENGLISH =
  /\b(the|is|not|was|error|failed|answered|received|queued|invalid|reachable|refused|connect|timeout|expected|unknown|OK)\b/;
const RAW = /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\b[a-z0-9]+_[a-z0-9_]+\b|\bE[A-Z]{4,}\b/;
/** Names the owner needs as they are: OtomaX's own fields, the flags that fix a setting. */
const OTOMAX_NAMES = /\b(kode_reseller|kode_terminal|kode_inbox)\b|--[a-z][a-z-]+/g;

let x: Harness;
let page: Page;

beforeAll(async () => {
  // First run: nothing registered, forwarding off (the default), OtomaX configured but never called.
  x = await startHarness({ pairDelayMs: 1_500, firstRun: true });
  page = x.page;
  await page.setViewportSize({ width: 1280, height: 800 });
});

afterAll(async () => {
  await x?.stop();
});

async function go(screen: keyof typeof id.nav) {
  await page.getByRole('link', { name: id.nav[screen], exact: true }).click();
  await page.getByRole('heading', { level: 1, name: id[screen].title }).waitFor();
}

const step = (s: keyof typeof T.step) => page.locator(`[data-testid="setup-checklist"] [data-step="${s}"]`);
const done = (s: keyof typeof T.step) =>
  expect.poll(() => step(s).getAttribute('data-done'), { timeout: 15_000 }).toBe('true');

/** What the owner reads on the screen now, minus data (message texts, raw answers), checked for English. */
async function expectIndonesian(where: string) {
  const text = (await page.evaluate(
    `(() => { const c = document.body.cloneNode(true); c.querySelectorAll('.mono, pre, script, style').forEach((e) => e.remove()); return c.innerText; })()`,
  )) as string;
  const shown = text.replace(OTOMAX_NAMES, '');
  expect(shown.match(ENGLISH)?.[0] ?? null, `${where}: ${shown}`).toBeNull();
  expect(shown.match(RAW)?.[0] ?? null, `${where}: ${shown}`).toBeNull();
}

describe('set-up that guides, with one switch', () => {
  it('shows the first-run checklist; each step has its button and turns green; it goes away when all are done', async () => {
    await page.goto(x.h.uiUrl);
    const list = page.getByTestId('setup-checklist');
    await list.getByRole('heading', { name: T.checklistTitle }).waitFor();
    for (const s of Object.values(T.step)) await list.getByText(s).waitFor();
    expect(await step('forwarding').getAttribute('data-done')).toBe('false');
    expect(await step('callback').getAttribute('data-done')).toBe('false');
    await x.shot('checklist-id-1280');
    await page.setViewportSize({ width: 900, height: 600 });
    await x.shot('checklist-id-900');
    await page.setViewportSize({ width: 1280, height: 800 });

    // WhatsApp: the simulated phone scans the QR shown on the pairing screen.
    await done('whatsapp');
    // OtomaX: set and answering. The engine's background check (GetVersiOtomaX every 10 s) reaches it on its own,
    // so the step turns green without the owner; "Uji koneksi" in Settings says the same.
    await done('otomax');
    await go('settings');
    await page.getByRole('button', { name: T.testButton }).click();
    await expect.poll(() => page.getByTestId('otomax-test-result').textContent()).toMatch(T.testOk);
    await go('flow');
    // Callback: the button registers it; the engine asks OtomaX (GetOutboxCallback) which URL it holds.
    await step('callback').getByRole('button', { name: T.action.callback }).click();
    await done('callback');
    expect(x.otomax.callbackUrl).toContain('/otomax/callback/');
    // Forwarding: the last step; then the checklist is gone for good.
    await step('forwarding').getByRole('button', { name: T.action.forwarding }).click();
    await list.waitFor({ state: 'detached', timeout: 15_000 });
    const r = await x.h.engine.api.invoke('setup:checklist', undefined);
    expect(r.ok && r.value.complete).toBe(true);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: id.flow.title }).waitFor();
    await page.waitForTimeout(500);
    expect(await page.getByTestId('setup-checklist').count()).toBe(0);
  });

  it('"Uji koneksi" tests a key typed but not saved, and never stores it', async () => {
    await go('settings');
    await page.getByRole('tab', { name: id.settings.section.otomax, exact: true }).click();
    await page.getByLabel(T.appKey, { exact: true }).fill('typed-but-wrong');
    await page.getByText(T.usesTyped).waitFor();
    await page.getByRole('button', { name: T.testButton }).click();
    const result = page.getByTestId('otomax-test-result');
    await expect.poll(() => result.textContent()).toContain(T.credentials);
    expect(await result.textContent()).toContain(T.notSaved);
    await x.shot('settings-test-unsaved-id-1280');
    await page.setViewportSize({ width: 900, height: 600 });
    await result.scrollIntoViewIfNeeded();
    await x.shot('settings-test-unsaved-id-900');
    await page.setViewportSize({ width: 1280, height: 800 });
    await expectIndonesian('settings test result');
    // Nothing was stored: the saved key still works once the typed one is discarded.
    await page.getByRole('button', { name: id.settings.discard }).click();
    await page.getByRole('button', { name: T.testButton }).click();
    await expect.poll(() => result.textContent()).toMatch(T.testOk);
  });

  it('one forwarding state: the Status switch, the tray command and the setting move together', async () => {
    await go('status');
    const sw = page.getByRole('switch', { name: id.status.forwarding });
    await expect.poll(() => sw.getAttribute('aria-checked')).toBe('true');
    await sw.click();
    await expect.poll(() => sw.getAttribute('aria-checked')).toBe('false');
    await go('settings');
    await page.getByRole('tab', { name: id.settings.section.otomax, exact: true }).click();
    const box = page.getByLabel(T.otomaxEnabled);
    await expect.poll(() => box.isChecked()).toBe(false);
    // The tray flips it back: Settings follows without a reload.
    await x.h.engine.api.invoke('forwarding:set', { enabled: true });
    await expect.poll(() => box.isChecked()).toBe(true);
    // Saving the setting off turns the switch off.
    await box.uncheck();
    await page.getByRole('button', { name: id.settings.save, exact: true }).click();
    await page.getByTestId('settings-saved').waitFor();
    const state = await x.h.engine.api.invoke('forwarding:get', undefined);
    expect(state.ok && state.value.forwarding).toBe(false);
    await go('status');
    await expect.poll(() => sw.getAttribute('aria-checked')).toBe('false');
    await sw.click();
    await expect.poll(() => sw.getAttribute('aria-checked')).toBe('true');
  });

  it('shows no untranslated string on any screen, OtomaX down included', async () => {
    await x.otomax.down();
    await x.incoming({ from: '6281234567890', text: 'SAL.1234', id: 'E2ESETUPDOWN1' });
    await go('flow');
    await page.locator('.flow-row', { hasText: 'SAL.1234' }).waitFor();
    // While OtomaX is down the row waits ("Menunggu OtomaX"), then expires and the reseller is told the server has
    // trouble: every one of those words comes from the tables.
    await expect
      .poll(() => page.locator('.flow-row', { hasText: 'SAL.1234' }).textContent(), { timeout: 60_000 })
      .toContain('Menunggu OtomaX');
    await expectIndonesian('flow, waiting for OtomaX');
    await expect
      .poll(() => page.locator('.flow-row', { hasText: 'SAL.1234' }).textContent(), { timeout: 60_000 })
      .toContain('Kedaluwarsa');
    await expectIndonesian('flow');
    await page.locator('.flow-row', { hasText: 'SAL.1234' }).click();
    await page.getByRole('dialog').waitFor();
    await expectIndonesian('message story');
    await page.keyboard.press('Escape');
    for (const s of ['pairing', 'status'] as const) {
      await go(s);
      await expectIndonesian(s);
    }
    await go('settings');
    for (const tab of await page.getByRole('tab').all()) {
      await tab.click();
      await expectIndonesian(`settings ${(await tab.textContent()) ?? ''}`);
    }
    await page.getByRole('tab', { name: id.settings.section.otomax, exact: true }).click();
    await page.getByRole('button', { name: T.testButton }).click();
    const target = new URL(x.otomax.url).host;
    await expect.poll(() => page.getByTestId('otomax-test-result').textContent()).toContain(T.unreachable(target));
    await expectIndonesian('settings test, OtomaX down');
    await x.shot('settings-test-down-id-1280');
    await x.otomax.up();
  });
});
