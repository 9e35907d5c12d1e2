/**
 * A child process for the memory trim test: a burst of allocation grows V8's young generation to its largest and
 * leaves dead objects in the old one (as a flood of messages does), then the process goes quiet. With `trim` it runs
 * the engine's memory trim (looking every second); it prints V8's committed heap and the young generation right
 * after the burst and after `QUIET_MS` of quiet, in MB.
 */
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { silentLogger } from '../../electron/core/kernel/logger';
import { startMemoryTrim } from '../../electron/core/kernel/memory-trim';

const QUIET_MS = 12_000;
const MB = 1048576;
const newSpace = () => (getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? NaN) / MB;
const heap = () => getHeapStatistics().total_heap_size / MB;

const stop =
  process.argv[2] === 'trim'
    ? startMemoryTrim({ log: silentLogger(), intervalMs: 1000, quietLooks: 8, growthBytes: 4 * MB })
    : () => undefined;
const ring: unknown[] = new Array(50_000);
for (let i = 0; i < 1_000_000; i++) ring[i % ring.length] = { i, a: [i, i + 1], s: `burst-${i}` };
const burst = { newSpaceMb: newSpace(), heapMb: heap() };
await new Promise((r) => setTimeout(r, QUIET_MS));
const quiet = { newSpaceMb: newSpace(), heapMb: heap() };
stop();
process.stdout.write(`${JSON.stringify({ burst, quiet, kept: ring.length })}\n`);
