import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { TEXTS } from './texts';

const { id } = TEXTS;
let x: Harness;
let page: Page;

beforeAll(async () => {
  x = await startHarness({ pairDelayMs: 300 });
  page = x.page;
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(x.h.uiUrl);
});

afterAll(async () => {
  await x?.stop();
});

/** The row at a fixed point of the list, and how far from the list's top it sits. */
const rowAtProbe = () =>
  page.evaluate(`(() => {
    const box = document.querySelector('[data-testid="flow-scroll"]').getBoundingClientRect();
    const el = document.elementFromPoint(box.left + 120, box.top + 100)?.closest('[data-row-id]');
    return el ? { id: el.getAttribute('data-row-id'), top: Math.round(el.getBoundingClientRect().top - box.top) } : null;
  })()`) as Promise<{ id: string; top: number } | null>;

describe('the live flow while the owner reads', () => {
  it('keeps the rows in view still when new messages arrive above', async () => {
    await page.getByRole('link', { name: id.nav.flow, exact: true }).click();
    for (let i = 0; i < 40; i++) await x.incoming({ from: `6281234500${String(i).padStart(3, '0')}`, text: `R${i}` });
    await expect.poll(() => page.locator('[data-row-id]').count(), { timeout: 20_000 }).toBeGreaterThan(10);
    await page.getByTestId('flow-scroll').evaluate((el) => el.scrollTo({ top: 900 }));
    await page.waitForTimeout(300);
    const before = await rowAtProbe();
    expect(before).not.toBeNull();
    for (let i = 0; i < 5; i++) await x.incoming({ from: `6281234599${i}`, text: `NEW${i}` });
    await expect.poll(() => page.getByTestId('flow-count').textContent(), { timeout: 10_000 }).toContain('45');
    await page.waitForTimeout(300);
    const after = await rowAtProbe();
    expect(after?.id).toBe(before?.id);
    expect(Math.abs((after?.top ?? 0) - (before?.top ?? 0))).toBeLessThanOrEqual(2);
    // At the very top, the new rows simply show.
    await page.getByTestId('flow-scroll').evaluate((el) => el.scrollTo({ top: 0 }));
    await x.incoming({ from: '62812345999', text: 'NEWEST' });
    await expect
      .poll(() => page.locator('[data-row-id]').first().textContent(), { timeout: 10_000 })
      .toContain('NEWEST');
  });

  it('ran without an uncaught error in the window', () => {
    expect(x.pageErrors).toEqual([]);
  });
});
