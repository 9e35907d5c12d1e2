import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WaNumber } from '../../shared/dto';
import { FITS, overflow, startHarness, type Harness } from './harness';
import { NUMBERS_TEXTS } from './numbers-texts';

const { id, en } = NUMBERS_TEXTS;

/**
 * The engine answers numbers:* in the second wave of issue 17; until then the window's WebSocket is routed here:
 * numbers:* (and pairing for a non-primary number) get these answers, everything else reaches the real engine.
 * Five numbers, the longest names and terminals the engine accepts, in every kind of state.
 */
const NUMBERS: WaNumber[] = [
  {
    id: 'default',
    name: 'Nomor utama',
    kodeTerminal: null,
    state: 'open',
    phone: '6281234567890',
    primary: true,
    fallbackId: null,
  },
  {
    id: 'wa-00000001',
    name: 'Cadangan Telkomsel dan Indosat wilayah 1',
    kodeTerminal: 1_000_000,
    state: 'logged_out',
    phone: '6281298765432',
    primary: false,
    fallbackId: 'default',
  },
  {
    id: 'wa-00000002',
    name: 'H2H mitra besar Jabodetabek dan sekitar',
    kodeTerminal: 2,
    state: 'reconnecting',
    phone: '6285712345678',
    primary: false,
    fallbackId: 'wa-00000001',
  },
  { id: 'wa-00000003', name: 'Baru', kodeTerminal: 3, state: 'idle', phone: null, primary: false, fallbackId: null },
  {
    id: 'wa-00000004',
    name: 'WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW',
    kodeTerminal: 999_999,
    state: 'multidevice_mismatch',
    phone: null,
    primary: false,
    fallbackId: null,
  },
];

let x: Harness;
let page: Page;

beforeAll(async () => {
  x = await startHarness({ pairDelayMs: 300 });
  page = x.page;
  await page.routeWebSocket(/\/ui\/ws/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const f = JSON.parse(String(message)) as { t: string; id: number; name: string; input: { number?: string } };
      const answer =
        f.t !== 'call'
          ? undefined
          : f.name === 'numbers:list'
            ? NUMBERS
            : f.name === 'pairing:start' && f.input?.number
              ? {
                  sessionId: f.input.number,
                  state: 'qr',
                  since: Date.now(),
                  qr: '2@e2e,number,qr',
                  qrExpiresAt: Date.now() + 20_000,
                }
              : undefined;
      if (answer === undefined) return server.send(message);
      ws.send(JSON.stringify({ t: 'result', id: f.id, result: { ok: true, value: answer } }));
    });
  });
  await page.goto(x.h.uiUrl);
});

afterAll(async () => {
  await x?.stop();
});

/** What must not stick out of the window on these screens. */
const CHECKED = 'button, a, input, select, h1, h2, li';

describe('the WhatsApp numbers screen in Chromium', () => {
  for (const lang of ['id', 'en'] as const) {
    it(`fits 900×600 with five numbers, a removal question and a QR open (${lang})`, async () => {
      const m = lang === 'id' ? id : en;
      await page.setViewportSize({ width: 900, height: 600 });
      // A fresh window: no linking state left from the other language's run.
      await page.goto(x.h.uiUrl);
      if (lang === 'en') {
        await page.getByLabel(id.prefs.language).selectOption('en');
        await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
      }
      await page.getByRole('link', { name: m.nav.numbers, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: m.numbers.title }).waitFor();
      await expect.poll(() => page.getByTestId('number-card').count()).toBe(5);
      expect(await page.getByTestId('number-state').allTextContents()).toEqual([
        m.session.short.open,
        m.session.short.logged_out,
        m.session.short.reconnecting,
        m.session.short.idle,
        m.session.short.multidevice_mismatch,
      ]);
      await x.shot(`numbers-900x600-${lang}`, true);
      expect(await overflow(page, CHECKED), 'list').toEqual(FITS);

      const second = page.getByTestId('number-card').nth(1);
      await second.getByRole('button', { name: m.numbers.remove, exact: true }).click();
      await second.getByRole('button', { name: m.numbers.removeConfirm }).waitFor();
      expect(await overflow(page, CHECKED), 'removal question').toEqual(FITS);
      await second.getByRole('button', { name: m.common.cancel }).click();

      await page.getByTestId('number-card').nth(3).getByRole('button', { name: m.numbers.pair }).click();
      await page.getByTestId('number-pairing').getByRole('button', { name: m.pairing.start }).click();
      await page.getByRole('img', { name: m.pairing.qrLabel }).waitFor();
      await page.getByTestId('number-pairing').scrollIntoViewIfNeeded();
      await x.shot(`numbers-pairing-900x600-${lang}`);
      expect(await overflow(page, CHECKED), 'pairing').toEqual(FITS);
      await page.getByTestId('number-pairing').getByRole('button', { name: m.numbers.pairClose }).click();

      await page.getByTestId('number-card').nth(2).getByRole('button', { name: m.numbers.edit }).click();
      await page.getByTestId('number-edit').waitFor();
      expect(await overflow(page, CHECKED), 'edit').toEqual(FITS);
      expect(x.pageErrors).toEqual([]);
    });
  }
});
