import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/**
 * The young generation's ceiling, both semi-spaces together, in bytes. V8 doubles it (1, 2, 4, 8, 16 MB a
 * semi-space on 64-bit) while many objects survive its scavenges, up to 32 MB, and under a flood of messages every
 * page of both is touched: 32 MB of the engine's RSS. At 16 MB a flood ends about 16 MB lower (built headless, 5,000
 * messages: 128 MB at the drain instead of 144-165) for twice the scavenges of half the size; the engine's CPU per
 * message stayed within the noise of a shared machine (docs/memory.md).
 */
export const YOUNG_GENERATION_CAP = 16 * 1048576;

const newSpaceBytes = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;

/**
 * Keeps the young generation at or under `cap` from JS, in Node and Electron's main process alike. Its largest size
 * (--max-semi-space-size) is fixed when V8 starts, from the command line, which neither host controls; what V8 reads
 * at each growth is `--semi-space-growth-factor`. After every collection (a `gc` performance entry) the factor is 1
 * (no growth) once the young generation is at the cap and 2 (V8's default) below it, so it can grow back after the
 * memory trim shrank it (memory-trim.ts). A growth that happens before the observer runs (several collections in
 * one long synchronous stretch, as at start) can overshoot once; the next trim brings it down. Returns the function
 * that stops it.
 */
export function startYoungGenerationCap(
  cap = YOUNG_GENERATION_CAP,
  size: () => number = newSpaceBytes,
  setFlags: (flags: string) => void = setFlagsFromString,
): () => void {
  let factor = 0;
  const check = () => {
    const wanted = size() >= cap ? 1 : 2;
    if (wanted === factor) return;
    setFlags(`--semi-space-growth-factor=${wanted}`);
    factor = wanted;
  };
  check();
  const observer = new PerformanceObserver(check);
  observer.observe({ entryTypes: ['gc'] });
  return () => {
    observer.disconnect();
    setFlags('--semi-space-growth-factor=2');
  };
}
