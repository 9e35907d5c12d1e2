import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRootLogger } from '../../../electron/core/kernel/logger';
import { tempDir } from '../../helpers/tmp';

/** A descriptor number nothing has open: no stdout, the file log alone. */
const CLOSED_FD = 987;

function logFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .sort();
}

/** Worker threads of this process (each one a V8 isolate of its own). */
function workerCount(): number {
  return (process.report.getReport() as { workers: unknown[] }).workers.length;
}

describe('the file log', () => {
  it('is written from this thread: opening it starts no worker (a second V8 isolate, ~18 MB)', async () => {
    const { dir, cleanup } = tempDir('jembatan-log-');
    const before = workerCount();
    const root = openRootLogger({ logDir: dir, stdoutFd: CLOSED_FD });
    root.log.info('one line');
    await new Promise((r) => setTimeout(r, 200));
    expect(workerCount()).toBe(before);
    await root.close();
    expect(readFileSync(join(dir, logFiles(dir)[0] as string), 'utf8')).toContain('one line');
    cleanup();
  });

  it('keeps the lines written while it opens, in order, and every line up to close()', async () => {
    const { dir, cleanup } = tempDir('jembatan-log-');
    const root = openRootLogger({ logDir: dir, stdoutFd: CLOSED_FD });
    for (let i = 0; i < 2000; i++) root.log.info({ i }, 'line');
    await root.close();
    const numbers = readFileSync(join(dir, logFiles(dir)[0] as string), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { i: number }).i);
    expect(numbers).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    cleanup();
  });

  it('still rolls to a new file past 10 MB', async () => {
    const { dir, cleanup } = tempDir('jembatan-log-');
    const root = openRootLogger({ logDir: dir, stdoutFd: CLOSED_FD });
    const text = 'x'.repeat(1000);
    // 11,000 lines of about 1.1 KB: past 10 MB once, bounded. The file rolls once its writes have caught up (the
    // stream's 'drain'), as between the bursts of a running engine: a pause every 500 lines lets them.
    for (let i = 0; i < 11_000; i++) {
      root.log.info({ i, text }, 'filler');
      if (i % 500 === 499) await new Promise((r) => setTimeout(r, 20));
    }
    await root.close();
    const files = logFiles(dir);
    expect(files.length).toBe(2);
    const all = files.map((f) => readFileSync(join(dir, f), 'utf8')).join('');
    expect(all.match(/"filler"/g)).toHaveLength(11_000);
    cleanup();
  });

  it('a process.exit() right after a burst of lines still has them all in the file', () => {
    const { dir, cleanup } = tempDir('jembatan-log-');
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'test/helpers/logger-exit-child.mts', dir], {
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(child.status).toBe(0);
    const text = logFiles(dir)
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('');
    expect(text).toContain('opened');
    expect(text.match(/just before exit/g)).toHaveLength(200);
    cleanup();
  });
});
