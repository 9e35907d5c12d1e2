import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startHeadless, type Headless } from '../../../electron/headless';
import type { Banner } from '../../../shared/dto';
import { freePort } from '../../helpers/child-host';
import { tempDir } from '../../helpers/tmp';
import { startOtomaxSim } from '../../sim/otomax/sim';
import type { OtomaxSim } from '../../sim/otomax/types';
import { simClient } from '../otomax/helpers';

const API_KEY = 'stability-api-key-0123456789';
const DATA_KEY = 'ab'.repeat(32);
const RESELLER = '6281234567890';

let sim: OtomaxSim | null = null;
let h: Headless | null = null;
const dirs: (() => void)[] = [];
afterEach(async () => {
  await h?.stop().catch(() => undefined);
  h = null;
  await sim?.close();
  sim = null;
  dirs.splice(0).forEach((c) => c());
});

async function waitFor(pred: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The headless host with NO keychain (secrets: null), as on a Windows server without a credential store. */
async function start(dir: string, port: number, env: Record<string, string>): Promise<Headless> {
  const host = await startHeadless({
    argv: [
      `--data-dir=${dir}`,
      '--host=127.0.0.1',
      `--port=${port}`,
      '--whatsapp=simulated',
      '--otomax-enabled=true',
      `--otomax-api-url=${sim!.url}`,
      '--otomax-app-id=APPID123',
      '--otomax-timeout-ms=2000',
      '--log-level=error',
    ],
    env: { JEMBATAN_API_KEY: API_KEY, OTOMAX_APP_KEY: 'appkey-secret', OTOMAX_DEV_KEY: 'devkey-secret', ...env },
    secrets: null,
    engine: { whatsapp: { pairDelayMs: 0 }, otomaxBackoffMs: [50, 100, 200] },
  });
  const s = await host.engine.api.invoke('session:get', undefined);
  if (s.ok && s.value.state !== 'open') await host.engine.api.invoke('pairing:start', { mode: 'qr' });
  await waitFor(async () => {
    const r = await host.engine.api.invoke('session:get', undefined);
    return r.ok && r.value.state === 'open';
  }, 'pairing');
  return host;
}

/** One outbox message from OtomaX, delivered to whatever callback it holds; resolves once acknowledged. */
async function outboxDelivered(text: string): Promise<void> {
  const row = sim!.pushOutbox({ penerima: RESELLER, pesan: text });
  await waitFor(() => row.acked, `outbox "${text}" acknowledged`);
}

const failedDeliveries = () => sim!.callbackDeliveries.filter((d) => !d.ok);
const setCalls = () => sim!.requests.filter((r) => r.method === 'SetOutboxCallback').length;
const banners = async (host: Headless): Promise<Banner['id'][]> => {
  const r = await host.engine.api.invoke('banners:get', undefined);
  return r.ok ? r.value.map((b) => b.id) : [];
};
const openHealth = async (host: Headless) => {
  const r = await request(`${host.url}/otomax/health`);
  return ((await r.body.json()) as { results: { parts: Record<string, string> } }).results;
};

describe('the callback URL without a keychain', () => {
  it('with JEMBATAN_DATA_KEY: registered once, restarted twice, every outbox message still delivered (0 answered 404)', async () => {
    sim = await startOtomaxSim({ callback: { delayMs: 0, retryMs: 100, maxTries: 50, timeoutMs: 2000 } });
    const t = tempDir('jembatan-cbstable-');
    dirs.push(t.cleanup);
    const port = await freePort();
    const env = { JEMBATAN_DATA_KEY: DATA_KEY };

    h = await start(t.dir, port, env);
    const registered = await h.engine.api.invoke('callback:register', undefined);
    expect(registered.ok).toBe(true);
    const url = registered.ok ? registered.value.url : '';
    await outboxDelivered('first run');
    expect(setCalls()).toBe(1);

    for (const run of ['second run', 'third run']) {
      await h.stop();
      h = await start(t.dir, port, env);
      const own = await h.engine.api.invoke('callback:get', undefined);
      expect(own.ok && own.value.url).toBe(url);
      await outboxDelivered(run);
      // OtomaX holds our URL: no banner, and the open health says the callback is up.
      await waitFor(async () => (await openHealth(h!)).parts.callback === 'up', 'callback checked');
      expect(await banners(h)).not.toContain('callback_mismatch');
    }
    // Nobody re-registered: the same URL simply kept working.
    expect(setCalls()).toBe(1);
    expect(failedDeliveries()).toEqual([]);
    expect(sim.callbackDeliveries.filter((d) => d.httpStatus === 404)).toHaveLength(0);
    // The secret is sealed in the database, not stored as plain text.
    const secret = url.split('/').pop() as string;
    await h.stop();
    h = null;
    const { readFileSync, readdirSync } = await import('node:fs');
    const files = readdirSync(t.dir).filter((f) => f.startsWith('jembatan.db'));
    for (const f of files) expect(readFileSync(`${t.dir}/${f}`).includes(secret)).toBe(false);
  }, 60_000);

  it('with neither keychain nor data key: the new URL is registered at every start, before anything asks for it', async () => {
    sim = await startOtomaxSim({ callback: { delayMs: 0, retryMs: 100, maxTries: 50, timeoutMs: 2000 } });
    const t = tempDir('jembatan-cbrun-');
    dirs.push(t.cleanup);
    const port = await freePort();
    h = await start(t.dir, port, {});
    await waitFor(() => sim!.callbackUrl !== null, 'registered at start');
    await outboxDelivered('first run');
    const first = sim.callbackUrl;
    await h.stop();
    h = await start(t.dir, port, {});
    await waitFor(() => sim!.callbackUrl !== first, 'the new URL registered at start');
    await outboxDelivered('second run');
    expect(sim.callbackDeliveries.filter((d) => d.httpStatus === 404)).toHaveLength(0);
  }, 60_000);
});

describe('OtomaX holding a callback URL that is not ours', () => {
  it('shows a banner at start (and /otomax/health says so); one click registers ours and clears it', async () => {
    sim = await startOtomaxSim({ callback: { delayMs: 0, retryMs: 100, maxTries: 50, timeoutMs: 2000 } });
    const t = tempDir('jembatan-cbforeign-');
    dirs.push(t.cleanup);
    const port = await freePort();
    // Another program (or an old install) took the callback before Jembatan started.
    await simClient(sim).setOutboxCallback('http://127.0.0.1:9/somewhere-else');

    h = await start(t.dir, port, { JEMBATAN_DATA_KEY: DATA_KEY });
    await waitFor(async () => (await banners(h!)).includes('callback_mismatch'), 'the mismatch banner');
    expect((await openHealth(h)).parts.callback).toBe('down');
    const full = await request(`${h.url}/otomax/health`, { headers: { authorization: `Bearer ${API_KEY}` } });
    const report = (await full.body.json()) as { results: { otomax: { callback: { state: string } } } };
    expect(report.results.otomax.callback.state).toBe('other');

    const changed: Banner['id'][][] = [];
    const off = h.engine.events.on('banners:changed', (b) => changed.push(b.map((x) => x.id)));
    const fix = await h.engine.api.invoke('callback:register', undefined);
    expect(fix.ok).toBe(true);
    off();
    expect(await banners(h)).not.toContain('callback_mismatch');
    expect(changed.at(-1)).not.toContain('callback_mismatch');
    expect((await openHealth(h)).parts.callback).toBe('up');
    await outboxDelivered('after the fix');

    // Changed again behind our back: the periodic check (and a settings save) finds it without a restart.
    await simClient(sim).setOutboxCallback('http://127.0.0.1:9/elsewhere-again');
    const saved = await h.engine.api.invoke('settings:save', { otomaxRetries: 1 });
    expect(saved.ok, JSON.stringify(saved)).toBe(true);
    await waitFor(async () => (await banners(h!)).includes('callback_mismatch'), 'the banner after a settings save');
  }, 60_000);
});
