import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { startChildHost } from '../../helpers/child-host';
import { tempDir } from '../../helpers/tmp';

const t = tempDir('jembatan-headless-');
afterAll(() => t.cleanup());

describe('headless host (a real child process)', () => {
  it('starts, answers /otomax/health, writes its log file, and stops cleanly on SIGINT and SIGTERM', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const host = await startChildHost([`--data-dir=${t.dir}`, '--port=0', '--whatsapp=simulated'], {
        JEMBATAN_API_KEY: 'k-0123456789abcdef',
        OTOMAX_APP_KEY: 'super-secret-app-key',
        JEMBATAN_KEYCHAIN_SERVICE: 'JembatanHeadlessTest',
      });
      expect(host.output()).toMatch(/Open the window: http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}/);
      // Without the API key: only whether things are up (no paths, versions or error texts).
      const open = await request(`${host.url}/otomax/health`);
      const openBody = (await open.body.json()) as { code: number; results: Record<string, unknown> };
      expect(open.statusCode).toBe(200);
      expect(openBody.results).toEqual({
        status: 'ready',
        parts: { whatsapp: 'down', otomax: 'off', callback: 'off', keychain: expect.stringMatching(/^(up|down)$/) },
      });
      expect(JSON.stringify(openBody)).not.toContain(t.dir);
      // With it: the full report.
      const res = await request(`${host.url}/otomax/health`, {
        headers: { authorization: 'Bearer k-0123456789abcdef' },
      });
      const body = (await res.body.json()) as { code: number; results: Record<string, unknown> };
      expect(res.statusCode).toBe(200);
      expect(body.code).toBe(200);
      expect(body.results).toMatchObject({
        status: 'ready',
        host: 'headless',
        database: { path: join(t.dir, 'jembatan.db') },
        whatsapp: { mode: 'simulated' },
        versions: { node: process.versions.node, baileys: '7.0.0-rc14' },
      });
      expect(typeof (body.results.keychain as { available: boolean }).available).toBe('boolean');
      // The API key guards everything else.
      const denied = await request(`${host.url}/otomax/get-callback`);
      expect(denied.statusCode).toBe(401);
      await denied.body.dump();
      host.proc.kill(signal);
      const { code } = await host.exited;
      expect(code, `${signal}\n${host.output()}`).toBe(0);
      expect(host.output()).toContain(`${signal}: stopping`);
    }
    // Closed cleanly: the WAL was checkpointed and the database opens without recovery work.
    expect(existsSync(join(t.dir, 'jembatan.db-wal'))).toBe(false);
    const db = new Database(join(t.dir, 'jembatan.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    // A rotating log file in the data folder, with no secret in it.
    const logs = readdirSync(join(t.dir, 'logs'));
    expect(logs.length).toBeGreaterThan(0);
    const text = logs.map((f) => readFileSync(join(t.dir, 'logs', f), 'utf8')).join('');
    expect(text).toContain('engine ready');
    expect(text).not.toContain('super-secret-app-key');
    expect(text).not.toContain('k-0123456789abcdef');
  }, 90_000);

  it('a bad value stops start-up with one line naming it', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'electron/headless.ts', `--data-dir=${t.dir}`, '--port=nope'],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('jembatan: --port: expected a port number 0 to 65535, got "nope"');
    const unknown = spawnSync(process.execPath, ['--import', 'tsx', 'electron/headless.ts', '--otomax-url=x'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.trim()).toMatch(/^jembatan: unknown flag --otomax-url/);
    const env = spawnSync(process.execPath, ['--import', 'tsx', 'electron/headless.ts'], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, OTOMAX_API_URL: 'localhost', JEMBATAN_DATA_DIR: t.dir },
    });
    expect(env.status).toBe(2);
    expect(env.stderr.trim()).toMatch(/^jembatan: OTOMAX_API_URL: expected a URL/);
  }, 60_000);
});
