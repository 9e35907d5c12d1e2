/** Time as a port, so tests can drive it (vitest fake timers also patch Date.now). */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Midnight of the shop's local day (the PC's time zone) containing `now`. */
export function startOfLocalDay(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}
