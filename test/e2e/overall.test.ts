import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

let x: Harness;
let page: Page;

beforeAll(async () => {
  x = await startHarness({ pairDelayMs: 300 });
  page = x.page;
  await page.goto(x.h.uiUrl);
});

afterAll(async () => {
  await x?.stop();
});

const chip = () => page.getByTestId('overall');
const level = (l: 'ok' | 'attention' | 'down', timeout: number) =>
  page.locator(`[data-testid="overall"][data-level="${l}"]`).waitFor({ timeout });

describe('one at-a-glance state in the window', () => {
  it('is green while resellers are served, red within 30 s of OtomaX going away, green again by itself', async () => {
    // Until OtomaX holds our callback URL its results cannot reach resellers: that alone is not "all good".
    await level('down', 20_000);
    const registered = await x.h.engine.api.invoke('callback:register', undefined);
    expect(registered.ok).toBe(true);
    await level('ok', 20_000);
    expect(await chip().textContent()).toContain('Semua berjalan');

    await x.otomax.down();
    const gone = Date.now();
    await level('down', 30_000);
    expect(Date.now() - gone).toBeLessThan(30_000);
    expect(await chip().textContent()).toContain('OtomaX tidak bisa dihubungi');
    await page.setViewportSize({ width: 1280, height: 800 });
    await x.shot('overall-otomax-down-1280x800-id');
    await page.setViewportSize({ width: 900, height: 600 });
    await x.shot('overall-otomax-down-900x600-id');

    await x.otomax.up();
    await level('ok', 30_000);
  });

  it('ran without an uncaught error in the window', () => {
    expect(x.pageErrors).toEqual([]);
  });
});
