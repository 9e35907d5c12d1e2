/** What a throttle needs from the window; the tests give their own clock. */
export interface FrameEnv {
  now: () => number;
  setTimeout: (f: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  requestAnimationFrame: (f: () => void) => number;
  cancelAnimationFrame: (handle: number) => void;
}

const windowEnv = (): FrameEnv => ({
  now: () => performance.now(),
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  requestAnimationFrame: (f) => requestAnimationFrame(f),
  cancelAnimationFrame: (h) => cancelAnimationFrame(h),
});

export interface FrameThrottle {
  /** Ask for a run: at the next animation frame, or once `gapMs` have passed since the last run. */
  schedule(): void;
  /** Forget a run asked for (unmount). */
  cancel(): void;
}

/**
 * Runs `run` at an animation frame, at most once per `gapMs`: a request after a quiet spell runs at the next frame,
 * requests while one is pending are one run, and a steady stream of them runs every `gapMs`.
 */
export function createFrameThrottle(run: () => void, gapMs: number, env: FrameEnv = windowEnv()): FrameThrottle {
  let timer: unknown = null;
  let frame: number | null = null;
  let last = -Infinity;
  const inFrame = () => {
    frame = null;
    last = env.now();
    run();
  };
  return {
    schedule() {
      if (timer !== null || frame !== null) return;
      const wait = last + gapMs - env.now();
      if (wait <= 0) {
        frame = env.requestAnimationFrame(inFrame);
        return;
      }
      timer = env.setTimeout(() => {
        timer = null;
        frame = env.requestAnimationFrame(inFrame);
      }, wait);
    },
    cancel() {
      if (timer !== null) env.clearTimeout(timer);
      if (frame !== null) env.cancelAnimationFrame(frame);
      timer = null;
      frame = null;
    },
  };
}
