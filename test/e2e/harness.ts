import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { request } from 'undici';
import { startHeadless, type Headless } from '../../electron/headless';
import { createMemorySecretStore } from '../../electron/core/secrets/memory-store';
import { tempDir } from '../helpers/tmp';
import { startMekariSim, type MekariSim } from '../sim/mekari/server';
import { startOtomaxSim } from '../sim/otomax/sim';
import type { OtomaxSim } from '../sim/otomax/types';

const ROOT = resolve(import.meta.dirname, '../..');
export const RENDERER_DIR = join(ROOT, 'out', 'renderer');
export const SHOTS_DIR = join(ROOT, 'test-results', 'screenshots');
export const API_KEY = 'e2e-api-key-0123456789abcdef';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Harness {
  h: Headless;
  otomax: OtomaxSim;
  mekari: MekariSim;
  browser: Browser;
  page: Page;
  /** Uncaught errors in the window: a healthy run has none. */
  pageErrors: string[];
  /** POST /dev/whatsapp/incoming: a message "from a phone". */
  incoming(m: { from: string; text: string; id?: string; number?: string }): Promise<number>;
  /** test-results/screenshots/<name>.png; `full` takes the whole scrolled screen, not only the window. */
  shot(name: string, full?: boolean): Promise<void>;
  stop(): Promise<void>;
}

/** The window is served from out/renderer; build it when a plain `vitest` run comes without `npm run test:e2e`. */
function ensureRendererBuilt(): void {
  if (existsSync(join(RENDERER_DIR, 'index.html'))) return;
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'vite.renderer.config.ts',
      '--logLevel',
      'warn',
    ],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
}

/**
 * A real headless host (simulated WhatsApp, OtomaX and Mekari simulators over loopback) and Debian's Chromium on
 * the window it serves, at the smallest size the product supports.
 */
