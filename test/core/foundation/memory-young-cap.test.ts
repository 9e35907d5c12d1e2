import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fullCollection } from '../../../electron/core/kernel/memory-trim';
import { startYoungGenerationCap } from '../../../electron/core/kernel/memory-young-cap';

const MB = 1048576;

/** The largest young generation the child of test/helpers/young-cap-child.mts saw, in MB. */
function largestYoungMb(mode: 'cap' | 'plain'): number {
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'test/helpers/young-cap-child.mts', mode], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(child.status, child.stderr).toBe(0);
  return (JSON.parse(child.stdout) as { largestMb: number }).largestMb;
}

describe('the young generation cap', () => {
  it('after each collection: no growth at the cap, V8’s doubling below it (after the trim shrank it); stop restores the default', async () => {
    let size = 2 * MB;
    const flags: string[] = [];
    const stop = startYoungGenerationCap(
      16 * MB,
      () => size,
      (f) => flags.push(f),
    );
    expect(flags).toEqual(['--semi-space-growth-factor=2']);
    const gc = fullCollection();
    /** A real collection, then the observer's turn (its entries arrive asynchronously), bounded at 2 s. */
    const collectedUntil = async (count: number) => {
      gc();
      const until = Date.now() + 2000;
      while (flags.length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    };
    size = 16 * MB;
    await collectedUntil(2);
    expect(flags).toEqual(['--semi-space-growth-factor=2', '--semi-space-growth-factor=1']);
    // Unchanged: no flag set again.
    await collectedUntil(3);
    expect(flags).toHaveLength(2);
    size = MB;
    await collectedUntil(3);
    expect(flags.at(-1)).toBe('--semi-space-growth-factor=2');
    stop();
    expect(flags.at(-1)).toBe('--semi-space-growth-factor=2');
    size = 32 * MB;
    await collectedUntil(5);
    expect(flags).toHaveLength(4);
  });

  it('real V8: a workload that grows the young generation to 32 MB stays at 16 MB with the cap', () => {
    const plain = largestYoungMb('plain');
    const capped = largestYoungMb('cap');
    expect(plain).toBeGreaterThan(16);
    expect(capped).toBeLessThanOrEqual(16);
  }, 120_000);
});
