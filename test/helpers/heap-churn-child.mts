/**
 * A child process for the memory flags test: with `apply` it loads the hosts' first import (memory-flags-apply.ts)
 * before anything else. It keeps a few MB alive, then churns objects that live long enough to be promoted and die
 * in the old generation (as a flood of messages does), and prints the largest heap V8 committed meanwhile, in MB.
 */
import { getHeapStatistics } from 'node:v8';

if (process.argv[2] === 'apply') await import('../../electron/core/kernel/memory-flags-apply');
const live: { i: number; s: string }[] = [];
for (let i = 0; i < 200_000; i++) live.push({ i, s: `live-${i}` });
const ring: unknown[] = new Array(300_000);
let peak = 0;
for (let i = 0; i < 2_000_000; i++) {
  ring[i % ring.length] = { i, a: [i, i + 1], s: `churn-${i}` };
  if (i % 20_000 === 0) peak = Math.max(peak, getHeapStatistics().total_heap_size);
}
process.stdout.write(`${JSON.stringify({ peakMb: peak / 1048576, kept: live.length + ring.length })}\n`);
