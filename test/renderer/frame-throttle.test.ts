import { describe, expect, it } from 'vitest';
import { createFrameThrottle, type FrameEnv } from '../../renderer/src/lib/frame-throttle';

/** A hand-driven clock: timers and animation frames run only when the test says so. */
function fakeEnv() {
  let now = 0;
  let timers: { at: number; f: () => void }[] = [];
  let frames: (() => void)[] = [];
  const env: FrameEnv = {
    now: () => now,
    setTimeout: (f, ms) => {
      const t = { at: now + ms, f };
      timers.push(t);
      return t;
    },
    clearTimeout: (h) => {
      timers = timers.filter((t) => t !== h);
    },
    requestAnimationFrame: (f) => frames.push(f),
    cancelAnimationFrame: (h) => {
      frames = frames.filter((_, i) => i !== h - 1);
    },
  };
  return {
    env,
    /** Move the clock, running the timers due. */
    advance(ms: number) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.f();
    },
    /** The browser draws a frame. */
    frame() {
      const run = frames;
      frames = [];
      for (const f of run) f();
    },
  };
}

describe('createFrameThrottle (the live flow merges new rows with it)', () => {
  it('runs at the next frame after a quiet spell, then at most once per gap however often it is asked', () => {
    const clock = fakeEnv();
    let runs = 0;
    const throttle = createFrameThrottle(() => (runs += 1), 100, clock.env);

    throttle.schedule();
    throttle.schedule();
    clock.frame();
    expect(runs).toBe(1);

    // A stream: asked every 5 ms for 1 s, a frame every 16 ms: about ten runs, never two within 100 ms.
    const at: number[] = [];
    for (let ms = 5; ms <= 1000; ms += 5) {
      clock.advance(5);
      throttle.schedule();
      if (ms % 15 === 0) {
        const before = runs;
        clock.frame();
        if (runs > before) at.push(ms);
      }
    }
    expect(at.length).toBeGreaterThanOrEqual(8);
    expect(at.length).toBeLessThanOrEqual(10);
    for (let i = 1; i < at.length; i++) expect((at[i] as number) - (at[i - 1] as number)).toBeGreaterThanOrEqual(100);

    // The last request of the stream runs, then a quiet spell: the next one is not held back.
    clock.advance(100);
    clock.frame();
    clock.advance(500);
    const before = runs;
    throttle.schedule();
    clock.frame();
    expect(runs).toBe(before + 1);
  });

  it('runs nothing once cancelled', () => {
    const clock = fakeEnv();
    let runs = 0;
    const throttle = createFrameThrottle(() => (runs += 1), 100, clock.env);
    throttle.schedule();
    clock.frame();
    throttle.schedule();
    throttle.cancel();
    clock.advance(200);
    clock.frame();
    expect(runs).toBe(1);
  });
});
