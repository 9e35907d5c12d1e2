import type { Page } from 'playwright-core';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FITS, overflow, startHarness, type Harness } from './harness';

/**
 * Issue 17 in Chromium on the real engine (simulated WhatsApp): a number's own options in its edit form, and Status
 * with three numbers (one unlinked). Words copied from renderer/src/i18n/id.ts: the node test project cannot import
 * renderer files.
 */
const T = {
  navNumbers: 'Nomor WhatsApp',
  navStatus: 'Status',
  edit: 'Ubah',
  save: 'Simpan',
  saved: 'Perubahan disimpan.',
  optionsTitle: 'Pengaturan khusus nomor ini',
  reseller: 'Kode reseller bawaan nomor ini',
  groups: 'Teruskan pesan grup',
  autoReply: 'Balasan otomatis',
  inheritNow: 'Ikuti pengaturan umum (sekarang: Tidak)',
  open: 'Tersambung',
  loggedOut: 'Keluar dari WhatsApp',
  summary: '2 dari 3 nomor tersambung',
  hide: 'Sembunyikan',
};

let x: Harness;
let page: Page;
const ids: string[] = [];

async function addNumber(name: string, kode_terminal: number): Promise<string> {
  const r = await request(`${x.h.url}/whatsapp/numbers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await x.h.apiKey()}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, kode_terminal }),
  });
  const body = (await r.body.json()) as { results: { id: string } };
  if (r.statusCode !== 200) throw new Error(`POST /whatsapp/numbers: ${r.statusCode}`);
  return body.results.id;
}

async function until(id: string, state: string): Promise<void> {
  for (let i = 0; (await stateOf(id)) !== state; i++) {
    if (i > 100) throw new Error(`${id} is not ${state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stateOf(id: string): Promise<string> {
  const s = await x.h.engine.api.invoke('session:get', { number: id });
  return s.ok ? s.value.state : 'none';
}

beforeAll(async () => {
  x = await startHarness({ pairDelayMs: 300 });
  page = x.page;
  await page.goto(x.h.uiUrl);
  await until('default', 'open');
  // The longest name the engine accepts, and a short one; the third is unlinked from WhatsApp.
  ids.push(await addNumber('Cadangan Telkomsel dan Indosat wilayah 1', 2));
  ids.push(await addNumber('H2H', 3));
  for (const id of ids) await until(id, 'open');
  const out = await x.h.engine.api.invoke('session:logout', { number: ids[1] });
  if (!out.ok) throw new Error(out.error.message);
  await until(ids[1]!, 'logged_out');
  const hide = page.getByTestId('setup-checklist').getByRole('button', { name: T.hide });
  if (await hide.isVisible().catch(() => false)) await hide.click();
});

afterAll(async () => {
  await x?.stop();
});

/** What must not stick out of the window on these screens. */
const CHECKED = 'button, a, input, select, h1, h2, li, legend';

describe("a number's own options and Status with three numbers, in Chromium (id)", () => {
  for (const [w, h] of [
    [1280, 800],
    [900, 600],
  ] as const) {
    it(`edits a number's options and shows each number on Status at ${w}×${h}`, async () => {
      await page.setViewportSize({ width: w, height: h });
      await page.getByRole('link', { name: T.navNumbers, exact: true }).click();
      await expect.poll(() => page.getByTestId('number-card').count()).toBe(3);
      await page.getByTestId('number-card').nth(1).getByRole('button', { name: T.edit, exact: true }).click();
      const edit = page.getByTestId('number-edit');
      const box = edit.getByTestId('number-options');
      await box.getByText(T.optionsTitle).waitFor();
      const groups = box.getByLabel(T.groups, { exact: true });
      if (w === 1280) {
        // The general setting is off: "follow" says so, in Indonesian.
        expect(await groups.locator('option').first().textContent()).toBe(T.inheritNow);
        await box.getByLabel(T.reseller, { exact: true }).fill('R0002');
        await groups.selectOption('on');
        await box.getByLabel(T.autoReply, { exact: true }).selectOption('off');
      } else {
        // Saved at the larger size: the form shows the number's own choices.
        expect(await groups.inputValue()).toBe('on');
        expect(await box.getByLabel(T.reseller, { exact: true }).inputValue()).toBe('R0002');
      }
      await box.scrollIntoViewIfNeeded();
      await x.shot(`number-options-edit-${w}x${h}-id`);
      await x.shot(`number-options-edit-${w}x${h}-id-full`, true);
      expect(await overflow(page, CHECKED), 'edit form').toEqual(FITS);
      await edit.getByRole('button', { name: T.save, exact: true }).click();
      await page.getByTestId('numbers-notice').getByText(T.saved).waitFor();
      if (w === 1280) {
        const list = await x.h.engine.api.invoke('numbers:list', undefined);
        const n = list.ok ? list.value.find((v) => v.id === ids[0]) : undefined;
        expect(n?.options).toEqual({
          defaultReseller: 'R0002',
          forwardIncoming: null,
          forwardOutgoing: null,
          forwardGroups: true,
          forwardMedia: null,
          autoReply: false,
        });
      }

      await page.getByRole('link', { name: T.navStatus, exact: true }).click();
      await expect.poll(() => page.getByTestId('wa-number').count()).toBe(3);
      expect(await page.getByTestId('wa-summary').textContent()).toBe(T.summary);
      expect(await page.getByTestId('wa-number-state').allTextContents()).toEqual([T.open, T.open, T.loggedOut]);
      const card = page.getByTestId('wa-card');
      const text = (await card.textContent()) ?? '';
      for (const id of ids) expect(text).not.toContain(id);
      // The top of the screen, where the owner looks first (the edit form left the page scrolled).
      await page.evaluate("document.querySelector('.content').scrollTo(0, 0)");
      await x.shot(`status-numbers-${w}x${h}-id`);
      expect(await overflow(page, CHECKED), 'status').toEqual(FITS);
      expect(x.pageErrors).toEqual([]);
    });
  }
});
