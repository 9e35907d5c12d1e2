/**
 * The window's rows: Debian's Chromium on the window the headless host serves (the e2e harness). 200 messages a
 * second into the open live flow for a bounded time, the longest task the page ran (a PerformanceObserver on
 * 'longtask': a task over 50 ms is one the owner feels), and the live flow opened on the 1 M-message log.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startHeadless } from '../../electron/headless';
import { createMemorySecretStore } from '../../electron/core/secrets/memory-store';
import { CHROMIUM_ARGS, RENDERER_DIR, startHarness } from '../e2e/harness';
import { TEXTS } from '../e2e/texts';
import { tempDir } from '../helpers/tmp';
import { atMost, type BenchRow } from './rows';

const FLOW_LINK = TEXTS.id.nav.flow;
const STATUS_LINK = TEXTS.id.nav.status;

/** Installed in the page: the longest long task seen since, and how many there were. */
const OBSERVE_LONG_TASKS = `(() => {
  window.__longTasks = { max: 0, count: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      window.__longTasks.max = Math.max(window.__longTasks.max, e.duration);
      window.__longTasks.count++;
    }
  }).observe({ type: 'longtask' });
})()`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(pred: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** `rate` messages a second for `seconds` into the open live flow; the longest task the window ran meanwhile. */
export async function liveFlowRow(o: { rate: number; seconds: number }): Promise<BenchRow> {
  const x = await startHarness({ pairDelayMs: 0 });
  try {
    const { page } = x;
    await page.goto(x.h.uiUrl);
    await page.getByRole('link', { name: FLOW_LINK, exact: true }).click();
    // The simulated phone is paired once a message is delivered (not held): wait for the first one on screen.
    await until(
      async () =>
        (await x.incoming({ from: '6281200000000', text: 'WARM' })) === 200 &&
        (await page.locator('[data-row-id]').count()) > 0,
      20_000,
      'the first row in the live flow',
    );
    await page.evaluate(OBSERVE_LONG_TASKS);
    const n = o.rate * o.seconds;
    const gap = 1000 / o.rate;
    const t0 = performance.now();
    const sent: Promise<number>[] = [];
    for (let i = 0; i < n; i++) {
      const wait = t0 + i * gap - performance.now();
      if (wait > 1) await sleep(wait);
      sent.push(x.incoming({ from: `62812${String(i % 500).padStart(8, '0')}`, text: `BENCH ${i}` }));
    }
    const codes = await Promise.all(sent);
    const took = (performance.now() - t0) / 1000;
    // Let the last events reach the window and render.
    await sleep(1500);
    const lt = (await page.evaluate('({ ...window.__longTasks })')) as { max: number; count: number };
    const shown = await page.getByTestId('flow-count').textContent();
    // The observer must see a task it is shown: a 120 ms task of our own, after the measure.
    await page.evaluate(
      'setTimeout(() => { const end = performance.now() + 120; while (performance.now() < end); }, 0)',
    );
    await sleep(500);
    const check = (await page.evaluate('window.__longTasks')) as { max: number; count: number };
    if (check.max < 100) throw new Error('the long-task observer did not see a 120 ms task: not measured');
    const refused = codes.filter((c) => c !== 200).length;
    return atMost(`window: longest task, ${o.rate} msg/s into the live flow for ${o.seconds} s`, lt.max, 'ms', 50, {
      note: `${lt.count} long tasks; ${n} messages offered in ${took.toFixed(1)} s, ${refused} refused; the flow said "${shown?.trim() ?? ''}"`,
    });
  } finally {
    await x.stop();
  }
}

/**
 * The live flow opened in the window on a copy of the cached 1 M-message log: from the click on "Alur pesan" to
 * its first row on screen, the median of `runs` opens (the Dasbor in between).
 */
export async function bigLogPageRow(o: { cacheDb: string; runs: number }): Promise<BenchRow> {
  if (!existsSync(o.cacheDb)) throw new Error(`no cached log at ${o.cacheDb}: run the log section first`);
  const tmp = tempDir('jembatan-bench-window-');
  copyFileSync(o.cacheDb, join(tmp.dir, 'jembatan.db'));
  const h = await startHeadless({
    argv: [`--data-dir=${tmp.dir}`, '--host=127.0.0.1', '--port=0', '--whatsapp=simulated', '--log-level=warn'],
    env: {},
    rendererDir: RENDERER_DIR,
    secrets: createMemorySecretStore({ 'api.key': 'bench-api-key-0123456789abcdef' }),
    engine: { whatsapp: { pairDelayMs: 0 } },
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await (
      await browser.newContext({ viewport: { width: 1024, height: 640 }, locale: 'id-ID' })
    ).newPage();
    await page.goto(h.uiUrl);
    await page.getByRole('link', { name: FLOW_LINK, exact: true }).waitFor({ timeout: 20_000 });
    const times: number[] = [];
    for (let i = 0; i < o.runs; i++) {
      const ms = (await page.evaluate(`new Promise((resolve, reject) => {
        const link = [...document.querySelectorAll('a')].find((a) => a.textContent.trim() === ${JSON.stringify(FLOW_LINK)});
        if (!link) return reject(new Error('no flow link'));
        const t0 = performance.now();
        link.click();
        const check = () => {
          if (document.querySelector('[data-row-id]')) return resolve(performance.now() - t0);
          if (performance.now() - t0 > 10000) return reject(new Error('no row within 10 s'));
          requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      })`)) as number;
      times.push(ms);
      // Away to the first page and back next time: the flow opens from scratch.
      await page.getByRole('link', { name: STATUS_LINK, exact: true }).click();
      await until(async () => (await page.locator('[data-row-id]').count()) === 0, 10_000, 'the flow closed');
    }
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] as number;
    return atMost('window: live flow opens on the 1M log (to its first row)', median, 'ms', 100, {
      note: `median of ${o.runs} opens; all: ${times.map((t) => t.toFixed(0)).join(', ')} ms`,
    });
  } finally {
    await browser.close().catch(() => undefined);
    await h.stop().catch(() => undefined);
    tmp.cleanup();
  }
}
