import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS_DIR, startHarness, type Harness } from './harness';
import { TEXTS } from './texts';

const { id } = TEXTS;
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

describe('the log downloaded as CSV from the real window', () => {
  it('downloads every message of the range in one file with one BOM, and says how many it holds', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('link', { name: id.nav.flow, exact: true }).click();
    for (let i = 0; i < 6; i++) await x.incoming({ from: `6281234577${i}`, text: `S10.08123457${i}.1234` });
    await expect.poll(() => page.locator('[data-row-id]').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(6);
    await page.getByRole('button', { name: id.flow.export }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }),
      page.getByRole('button', { name: id.flow.download }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^jembatan-log-\d{4}-\d\d-\d\d\.csv$/);
    const path = await download.path();
    const bytes = readFileSync(path);
    // One UTF-8 BOM (EF BB BF), then the Indonesian header split on ';' (the Indonesian default).
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.startsWith('Waktu;Arah;Nomor')).toBe(true);
    expect(text.includes('\uFEFF')).toBe(false);
    for (let i = 0; i < 6; i++) expect(text).toContain(`S10.08123457${i}.1234`);
    const lines = text.trimEnd().split('\r\n');
    const inbound = lines.filter((l) => l.split(';')[1] === 'Masuk');
    expect(inbound).toHaveLength(6);
    const status = page.getByRole('status').filter({ hasText: 'diunduh' });
    await expect
      .poll(() => status.textContent())
      .toBe(`Berkas ${download.suggestedFilename()} diunduh: ${lines.length - 1} pesan.`);
    await page.screenshot({ path: join(SHOTS_DIR, 'flow-export-id-1280x800.png') });
    await page.setViewportSize({ width: 900, height: 600 });
    await page.screenshot({ path: join(SHOTS_DIR, 'flow-export-id-900x600.png') });
  });

  it('ran without an uncaught error in the window', () => {
    expect(x.pageErrors).toEqual([]);
  });
});
