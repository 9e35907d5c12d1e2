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
  /** Quiet looks in a row before a trim (default 3: at least 7.5 s quiet, past V8's 5 s allocation window). */
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
  /** Tests: the collection, the committed heap, the busy share since the last look, the clock. */
  collect?: () => void;
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
export function fullCollection(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return exposed;
  setFlagsFromString('--expose-gc');
  try {
    return runInNewContext('gc') as () => void;
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
  const quietLooks = options.quietLooks ?? 3;
  const quietBelow = options.quietBelow ?? 0.01;
  const growthBytes = options.growthBytes ?? 8 * MB;
  const minGapMs = options.minGapMs ?? 60_000;
  const heapBytes = options.heapBytes ?? (() => getHeapStatistics().total_heap_size);
  const busyShare = options.busyShare ?? busyShareMeter();
  const now = options.now ?? (() => performance.now());
  let collect = options.collect;
  // 0 until the first trim: the first quiet spell after start trims whatever the start grew (its young generation
  // at 16-32 MB), then only a heap grown past what the last trim left.
  let floor = 0;
  let quiet = 0;
  let lastTrim = -Infinity;

  const look = () => {
    quiet = busyShare() < quietBelow ? quiet + 1 : 0;
    const heap = heapBytes();
    // The heap may shrink on its own (V8's memory reducer): the floor follows it down.
    floor = Math.min(floor, heap);
    if (quiet < quietLooks || heap < floor + growthBytes || now() - lastTrim < minGapMs) return;
    const t0 = performance.now();
    try {
      collect ??= fullCollection();
      collect();
    } catch (e) {
      // Not expected (both hosts allow the flag); without it the engine only keeps what V8 keeps.
      options.log.warn({ err: e }, 'memory trim unavailable');
      clearInterval(timer);
      return;
    }
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
