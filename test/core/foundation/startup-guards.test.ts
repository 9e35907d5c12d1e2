import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../../electron/core/db/folder-lock';
import { startChildHost } from '../../helpers/child-host';
import { tempDir } from '../../helpers/tmp';

const t = tempDir('jembatan-guards-');
afterAll(() => t.cleanup());

const ENV = { JEMBATAN_API_KEY: 'k-0123456789abcdef', JEMBATAN_KEYCHAIN_SERVICE: 'JembatanGuardsTest' };

function runHeadless(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'electron/headless.ts', ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...ENV, ...env },
  });
}

describe('start-up guards (real child processes)', () => {
  it('a malformed JEMBATAN_DATA_KEY stops start-up: exit 2, one line naming it and the expected form', () => {
    const dir = join(t.dir, 'bad-key');
    const r = runHeadless([`--data-dir=${dir}`, '--port=0', '--whatsapp=simulated'], { JEMBATAN_DATA_KEY: 'abcd' });
    expect(r.status, r.stdout + r.stderr).toBe(2);
    expect(r.stderr.trim()).toBe(
      'jembatan: JEMBATAN_DATA_KEY: expected 32 bytes as 64 hex or 44 base64 characters, got 4 characters',
    );
    expect(r.stdout).not.toContain('Jembatan is running');
    // Nothing of the data folder was touched, and the value (a secret) is never echoed.
    expect(existsSync(join(dir, 'jembatan.db'))).toBe(false);
    expect(r.stderr).not.toContain('abcd');
  }, 40_000);

  it('a second copy on the same data folder exits 2 naming the holder; the folder is free once the first stops', async () => {
    const dir = join(t.dir, 'two');
    const first = await startChildHost([`--data-dir=${dir}`, '--port=0', '--whatsapp=simulated'], ENV);
    try {
      const second = runHeadless([`--data-dir=${dir}`, '--port=0', '--whatsapp=simulated'], {});
      expect(second.status, second.stdout + second.stderr).toBe(2);
      const line = second.stderr.trim();
      expect(line.split('\n')).toHaveLength(1);
      expect(line).toMatch(
        new RegExp(
          `^jembatan: the data folder .* is in use by another Jembatan: process ${first.proc.pid} \\(headless, started \\d{4}-\\d\\d-\\d\\dT`,
        ),
      );
      expect(second.stdout).not.toContain('Jembatan is running');
      // The first copy is untouched by the attempt.
      const health = await request(`${first.url}/otomax/health`);
      expect(health.statusCode).toBe(200);
      await health.body.dump();
    } finally {
      first.proc.kill('SIGTERM');
      expect((await first.exited).code).toBe(0);
    }
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const again = await startChildHost([`--data-dir=${dir}`, '--port=0', '--whatsapp=simulated'], ENV);
    again.proc.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
  }, 90_000);

  it('a lock left by a killed process (SIGKILL) or by a boot before a power cut does not block the next start', async () => {
    const dir = join(t.dir, 'killed');
    const first = await startChildHost([`--data-dir=${dir}`, '--port=0', '--whatsapp=simulated'], ENV);
    first.proc.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    const next = await startChildHost([`--data-dir=${dir}`, '--port=0', '--whatsapp=simulated'], ENV);
    const held = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as { pid: number };
    expect(held.pid).toBe(next.proc.pid);
    next.proc.kill('SIGKILL');
    await next.exited;
    // Power cut: the lock names a pid that is alive now (this test runner), but was written before the last boot.
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, startedAt: 1_000, host: 'headless' }));
    const after = await startChildHost([`--data-dir=${dir}`, '--port=0', '--whatsapp=simulated'], ENV);
    after.proc.kill('SIGTERM');
    const ended = await after.exited;
    expect(ended.code, `${ended.signal} ${after.output()}`).toBe(0);
  }, 90_000);
});
