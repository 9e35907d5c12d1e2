import type { Page } from 'playwright-core';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { NUMBERS_TEXTS } from './numbers-texts';

const ID = NUMBERS_TEXTS.id;
const RESELLER = '6281234567890';

let x: Harness;
let page: Page;

beforeAll(async () => {
  x = await startHarness({ pairDelayMs: 300 });
  page = x.page;
  await page.goto(x.h.uiUrl);
  // The primary links as before (simulated), then OtomaX learns the callback address.
  for (let i = 0; ; i++) {
    const s = await x.h.engine.api.invoke('session:get', undefined);
    if (s.ok && s.value.state === 'open') break;
    if (i > 100) throw new Error('the primary did not link');
    await new Promise((r) => setTimeout(r, 100));
  }
  const registered = await x.h.engine.api.invoke('callback:register', undefined);
  if (!registered.ok) throw new Error(registered.error.message);
});

afterAll(async () => {
  await x?.stop();
});

async function sent(): Promise<{ id: string; number: string; to: string; text: string; quotedId: string | null }[]> {
  const r = await request(`${x.h.url}/dev/whatsapp/sent`, {
    headers: { authorization: `Bearer ${await x.h.apiKey()}` },
  });
  return ((await r.body.json()) as { results: never[] }).results;
}

describe('a second WhatsApp number, end to end (engine, simulated WhatsApp, OtomaX simulator, Chromium)', () => {
  it('added in the window, it links, answers from itself, delivers its terminal outbox; removed, its log stays', async () => {
    await page.getByRole('link', { name: ID.nav.numbers, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: ID.numbers.title }).waitFor();
    await expect.poll(() => page.getByTestId('number-card').count()).toBe(1);

    await page.getByLabel('Nama nomor', { exact: true }).fill('Cadangan');
    await page.getByLabel('Kode terminal OtomaX', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Tambah nomor', exact: true }).click();
    await expect.poll(() => page.getByTestId('number-card').count()).toBe(2);
    // Simulated WhatsApp: the new number links by itself, and the window hears it.
    await expect
      .poll(() => page.getByTestId('number-card').nth(1).getByTestId('number-state').textContent(), { timeout: 10_000 })
      .toBe(ID.session.short.open);
    await x.shot('numbers-engine-added');
    const list = await x.h.engine.api.invoke('numbers:list', undefined);
    const second = list.ok ? list.value.find((n) => !n.primary) : undefined;
    expect(second).toMatchObject({ name: 'Cadangan', kodeTerminal: 2, state: 'open' });
    const number = second!.id;

    // A message arrives on it: forwarded with its terminal, and its reply leaves from it.
    expect(await x.incoming({ from: RESELLER, text: 'SAL.1234', id: 'E2ENUM01', number })).toBe(200);
    await expect.poll(() => x.otomax.inbox.find((r) => r.pesan === 'SAL.1234')?.kode_terminal).toBe(2);
    await expect.poll(async () => (await sent()).find((s) => s.quotedId === 'E2ENUM01')?.number).toBe(number);

    // An OtomaX outbox message for its terminal is delivered by it.
    x.otomax.pushOutbox({ penerima: RESELLER, pesan: 'Info dari terminal dua', kode_terminal: 2 });
    await expect
      .poll(async () => (await sent()).filter((s) => s.text === 'Info dari terminal dua').map((s) => s.number), {
        timeout: 10_000,
      })
      .toEqual([number]);

    // Removed from the window: gone from the list, its messages stay in the log.
    const card = page.getByTestId('number-card').nth(1);
    await card.getByRole('button', { name: ID.numbers.remove, exact: true }).click();
    await card.getByRole('button', { name: ID.numbers.removeConfirm }).click();
    await expect.poll(() => page.getByTestId('number-card').count()).toBe(1);
    const after = await x.h.engine.api.invoke('numbers:list', undefined);
    expect(after.ok && after.value.map((n) => n.id)).toEqual(['default']);
    const log = await x.h.engine.api.invoke('log:page', {});
    const texts = log.ok ? log.value.rows.map((r) => r.text) : [];
    expect(texts).toEqual(expect.arrayContaining(['SAL.1234', 'Info dari terminal dua']));
    await page.getByRole('link', { name: 'Alur pesan', exact: true }).click();
    await page.locator('.flow-row', { hasText: 'Info dari terminal dua' }).waitFor();
    await page.locator('.flow-row', { hasText: 'SAL.1234' }).waitFor();
    await x.shot('numbers-engine-removed-log');
    expect(x.pageErrors).toEqual([]);
  });
});
