import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tmp';

describe('closing the file log', () => {
  it('returns when nothing else keeps the process alive, and the last line is in the file', () => {
    // Before, the fallback timer was unreferenced: Node found nothing pending, exited with code 13 in the middle
    // of close(), and engine.stop() never returned (seen at the end of a headless host's shutdown).
    const { dir, cleanup } = tempDir();
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'test/helpers/logger-close-child.mts', dir], {
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(child.status).toBe(0);
    expect(child.stdout).toBe('closed\n');
    const files = readdirSync(dir).filter((f) => f.endsWith('.log'));
    const text = files.map((f) => readFileSync(join(dir, f), 'utf8')).join('');
    expect(text).toContain('a line before closing');
    cleanup();
  });
});
