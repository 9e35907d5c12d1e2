import { afterAll, describe, expect, it } from 'vitest';
import { startChildHost } from '../../helpers/child-host';
import { tempDir } from '../../helpers/tmp';

const t = tempDir('jembatan-trim-host-');
afterAll(() => t.cleanup());

interface Line {
  msg?: string;
  time?: number;
}

const lines = (output: string): Line[] =>
  output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line);

describe('the headless host gives back what its start grew once it is quiet (a real child process)', () => {
  it('trims once quiet after start: a debug line, then a memory report after it', async () => {
    const host = await startChildHost(
      [`--data-dir=${t.dir}`, '--port=0', '--whatsapp=simulated', '--log-level=debug'],
      {
        JEMBATAN_API_KEY: 'k-0123456789abcdef',
        JEMBATAN_KEYCHAIN_SERVICE: 'JembatanTrimHostTest',
        JEMBATAN_DEBUG_MEMORY: '1',
      },
    );
    try {
      // A scavenge at the first quiet look, the trim three looks (7.5 s) later, then a memory report: 10-30 s alone.
      // "Quiet" is the child's event loop under 1 % busy, and with the suite's other files on both cores its timers'
      // few milliseconds stretch past that for a while (this failed at 45 s in 3 of 4 full local runs, load 2-7,
      // and passed alone in 29 s): bounded at 100 s.
      const until = Date.now() + 100_000;
      let trimmed: Line | undefined;
      let after: Line | undefined;
      while (Date.now() < until && !after) {
        await new Promise((r) => setTimeout(r, 250));
        const all = lines(host.output());
        trimmed = all.find((l) => l.msg === 'memory trimmed after a busy spell');
        if (trimmed) after = all.find((l) => l.msg === 'memory' && (l.time ?? 0) > (trimmed?.time ?? Infinity));
      }
      expect(trimmed, host.output()).toBeDefined();
      // What comes back is V8's call (it shrinks the young generation when it saw little allocation): alone this
      // host's young generation went back to 1 MB; with the machine's cores busy it once stayed at 16 MB. The
      // shrink itself is shown by memory-trim.test.ts on a burst and by the engine bench row.
      expect(after, host.output()).toBeDefined();
    } finally {
      host.proc.kill('SIGTERM');
      await host.exited;
    }
  }, 130_000);
});
