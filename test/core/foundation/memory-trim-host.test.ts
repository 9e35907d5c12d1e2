import { afterAll, describe, expect, it } from 'vitest';
import { startChildHost } from '../../helpers/child-host';
import { tempDir } from '../../helpers/tmp';

const t = tempDir('jembatan-trim-host-');
afterAll(() => t.cleanup());

interface Line {
  msg?: string;
  time?: number;
  heapBeforeMb?: number;
  heapAfterMb?: number;
  spaces?: Record<string, number>;
}

const lines = (output: string): Line[] =>
  output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line);

describe('the headless host gives back what its start grew once it is quiet (a real child process)', () => {
  it('trims once quiet after start: a debug line, then the young generation back near 1 MB', async () => {
    const host = await startChildHost(
      [`--data-dir=${t.dir}`, '--port=0', '--whatsapp=simulated', '--log-level=debug'],
      {
        JEMBATAN_API_KEY: 'k-0123456789abcdef',
        JEMBATAN_KEYCHAIN_SERVICE: 'JembatanTrimHostTest',
        JEMBATAN_DEBUG_MEMORY: '1',
      },
    );
    try {
      // Three quiet looks 2.5 s apart after start, then the next memory report: bounded at 30 s.
      const until = Date.now() + 30_000;
      let trimmed: Line | undefined;
      let after: Line | undefined;
      while (Date.now() < until && !after) {
        await new Promise((r) => setTimeout(r, 250));
        const all = lines(host.output());
        trimmed = all.find((l) => l.msg === 'memory trimmed after a busy spell');
        if (trimmed) after = all.find((l) => l.msg === 'memory' && (l.time ?? 0) > (trimmed?.time ?? Infinity));
      }
      expect(trimmed, host.output()).toBeDefined();
      expect(trimmed?.heapAfterMb).toBeLessThan(trimmed?.heapBeforeMb ?? 0);
      expect(after?.spaces?.new_space).toBeLessThanOrEqual(4);
    } finally {
      host.proc.kill('SIGTERM');
      await host.exited;
    }
  }, 60_000);
});
