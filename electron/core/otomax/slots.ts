/**
 * At most `limit` tasks at once, the others waiting in order: the OtomaX client's cap on requests in flight. What it
 * used p-queue for, without its per-task bookkeeping (an event emitter, a timeout wrapper, promises around each
 * task), which showed in the engine's CPU at one task per InsertInbox attempt (issue 15).
 */
export interface Slots {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Resolves once nothing runs and nothing waits. */
  onIdle(): Promise<void>;
}

export function createSlots(limit: number): Slots {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`slots: limit must be a whole number >= 1`);
  let active = 0;
  const waiting: (() => void)[] = [];
  let idle: (() => void)[] = [];

  const release = () => {
    const next = waiting.shift();
    if (next) return next();
    active--;
    if (active === 0 && idle.length) {
      const done = idle;
      idle = [];
      for (const resolve of done) resolve();
    }
  };

  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      // A slot passes straight from a finishing task to the next waiter: `active` counts it throughout.
      if (active < limit) active++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
    onIdle() {
      if (active === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idle.push(resolve));
    },
  };
}
