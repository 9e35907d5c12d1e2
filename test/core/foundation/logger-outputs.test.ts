import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hasStdout, LOG_AFTER_CLOSE, openRootLogger } from '../../../electron/core/kernel/logger';

/** A descriptor number nothing has open: what a GUI app started from a Windows shortcut has for stdout. */
const CLOSED_FD = 987;

function logText(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('');
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('root logger outputs', () => {
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => uncaught.push(e);
  afterEach(() => {
    process.off('uncaughtException', onUncaught);
    uncaught.length = 0;
  });

  it('knows when there is no stdout', () => {
    expect(hasStdout(1)).toBe(true);
    expect(hasStdout(CLOSED_FD)).toBe(false);
  });

  it('without a stdout writes the file only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jembatan-log-'));
    const root = openRootLogger({ logDir: dir, stdoutFd: CLOSED_FD });
    root.log.info('first line');
    await root.close();
    expect(logText(dir)).toContain('first line');
  });

  it('a stdout that fails (EBADF) switches itself off; the file log goes on and nothing throws', async () => {
    process.on('uncaughtException', onUncaught);
    const dir = mkdtempSync(join(tmpdir(), 'jembatan-log-'));
    const root = openRootLogger({ logDir: dir, stdout: true, stdoutFd: CLOSED_FD });
    root.log.info('before the failure');
    await until(() => logText(dir).includes('log output stdout failed'));
    for (let i = 0; i < 5; i++) root.log.info({ i }, 'after the failure');
    await root.close();
    const text = logText(dir);
    expect(text).toContain('before the failure');
    expect(text.match(/after the failure/g)).toHaveLength(5);
    expect(uncaught).toEqual([]);
  });

  it('a line after close is dropped with one warning, never thrown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jembatan-log-'));
    const root = openRootLogger({ logDir: dir, stdoutFd: CLOSED_FD });
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const emit = vi.spyOn(process, 'emitWarning');
    try {
      root.log.info('kept');
      await root.close();
      expect(() => root.log.info('too late')).not.toThrow();
      expect(() => root.log.warn('later still')).not.toThrow();
      expect(emit).toHaveBeenCalledTimes(1);
      expect(emit.mock.calls[0]?.[1]).toMatchObject({ code: LOG_AFTER_CLOSE });
      expect(String(emit.mock.calls[0]?.[0])).toContain('too late');
      expect(logText(dir)).toContain('kept');
      expect(logText(dir)).not.toContain('too late');
    } finally {
      emit.mockRestore();
      process.off('warning', onWarning);
    }
  });
});
