import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FITS, overflow, startHarness, type Harness } from './harness';
import { TEXTS } from './texts';

const { id, en } = TEXTS;
const SCREENS = ['pairing', 'flow', 'status', 'settings', 'broadcast'] as const;

let x: Harness;
let page: Page;

beforeAll(async () => {
  x = await startHarness({ pairDelayMs: 300 });
  page = x.page;
  await page.goto(x.h.uiUrl);
  for (let i = 0; i < 3; i++) await x.incoming({ from: `62812345678${i}`, text: `S10.08123456789${i}.1234` });
});

afterAll(async () => {
  await x?.stop();
});

describe('the window at its smallest supported size, 900×600', () => {
  for (const [w, h] of [
    [900, 600],
    [1280, 800],
  ] as const) {
    it(`cuts off no control on any screen at ${w}×${h}`, async () => {
      await page.setViewportSize({ width: w, height: h });
      for (const screen of SCREENS) {
        await page.getByRole('link', { name: id.nav[screen], exact: true }).click();
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        await page.waitForTimeout(200);
        await x.shot(`small-${screen}-${w}x${h}-id`);
        expect(await overflow(page), `${screen} at ${w}×${h}`).toEqual(FITS);
      }
    });
  }

  it('cuts off nothing in English either, at both sizes', async () => {
    await page.getByLabel(id.prefs.language).selectOption('en');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    for (const [w, h] of [
      [900, 600],
      [1280, 800],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      for (const screen of SCREENS) {
        await page.getByRole('link', { name: en.nav[screen], exact: true }).click();
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        await page.waitForTimeout(200);
        await x.shot(`small-${screen}-${w}x${h}-en`);
        expect(await overflow(page), `${screen} at ${w}×${h} (en)`).toEqual(FITS);
      }
    }
    await page.getByLabel(en.prefs.language).selectOption('id');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('id');
  });

  it('keeps "Simpan" and "Ekspor CSV" fully in view at 900×600', async () => {
    await page.setViewportSize({ width: 900, height: 600 });
    const inView = async (name: string) => {
      const box = await page.getByRole('button', { name, exact: true }).first().boundingBox();
      expect(box, name).not.toBeNull();
      expect((box?.x ?? 0) + (box?.width ?? 0), name).toBeLessThanOrEqual(900);
      expect((box?.y ?? 0) + (box?.height ?? 0), name).toBeLessThanOrEqual(600);
    };
    await page.getByRole('link', { name: id.nav.flow, exact: true }).click();
    await inView('Ekspor CSV');
    await page.getByRole('link', { name: id.nav.settings, exact: true }).click();
    await inView(id.settings.save);
  });

  it('ran without an uncaught error in the window', () => {
    expect(x.pageErrors).toEqual([]);
  });
});
