import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { TEXTS } from './texts';

/**
 * The words this test reads on screen, copied from renderer/src/i18n/id.ts (the node test project cannot import
 * renderer files): a drift fails the test loudly.
 */
const CHECK = {
  flag: 'Perlu dicek',
  title: 'Perlu dicek di OtomaX',
  titleDone: 'Sudah dicek di OtomaX',
  reason500: 'OtomaX menjawab dengan galat server setelah menerima pesan ini.',
  mark: 'Tandai sudah dicek',
  tile: 'Perlu dicek',
  checkedChip: 'Sudah dicek',
};
const { id } = TEXTS;
const TEXT = 'S10.081211112222.1234';

let x: Harness;
let page: Page;

beforeAll(async () => {
  x = await startHarness({ pairDelayMs: 0 });
  page = x.page;
});

afterAll(async () => {
  await x?.stop();
});

async function go(screen: 'flow' | 'status') {
  await page.getByRole('link', { name: id.nav[screen], exact: true }).click();
  await page.getByRole('heading', { level: 1, name: id[screen].title }).waitFor();
}

describe('an uncertain outcome in the window', () => {
  it('flags the row "perlu dicek", counts it on Status, and marking it checked takes it off the count', async () => {
    const paired = await x.h.engine.api.invoke('pairing:start', { mode: 'qr' });
    expect(paired.ok).toBe(true);
    await expect
      .poll(async () => {
        const s = await x.h.engine.api.invoke('session:get', undefined);
        return s.ok && s.value.state;
      })
      .toBe('open');
    x.otomax.fault('InsertInbox', { kind: 'status', status: 500, count: 1 });
    expect(await x.incoming({ from: '6281211112222', text: TEXT, id: 'E2EUNC1' })).toBe(200);

    await page.goto(x.h.uiUrl);
    await go('flow');
    const row = page.locator('.flow-row', { hasText: TEXT });
    await row.getByTestId('needs-check-chip').filter({ hasText: CHECK.flag }).waitFor({ timeout: 15_000 });

    await go('status');
    const tile = page.locator('.card', { has: page.getByRole('heading', { name: CHECK.tile, exact: true }) });
    await expect.poll(() => tile.getByTestId('needs-check-count').textContent(), { timeout: 10_000 }).toBe('1');
    await x.shot('status-needs-check-id');

    await go('flow');
    await row.click();
    const dialog = page.getByRole('dialog', { name: id.flow.detailTitle });
    const panel = dialog.getByTestId('check-panel');
    await panel.getByRole('heading', { name: CHECK.title }).waitFor();
    await panel.getByText(CHECK.reason500, { exact: false }).waitFor();
    await panel.getByText(TEXT, { exact: true }).waitFor();
    await x.shot('flow-needs-check-id');
    await panel.getByRole('button', { name: CHECK.mark }).click();
    await panel.getByRole('heading', { name: CHECK.titleDone }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await row.getByText(CHECK.checkedChip, { exact: true }).waitFor();
    await expect(row.getByTestId('needs-check-chip').count()).resolves.toBe(0);

    await go('status');
    await expect.poll(() => tile.getByTestId('needs-check-count').textContent(), { timeout: 10_000 }).toBe('0');
    // OtomaX never saw a second try of that message.
    expect(x.otomax.requests.filter((r) => r.method === 'InsertInbox')).toHaveLength(1);
    expect(x.pageErrors).toEqual([]);
  });
});
