/** Time as a port, so tests can drive it (vitest fake timers also patch Date.now). */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
