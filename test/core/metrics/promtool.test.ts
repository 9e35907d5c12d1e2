import { spawnSync } from 'node:child_process';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY, startEnv, type Env } from '../../helpers/engine-env';

let env: Env | null = null;
afterEach(async () => {
  await env?.stop();
  env = null;
});

const RESELLER = '6281234567890';

async function post(url: string, body: string) {
  const r = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  await r.body.dump();
  return r.statusCode;
}

async function scrape(e: Env): Promise<string> {
  const res = await request(`${e.h.url}/metrics`, { headers: { authorization: `Bearer ${API_KEY}` } });
  expect(res.statusCode).toBe(200);
  return res.body.text();
}

describe('/metrics', () => {
  it('counts refused callbacks by status, times every OtomaX method, has Node metrics, and promtool finds it clean', async () => {
    env = await startEnv();
    const cb = await env.h.engine.api.invoke('callback:get', undefined);
    if (!cb.ok) throw new Error(cb.error.message);
    const url = cb.value.url;
    const base = url.replace(/\/[^/]+$/, '');
    const good = (kode: number) => JSON.stringify({ kode, penerima: RESELLER, pesan: `pesan ${kode}` });
    expect(await post(`${base}/not-the-secret-at-all`, good(1))).toBe(404);
    expect(await post(`${url}?token=forged`, good(2))).toBe(401);
    expect(await post(url, '{"kode": 3,')).toBe(400);
    expect(await post(url, JSON.stringify({ kode: 4, penerima: RESELLER, pesan: 'x'.repeat(2 * 1024 * 1024) }))).toBe(
      413,
    );
    expect(await post(url, good(5))).toBe(200);
    await env.incoming({ from: RESELLER, text: 'SAL.1234', id: 'PM1' });
    await env.waitFor(
      () => env!.sim.requests.some((r) => r.method === 'UpdateStatusOutbox'),
      5000,
      'the status report',
    );
    await env.waitFor(() => env!.sim.inbox.length === 1, 5000, 'InsertInbox');

    const text = await scrape(env);
    for (const status of ['400', '401', '404', '413'])
      expect(text).toMatch(new RegExp(`^jembatan_callbacks_refused_total\\{status="${status}"\\} 1$`, 'm'));
    for (const method of ['InsertInbox', 'UpdateStatusOutbox', 'SetOutboxCallback'])
      expect(text).toMatch(
        new RegExp(`^jembatan_otomax_request_duration_seconds_count\\{method="${method}",outcome="\\w+"\\} [1-9]`, 'm'),
      );
    for (const outcome of ['sent', 'failed', 'rate_limited'])
      expect(text).toMatch(new RegExp(`^jembatan_qontak_sends_total\\{outcome="${outcome}"\\} 0$`, 'm'));
    expect(text).toMatch(/^jembatan_process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^jembatan_nodejs_eventloop_lag_seconds \d/m);
    expect(text).toMatch(/^jembatan_process_resident_memory_bytes \d/m);

    // Installed by .ci/run (Debian's prometheus package); the test must not pass by skipping.
    const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 20_000 });
    expect(r.error, 'promtool must be installed (apt-get install prometheus)').toBeUndefined();
    expect({ status: r.status, out: `${r.stdout}${r.stderr}`.trim() }).toEqual({ status: 0, out: '' });
  });
});