export async function startHarness(options: {
  pairDelayMs: number;
  argv?: string[];
  firstRun?: boolean;
  /** The Mekari simulator's options (e.g. broadcasts made elsewhere on the account). */
  mekari?: Parameters<typeof startMekariSim>[0];
}): Promise<Harness> {
  ensureRendererBuilt();
  mkdirSync(SHOTS_DIR, { recursive: true });
  const tmp = tempDir('jembatan-e2e-');
  const otomax = await startOtomaxSim();
  const mekari = await startMekariSim(options.mekari);
  // The browser first: the simulated phone pairs `pairDelayMs` after the host starts, and the QR must be seen.
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext({
    viewport: { width: 1024, height: 640 },
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
  });
  // A fixed theme for comparable screenshots, unless the test chose one (a reload must keep the choice).
  await context.addInitScript({
    content: "if (!localStorage.getItem('jembatan.theme')) localStorage.setItem('jembatan.theme', 'light');",
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });

  const h = await startHeadless({
    argv: [
      `--data-dir=${tmp.dir}`,
      '--host=127.0.0.1',
      '--port=0',
      '--whatsapp=simulated',
      `--otomax-api-url=${otomax.url}`,
      '--otomax-app-id=APPID123',
      '--otomax-timeout-ms=3000',
      `--qontak-api-url=${mekari.url}`,
      `--qontak-client-id=${mekari.clientId}`,
      '--log-level=warn',
      ...(options.argv ?? []),
    ],
    env: {},
    rendererDir: RENDERER_DIR,
    secrets: createMemorySecretStore({
      'otomax.appKey': 'appkey-secret',
      'otomax.devKey': 'devkey-secret',
      'api.key': API_KEY,
      'qontak.clientSecret': mekari.clientSecret,
    }),
    engine: { whatsapp: { pairDelayMs: options.pairDelayMs } },
  });
  // Forwarding on as the owner turns it on (a saved setting the switches can flip), unless a test wants first-run.
  if (!options.firstRun) {
    const on = await h.engine.api.invoke('settings:save', { otomaxEnabled: true });
    if (!on.ok) throw new Error(`settings:save: ${on.error.message}`);
  }

  return {
    h,
    otomax,
    mekari,
    browser,
    page,
    pageErrors,
    async incoming(m) {
      const r = await request(`${h.url}/dev/whatsapp/incoming`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await h.apiKey()}`, 'content-type': 'application/json' },
        body: JSON.stringify(m),
      });
      await r.body.text();
      return r.statusCode;
    },
    async shot(name, full = false) {
      // Let transitions and the countdown settle so the picture shows a resting screen.
      await page.waitForTimeout(250);
      if (!full) return void (await page.screenshot({ path: join(SHOTS_DIR, `${name}.png`) }));
      // The app scrolls inside <main>, not the page: lift the height limits for the picture, then restore them.
      await page.addStyleTag({
        content: '/* e2e-lift */ .shell,.main-column,.content{height:auto!important;overflow:visible!important}',
      });
      await page.screenshot({ path: join(SHOTS_DIR, `${name}.png`), fullPage: true });
      await page.evaluate(
        "document.querySelectorAll('style').forEach((s) => s.textContent.includes('e2e-lift') && s.remove())",
      );
      const overflow = await page.evaluate("getComputedStyle(document.querySelector('.content')).overflowY");
      if (overflow !== 'auto') throw new Error('the full-page screenshot left the layout lifted');
    },
    async stop() {
      await browser.close().catch(() => undefined);
      await h.stop().catch(() => undefined);
      await otomax.close().catch(() => undefined);
      await mekari.close().catch(() => undefined);
      tmp.cleanup();
    },
  };
}

/** What sticks out of the window: a page or content area that scrolls sideways, and controls cut off at the right. */
export interface Overflow {
  pageScrollsSideways: boolean;
  contentScrollsSideways: boolean;
  outside: string[];
  /** Drop-downs whose chosen option is wider than the box shows (cut off inside it, e.g. "Bahasa Indonesi"). */
  cutSelects: string[];
  /** Empty boxes whose hint (placeholder) is wider than the box, so its end is cut off (e.g. "…, balasan" without "…"). */
  cutPlaceholders: string[];
}

/** Nothing sticks out. */
export const FITS: Overflow = {
  pageScrollsSideways: false,
  contentScrollsSideways: false,
  outside: [],
  cutSelects: [],
  cutPlaceholders: [],
};

/**
 * Elements matching `selectors` that stick out of the window to the right, and whether the page or the content
 * area scrolls sideways. (Evaluated as a string: the node test project has no DOM types.)
 */
export function overflow(page: Page, selectors = 'button, a, input, select, h1'): Promise<Overflow> {
  return page.evaluate(`(() => {
    const root = document.scrollingElement;
    const content = document.querySelector('.content');
    const width = window.innerWidth;
    const outside = [...document.querySelectorAll(${JSON.stringify(selectors)})]
      .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.right > width + 0.5; })
      .map((el) => el.tagName + ' "' + (el.textContent || '').trim().slice(0, 30) + '"');
    // A drop-down shows its chosen option's text in its box, beside Chromium's 16 px arrow: measured in its own font.
    const ctx = document.createElement('canvas').getContext('2d');
    const cutSelects = [...document.querySelectorAll('select')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        const o = el.options[el.selectedIndex];
        if (r.width === 0 || !o) return false;
        const cs = getComputedStyle(el);
        ctx.font = cs.font;
        const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 16;
        return ctx.measureText(o.text).width > room + 0.5;
      })
      .map((el) => 'SELECT "' + el.options[el.selectedIndex].text.slice(0, 40) + '"');
    // An empty box shows its hint in its content box, in its own font; a search box keeps room for Chromium's clear
    // button (hidden, but laid out) beside it.
    const cutPlaceholders = [...document.querySelectorAll('input[placeholder]')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || el.value !== '' || !el.placeholder) return false;
        const cs = getComputedStyle(el);
        ctx.font = cs.font;
        const clear = el.type === 'search' ? 16 : 0;
        const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - clear;
        return ctx.measureText(el.placeholder).width > room + 0.5;
      })
      .map((el) => el.tagName + ' "' + el.placeholder.slice(0, 40) + '"');
    return {
      pageScrollsSideways: root.scrollWidth > root.clientWidth,
      contentScrollsSideways: content.scrollWidth > content.clientWidth,
      outside,
      cutSelects,
      cutPlaceholders,
    };
  })()`) as Promise<Overflow>;
}
