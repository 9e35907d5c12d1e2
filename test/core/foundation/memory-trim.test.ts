import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRootLogger } from '../../../electron/core/kernel/logger';
import { fullCollection, startMemoryTrim } from '../../../electron/core/kernel/memory-trim';

const MB = 1048576;

/** A root logger whose lines land in an array (parsed). */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: createRootLogger({ level: 'debug', destination }), lines };
}

/** A trim on fake ports: the test sets the heap and the event loop's busy share seen at each look. */
function fakeTrim(extra: { minGapMs?: number } = {}) {
  const state = { heap: 40 * MB, busy: 0, now: 0, collections: 0, young: 0 };
  const { log, lines } = capture();
  const stop = startMemoryTrim({
    log,
    intervalMs: 5000,
    quietLooks: 2,
    collect: () => {
      state.collections++;
      state.heap = 40 * MB;
    },
    collectYoung: () => {
      state.young++;
    },
    heapBytes: () => state.heap,
    busyShare: () => state.busy,
    now: () => state.now,
    ...extra,
  });
  const look = (n = 1) => {
    for (let i = 0; i < n; i++) {
      state.now += 5000;
      vi.advanceTimersByTime(5000);
    }
  };
  return { state, stop, look, lines };
}

/** The child of test/helpers/memory-trim-child.mts: V8's heap right after a burst and after a quiet spell. */
function trimChild() {
  return new Promise<{
    burst: { newSpaceMb: number; heapMb: number };
    quiet: { newSpaceMb: number; heapMb: number };
    trimmed: boolean;
  }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/memory-trim-child.mts']);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out) as never);
      else reject(new Error(`child exited ${code}: ${err}`));
    });
  });
}

describe('memory trim: the engine gives back what a burst grew once it is quiet', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('one full collection after two quiet looks, once the heap grew 8 MB past its size after the last one', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { state, stop, look, lines } = fakeTrim({ minGapMs: 0 });
    state.heap = 90 * MB;
    look();
    // The first quiet look: a scavenge only, so V8's allocation sample holds nothing but the quiet spell.
    expect(state.collections).toBe(0);
    expect(state.young).toBe(1);
    look();
    expect(state.collections).toBe(1);
    expect(state.young).toBe(1);
    // Nothing grew since: quiet looks alone collect nothing.
    look(10);
    expect(state.collections).toBe(1);
    // Grown by less than 8 MB: nothing either.
    state.heap = 47 * MB;
    look(4);
    expect(state.collections).toBe(1);
    state.heap = 49 * MB;
    look(2);
    expect(state.collections).toBe(2);
    stop();
    state.heap = 90 * MB;
    look(4);
    expect(state.collections).toBe(2);
    vi.useRealTimers();
    await new Promise((r) => setImmediate(r));
    const trimmed = lines.filter((l) => l.msg === 'memory trimmed after a busy spell');
    expect(trimmed).toHaveLength(2);
    expect(trimmed[0]).toMatchObject({ heapBeforeMb: 90, heapAfterMb: 40 });
  });

  it('never while the engine is busy: a busy look starts the quiet count again', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { state, stop, look } = fakeTrim({ minGapMs: 0 });
    state.heap = 90 * MB;
    for (let i = 0; i < 10; i++) {
      state.busy = 0.02;
      look();
      state.busy = 0.005;
      look();
    }
    expect(state.collections).toBe(0);
    look();
    expect(state.collections).toBe(1);
    stop();
  });

  it('at most one trim a minute, however often bursts come', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { state, stop, look } = fakeTrim();
    state.heap = 90 * MB;
    look(2);
    expect(state.collections).toBe(1);
    state.heap = 90 * MB;
    look(10);
    expect(state.collections).toBe(1);
    look(2);
    expect(state.collections).toBe(2);
    stop();
  });

  it('the first quiet spell after start trims whatever the start grew; the heap shrinking on its own lowers the mark', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { state, stop, look } = fakeTrim({ minGapMs: 0 });
    state.heap = 42 * MB;
    look(2);
    expect(state.collections).toBe(1);
    // V8 shrank it further on its own (its memory reducer): growth counts from there.
    state.heap = 30 * MB;
    look(3);
    expect(state.collections).toBe(1);
    state.heap = 39 * MB;
    look(2);
    expect(state.collections).toBe(2);
    stop();
  });

  it('a full collection is available without --expose-gc, and none is left exposed to new contexts', async () => {
    const gc = fullCollection();
    expect(typeof gc).toBe('function');
    gc();
    const { runInNewContext } = await import('node:vm');
    expect(runInNewContext('typeof gc')).toBe('undefined');
  });

  it('real V8: after a burst and a quiet spell the trim runs, and the young generation and the heap shrink', async () => {
    // No untrimmed control: V8's own memory reducer shrank an untouched child within the same 12 s in one CI run
    // (32 -> 1 MB) and not in others, so what V8 does alone is not a fixed thing to compare with.
    const trimmed = await trimChild();
    // The burst grew the young generation to its largest (two 16 MB semi-spaces on 64-bit).
    expect(trimmed.burst.newSpaceMb).toBeGreaterThanOrEqual(16);
    // The trim ran (it is waited for: a loaded machine delays its looks); the young generation is back near its
    // initial size, the heap less than half.
    expect(trimmed.trimmed).toBe(true);
    expect(trimmed.quiet.newSpaceMb).toBeLessThanOrEqual(4);
    expect(trimmed.quiet.heapMb).toBeLessThan(trimmed.burst.heapMb * 0.5);
  }, 60_000);
});
