import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WaNumber } from '../../shared/dto';
import { FITS, overflow, startHarness, type Harness } from './harness';
import { TEXTS } from './texts';

const { id } = TEXTS;
/** Copied from renderer/src/i18n/id.ts (flowNumbers): the node test project cannot import renderer files. */
const T = { col: 'Nomor WA', all: 'Semua nomor', todayTitle: 'Hari ini per nomor', hide: 'Sembunyikan' };

const SECOND = 'wa-00000001';
// The longest name the engine accepts (40 characters): the column must cut it cleanly, not the layout.
const SECOND_NAME = 'Cadangan Telkomsel dan Indosat wilayah 1';
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
    id: SECOND,
    name: SECOND_NAME,
    kodeTerminal: 7,
    state: 'open',
    phone: '6281298765432',
    primary: false,
    fallbackId: null,
  },
];

let x: Harness;
let page: Page;

/**
 * Messages on a second number. The engine receives on several numbers in the other half of issue 17; until then
 * they are written as that engine writes them (inbound rows under the number's session_id, an outbox message with
 * its outbound row), and numbers:list is answered over the window's WebSocket (as the numbers screen's test does).
 */
async function secondNumberTraffic(): Promise<void> {
  const info = await x.h.engine.api.invoke('app:info', undefined);
  if (!info.ok) throw new Error(info.error.message);
  const db = new Database(info.value.databasePath);
  try {
    const now = Date.now();
    db.prepare(
      'INSERT INTO wa_numbers (id, name, kode_terminal, is_primary, created_at, updated_at) VALUES (?, ?, 7, 0, ?, ?)',
    ).run(SECOND, SECOND_NAME, now, now);
    const ins = db.prepare(
      `INSERT INTO inbound_messages (session_id, wa_key, wa_id, chat_jid, sender_phone, push_name, text, wa_timestamp,
         received_at, expires_at, status, otomax_status, otomax_desc, forwarded_at, latency_ms)
       VALUES (?, ?, ?, ?, ?, 'Konter Maju', ?, ?, ?, ?, 'forwarded', 21, 'Sukses Masuk Outbox', ?, 90)`,
    );
    for (let i = 0; i < 3; i++) {
      const phone = `6285700000${i}`;
      const t = now - 60_000 + i * 1000;
      ins.run(
        SECOND,
        `${SECOND}|${phone}||N${i}`,
        `N${i}`,
        `${phone}@s.whatsapp.net`,
        phone,
        `S10.0857${i}.1234`,
        t,
        t,
        t + 30_000,
        t + 90,
      );
    }
    const box = db
      .prepare(
        `INSERT INTO outbox_messages (kode, penerima, pesan, raw, received_at, status) VALUES ('E2E1', '62857000001', 'R#1 S10.08570001 SUKSES', '{}', ?, 'sent')`,
      )
      .run(now - 30_000);
    db.prepare(
      `INSERT INTO outbound_messages (session_id, to_phone, to_jid, text, kind, outbox_id, wa_id, status, created_at, sent_at)
       VALUES (?, '62857000001', '62857000001@s.whatsapp.net', 'R#1 S10.08570001 SUKSES', 'outbox', ?, 'E2EOUT1', 'sent', ?, ?)`,
    ).run(SECOND, box.lastInsertRowid, now - 30_000, now - 29_000);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  x = await startHarness({ pairDelayMs: 300 });
  page = x.page;
  await page.routeWebSocket(/\/ui\/ws/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const f = JSON.parse(String(message)) as { t: string; id: number; name: string };
      if (f.t !== 'call' || f.name !== 'numbers:list') return server.send(message);
      ws.send(JSON.stringify({ t: 'result', id: f.id, result: { ok: true, value: NUMBERS } }));
    });
  });
  await page.goto(x.h.uiUrl);
  for (let i = 0; i < 3; i++) await x.incoming({ from: `62812345678${i}`, text: `S10.08123456789${i}.1234` });
  await secondNumberTraffic();
  // The first-run checklist (the callback step is open in this harness) is set aside, as an owner does, so the
  // pictures show the list of messages.
  await page.getByTestId('setup-checklist').getByRole('button', { name: T.hide }).click();
});

afterAll(async () => {
  await x?.stop();
});

/** What must not stick out of the window on these screens. */
const CHECKED = 'button, a, input, select, h1, [data-testid="row-number"]';

describe('the live flow with two WhatsApp numbers, in Chromium', () => {
  for (const [w, h] of [
    [1280, 800],
    [900, 600],
  ] as const) {
    it(`names each message's number and filters by it at ${w}×${h} (id)`, async () => {
      await page.setViewportSize({ width: w, height: h });
      await page.getByRole('link', { name: id.nav.flow, exact: true }).click();
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await expect.poll(() => page.locator('[data-row-id]').count(), { timeout: 20_000 }).toBe(7);
      const head = page.locator('.flow-head > span').last();
      expect(await head.textContent()).toBe(T.col);
      expect(await head.isVisible()).toBe(true);
      const names = await page.getByTestId('row-number').allTextContents();
      expect(names.filter((n) => n === 'Nomor utama').length).toBe(3);
      expect(names.filter((n) => n === SECOND_NAME).length).toBe(4);
      // Every name cell sits inside its row, visible: a long name is cut with an ellipsis, never pushed out.
      for (const cell of await page.getByTestId('row-number').all()) expect(await cell.isVisible()).toBe(true);
      expect(await page.locator('body').textContent()).not.toContain(SECOND);
      await x.shot(`flow-numbers-${w}x${h}-id`);
      expect(await overflow(page, CHECKED)).toEqual(FITS);

      const filter = page.getByLabel(T.col, { exact: true });
      await filter.selectOption(SECOND);
      await expect.poll(() => page.locator('[data-row-id]').count(), { timeout: 10_000 }).toBe(4);
      expect(new Set(await page.getByTestId('row-number').allTextContents())).toEqual(new Set([SECOND_NAME]));
      await x.shot(`flow-numbers-filtered-${w}x${h}-id`);
      expect(await overflow(page, CHECKED)).toEqual(FITS);
      await filter.selectOption({ label: T.all });
      await expect.poll(() => page.locator('[data-row-id]').count(), { timeout: 10_000 }).toBe(7);
    });
  }

  it('Status shows what each number received and sent today', async () => {
    await page.setViewportSize({ width: 900, height: 600 });
    await page.getByRole('link', { name: id.nav.status, exact: true }).click();
    const card = page.getByTestId('numbers-today');
    await card.waitFor({ timeout: 15_000 });
    expect(await card.getByRole('heading').textContent()).toBe(T.todayTitle);
    // The primary received the three messages sent in beforeAll and answered each (auto-reply); the second number's
    // three messages and its one outbox message were written above.
    await expect
      .poll(() => card.locator('tbody tr').allTextContents(), { timeout: 15_000 })
      .toEqual(['Nomor utama33', `${SECOND_NAME}31`]);
    await card.scrollIntoViewIfNeeded();
    await x.shot('status-numbers-900x600-id', true);
    expect(await overflow(page, CHECKED)).toEqual(FITS);
  });

  it('ran without an uncaught error in the window', () => {
    expect(x.pageErrors).toEqual([]);
  });
});
