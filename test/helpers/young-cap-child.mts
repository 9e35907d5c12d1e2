/**
 * A child process for the young generation cap test: objects that survive a scavenge or two (as messages in flight
 * do) make V8 grow its young generation; the work yields to the event loop between chunks, as the engine does
 * between requests. With `cap` it runs the hosts' cap first. Prints the largest young generation seen, in MB.
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { startYoungGenerationCap } from '../../electron/core/kernel/memory-young-cap';

const newSpaceMb = () =>
  (getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0) / 1048576;
if (process.argv[2] === 'cap') startYoungGenerationCap();
const ring: unknown[] = new Array(100_000);
let largest = newSpaceMb();
for (let chunk = 0; chunk < 200; chunk++) {
  for (let i = 0; i < 10_000; i++) {
    const n = chunk * 10_000 + i;
    ring[n % ring.length] = { n, a: [n, n + 1], s: `in-flight-${n}` };
  }
  largest = Math.max(largest, newSpaceMb());
  await new Promise((r) => setImmediate(r));
}
process.stdout.write(`${JSON.stringify({ largestMb: largest, kept: ring.length })}\n`);
