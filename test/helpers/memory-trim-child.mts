/**
 * A child process for the memory trim test: a burst of allocation grows V8's young generation to its largest and
 * leaves dead objects in the old one (as a flood of messages does), then the process goes quiet while the engine's
 * memory trim looks every second. It prints V8's committed heap and the young generation right after the burst and
 * once the trim ran (or TRIM_WAIT_MS passed), in MB, and whether the trim ran.
 */
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { silentLogger } from '../../electron/core/kernel/logger';
import { fullCollection, startMemoryTrim } from '../../electron/core/kernel/memory-trim';

/** A loaded machine delays the trim's looks (each a timer): wait for the trim itself, not for a fixed time. */
const TRIM_WAIT_MS = 40_000;
const MB = 1048576;
const newSpace = () => (getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? NaN) / MB;
const heap = () => getHeapStatistics().total_heap_size / MB;

let trimmedAt = 0;
const gc = fullCollection();
const stop = startMemoryTrim({
  log: silentLogger(),
  intervalMs: 1000,
  quietLooks: 8,
  growthBytes: 4 * MB,
  // The real full collection, noted when it runs.
  collect: () => {
    gc();
    trimmedAt = performance.now();
  },
});
const ring: unknown[] = new Array(50_000);
for (let i = 0; i < 1_000_000; i++) ring[i % ring.length] = { i, a: [i, i + 1], s: `burst-${i}` };
const burst = { newSpaceMb: newSpace(), heapMb: heap() };
const until = performance.now() + TRIM_WAIT_MS;
while (!trimmedAt && performance.now() < until) await new Promise((r) => setTimeout(r, 100));
// V8 gives the pages back right after the collection; a moment for the process to settle.
await new Promise((r) => setTimeout(r, 500));
const quiet = { newSpaceMb: newSpace(), heapMb: heap() };
stop();
process.stdout.write(`${JSON.stringify({ burst, quiet, trimmed: trimmedAt > 0, kept: ring.length })}\n`);
