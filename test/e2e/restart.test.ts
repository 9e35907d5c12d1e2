import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless, type Headless } from '../../electron/headless';
import { createMemorySecretStore } from '../../electron/core/secrets/memory-store';
import type { SecretStore } from '../../electron/core/secrets/secret-store';
import { tempDir } from '../helpers/tmp';
import { CHROMIUM_ARGS, RENDERER_DIR } from './harness';
import { TEXTS } from './texts';

const { id } = TEXTS;

const tmp = tempDir('jembatan-restart-');
let browser: Browser;
let page: Page;
let host: Headless | null = null;
const pageErrors: string[] = [];

/** The same installation (data folder, keychain) each time; the port is fixed after the first start. */
const start = (port: number, secrets: SecretStore) =>
  startHeadless({
    argv: [`--data-dir=${tmp.dir}`, '--host=127.0.0.1', `--port=${port}`, '--whatsapp=simulated', '--log-level=warn'],
    env: {},
    rendererDir: RENDERER_DIR,
    secrets,
    engine: { whatsapp: { pairDelayMs: 300 } },
  });

const bar = () => page.locator('.connection-bar');
const sessionOpen = () => page.locator('[data-testid="session-state"][data-state="open"]');

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'id-ID' });
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await host?.stop().catch(() => undefined);
  tmp.cleanup();
});

describe('an open window across host restarts', () => {
  const keychain = createMemorySecretStore({ 'api.key': 'restart-api-key-0123456789' });

  it('reconnects by itself after a restart of the same installation and shows one fresh state', async () => {
    host = await start(0, keychain);
    const port = Number(new URL(host.url).port);
    const firstUrl = host.uiUrl;
    await page.goto(firstUrl);
    await page.getByRole('link', { name: id.nav.pairing, exact: true }).click();
    await sessionOpen().waitFor({ timeout: 15_000 });

    await host.stop();
    host = null;
    await bar().waitFor({ timeout: 10_000 });

    host = await start(port, keychain);
    // Same key, same address: the tab needs no new link.
    expect(host.uiUrl).toBe(firstUrl);
    await bar().waitFor({ state: 'detached', timeout: 30_000 });
    await sessionOpen().waitFor({ timeout: 15_000 });
    // One state, not four: no link warning, no stale "no access" page, the session as the new host has it.
    expect(await page.locator('.no-access').count()).toBe(0);
    expect(await page.getByTestId('session-state').count()).toBe(1);
  });

  it('shows one clear page when the restarted host no longer takes the address (another API key)', async () => {
    const port = Number(new URL((host as Headless).url).port);
    await (host as Headless).stop();
    host = await start(port, createMemorySecretStore({ 'api.key': 'another-api-key-abcdefghijkl' }));
    await page.getByRole('heading', { level: 1, name: id.conn.staleTitle }).waitFor({ timeout: 30_000 });
    expect(await bar().count()).toBe(0);
  });

  it('ran without an uncaught error in the window', () => {
    expect(pageErrors).toEqual([]);
  });
});
