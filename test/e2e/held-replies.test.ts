import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

/** Words the owner reads, copied from renderer/src/i18n/id.ts (this node project cannot import the renderer). */
const ID = {
  flowTitle: 'Alur pesan',
  statusTitle: 'Status',
  held: 'Ditahan',
  heldReason: 'Melebihi batas per menit',
  sent: /^(Terkirim|Sampai|Dibaca)$/,
  waitingOtomax: 'Menunggu OtomaX',
  statusFilter: 'Status',
  pausedTitle: 'Balasan otomatis ke +62 899-9999-9999 dijeda.',
  release: 'Lanjutkan balasan',
  heldTile: /^[1-9]\d* balasan ditahan$/,
};
/** Not a reseller in the simulator: OtomaX answers 41 at once, and that answer is auto-replied. */
const STRANGER = '6289999999999';
const RESELLER = '6281234567890';

let x: Harness;
let page: Page;

beforeAll(async () => {
  // One reply per chat per minute: the second is held, and a fourth within 3 minutes is a loop.
  x = await startHarness({ pairDelayMs: 300, argv: ['--reply-limit=1'] });
  page = x.page;
  // The simulated phone links pairDelayMs after start: wait for it (bounded), then open the window.
  const until = Date.now() + 20_000;
  for (;;) {
    const s = await x.h.engine.api.invoke('session:get', undefined);
    if (s.ok && s.value.state === 'open') break;
    if (Date.now() > until) throw new Error('the simulated WhatsApp did not link within 20 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  await page.goto(x.h.uiUrl);
});

afterAll(async () => {
  await x?.stop();
});

async function goFlow() {
  await page.evaluate("location.hash = '#/flow'");
  await page.getByRole('heading', { level: 1, name: ID.flowTitle }).waitFor();
}

async function shots(name: string) {
  for (const [w, h] of [
    [1280, 800],
    [900, 600],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await x.shot(`${name}-id-${w}x${h}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe('nothing is held silently, in the window', () => {
  it('a reply over the limit is held with its reason, counted on Status, then sent when the minute passes', async () => {
    await goFlow();
    expect(await x.incoming({ from: STRANGER, text: 'halo satu', id: 'HELD0001' })).toBe(200);
    const first = page.locator('.flow-row', { hasText: 'halo satu' });
    await first.locator('.chip', { hasText: ID.sent }).waitFor({ timeout: 10_000 });
    expect(await x.incoming({ from: STRANGER, text: 'halo dua', id: 'HELD0002' })).toBe(200);
    const second = page.locator('.flow-row', { hasText: 'halo dua' });
    await second.locator('.chip', { hasText: ID.held }).waitFor({ timeout: 10_000 });
    await second.getByText(ID.heldReason).waitFor();
    await shots('flow-held');

    await page.evaluate("location.hash = '#/status'");
    await page.getByRole('heading', { level: 1, name: ID.statusTitle }).waitFor();
    await expect.poll(() => page.getByTestId('held-replies').textContent(), { timeout: 10_000 }).toMatch(ID.heldTile);
    await shots('status-held');

    await goFlow();
    // The first reply went out at most a few seconds ago: the held one follows once the minute has passed.
    await second.locator('.chip', { hasText: ID.sent }).waitFor({ timeout: 75_000 });
    expect(await second.getByText(ID.heldReason).count()).toBe(0);
  }, 110_000);

  it('a chat in a reply loop is paused with a banner naming it, and the button releases it', async () => {
    for (const n of [3, 4, 5])
      expect(await x.incoming({ from: STRANGER, text: `loop ${n}`, id: `LOOP000${n}` })).toBe(200);
    const banner = page.locator('[data-banner="chat_paused"]');
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.textContent()).toContain(ID.pausedTitle);
    await shots('banner-paused');
    await banner.getByRole('button', { name: ID.release }).click();
    await banner.waitFor({ state: 'detached', timeout: 5_000 });
    const pauses = await x.h.engine.api.invoke('banners:get', undefined);
    expect(pauses.ok && pauses.value.some((b) => b.id === 'chat_paused')).toBe(false);
  });

  it('shows "Menunggu OtomaX" while the OtomaX simulator is down, and its filter finds it', async () => {
    await goFlow();
    await x.otomax.down();
    try {
      expect(await x.incoming({ from: RESELLER, text: 'S5.081211112222.1234', id: 'DOWN0001' })).toBe(200);
      const row = page.locator('.flow-row', { hasText: 'S5.081211112222.1234' });
      await row.locator('.chip', { hasText: ID.waitingOtomax }).waitFor({ timeout: 10_000 });
      await page.getByLabel(ID.statusFilter, { exact: true }).selectOption('waiting_otomax');
      await row.waitFor();
      await expect.poll(() => page.locator('.flow-row').count(), { timeout: 5_000 }).toBe(1);
      await shots('flow-waiting-otomax');
      await page.getByLabel(ID.statusFilter, { exact: true }).selectOption('');
    } finally {
      await x.otomax.up();
    }
  });

  it('the settings form shows both expiry texts with their Indonesian defaults', async () => {
    await page.evaluate("location.hash = '#/settings'");
    await page.getByRole('heading', { level: 1, name: 'Pengaturan' }).waitFor();
    await page.getByRole('tab', { name: 'Penerusan' }).click();
    const trouble = page.getByLabel('Pesan bila OtomaX bermasalah', { exact: true });
    await trouble.waitFor();
    expect(await trouble.inputValue()).toMatch(/^Maaf, server kami sedang mengalami gangguan/);
    const late = page.getByLabel('Pesan bila terlambat sampai', { exact: true });
    expect(await late.inputValue()).toMatch(/^Maaf, pesan Anda terlambat kami terima/);
    await trouble.scrollIntoViewIfNeeded();
    await shots('settings-expiry-texts');
  });
});
