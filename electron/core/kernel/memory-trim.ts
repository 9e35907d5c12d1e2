import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Logger } from './logger';

/**
 * After a burst of messages V8 keeps what it grew to: the young generation at its largest (two 16 MB semi-spaces,
 * every page touched) and old-generation pages holding a few live objects among dead ones, 40-60 MB of RSS more
 * than the engine needs while it waits for the next message. V8 gives them back only in a full collection that sees
 * a low allocation rate (Heap::ShouldResizeNewSpace; its memory reducer does one on its own 30-90 s after the
 * burst, when the samples of the burst have left its window, and none while a trickle of messages keeps coming).
 * So once the engine has gone quiet after its heap grew, it asks for that collection itself: one full collection
 * (20-90 ms on the engine's heap, measured, while nothing is waiting), after which V8 shrinks the young generation and
 * frees the emptied pages. Under load nothing changes: the peak during a burst is the same. docs/memory.md.
 */
export interface MemoryTrimOptions {
  log: Logger;
  /** How often the engine looks (default 2.5 s). */
  intervalMs?: number;
  /**
   * Quiet looks in a row before a trim (default 4). At the first quiet look a young-generation collection (a few ms)
   * starts V8's allocation sample afresh; the trim comes 7.5 s later, past V8's 5 s window, so V8 sees only quiet.
   */
  quietLooks?: number;
  /**
   * The event loop's busy share over one look under which it counts as quiet (default 1 %: no messages to speak of;
   * 20 messages a second keep the engine about 2.5 % busy, and allocating more than V8's 1 MB/s mark for shrinking).
   */
  quietBelow?: number;
  /** How far the committed V8 heap must have grown past its size after the last trim (default 8 MB; none before the first). */
  growthBytes?: number;
  /** At least this long between two trims (default 60 s). */
  minGapMs?: number;
  /** Tests: the full and the young-generation collection, the committed heap, the busy share, the clock. */
  collect?: () => void;
  collectYoung?: () => void;
  heapBytes?: () => number;
  busyShare?: () => number;
  now?: () => number;
}

const MB = 1048576;

/**
 * A full collection from JS without starting the process with --expose-gc: the flag is read when a context is
 * created, so a new vm context gets `gc` (the way Node's and Electron's users do it: nodejs/node#16595,
 * electron/electron#1213); the flag is put back so no other context gets it. Node and Electron's main process start
 * V8 with --no-freeze-flags-after-init, which is what lets flags change at run time (memory-flags.ts).
 */
export function fullCollection(): (options?: unknown) => void {
  const exposed = (globalThis as { gc?: (options?: unknown) => void }).gc;
  if (typeof exposed === 'function') return exposed;
  setFlagsFromString('--expose-gc');
  try {
    return runInNewContext('gc') as (options?: unknown) => void;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

/** The event loop's busy share since the previous call (performance.eventLoopUtilization). */
function busyShareMeter(): () => number {
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const share = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    return share;
  };
}

/** Start looking; returns the function that stops it. The timer never keeps the process alive. */
export function startMemoryTrim(options: MemoryTrimOptions): () => void {
  const intervalMs = options.intervalMs ?? 2500;
  const quietLooks = options.quietLooks ?? 4;
  const quietBelow = options.quietBelow ?? 0.01;
  const growthBytes = options.growthBytes ?? 8 * MB;
  const minGapMs = options.minGapMs ?? 60_000;
  const heapBytes = options.heapBytes ?? (() => getHeapStatistics().total_heap_size);
  const busyShare = options.busyShare ?? busyShareMeter();
  const now = options.now ?? (() => performance.now());
  let gc: ((options?: unknown) => void) | undefined;
  const exposed = () => (gc ??= fullCollection());
  const full = options.collect ?? (() => exposed()());
  const young = options.collectYoung ?? (() => exposed()({ type: 'minor' }));
  // 0 until the first trim: the first quiet spell after start trims whatever the start grew (its young generation
  // at 16-32 MB), then only a heap grown past what the last trim left.
  let floor = 0;
  let quiet = 0;
  let lastTrim = -Infinity;

  /** False when the collection is not available (not expected: both hosts allow the flag); the trim stops. */
  const run = (collection: () => void): boolean => {
    try {
      collection();
      return true;
    } catch (e) {
      options.log.warn({ err: e }, 'memory trim unavailable');
      clearInterval(timer);
      return false;
    }
  };

  const look = () => {
    quiet = busyShare() < quietBelow ? quiet + 1 : 0;
    const heap = heapBytes();
    // The heap may shrink on its own (V8's memory reducer): the floor follows it down.
    floor = Math.min(floor, heap);
    if (heap < floor + growthBytes || now() - lastTrim < minGapMs) return;
    if (quiet === 1 && quietLooks > 1) {
      // V8 judges the allocation rate since its last collection: after a trickle of messages that sample holds
      // seconds of them, and V8 shrinks nothing (seen: heap 78 -> 62 MB instead of -> 32). A scavenge starts it anew.
      run(young);
      return;
    }
    if (quiet < quietLooks) return;
    const t0 = performance.now();
    if (!run(full)) return;
    lastTrim = now();
    floor = heapBytes();
    quiet = 0;
    options.log.debug(
      {
        heapBeforeMb: Math.round(heap / MB),
        heapAfterMb: Math.round(floor / MB),
        ms: Math.round(performance.now() - t0),
      },
      'memory trimmed after a busy spell',
    );
  };
  const timer = setInterval(look, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
