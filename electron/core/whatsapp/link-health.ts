/** A link open this long counts as stable: the reconnect attempt counter starts again from 1. */
export const STABLE_AFTER_MS = 60_000;
/** This many drops of an open link within FLAP_WINDOW_MS mark the session as flapping. */
export const FLAP_DROPS = 3;
export const FLAP_WINDOW_MS = 10 * 60_000;

export interface LinkHealth {
  /** The link opened now. */
  opened(now: number): void;
  /** The link closed now: true when it had been open at least STABLE_AFTER_MS. */
  closed(now: number): void;
  /** True once the link has stayed open STABLE_AFTER_MS (the caller then resets its counters). */
  stableAt(now: number): boolean;
  /** Several drops of an open link within FLAP_WINDOW_MS, and not open for a whole window since. */
  flapping(now: number): boolean;
  reset(): void;
}

/**
 * What counts as a healthy link, kept apart from the state machine: a link that opens and drops again and
 * again is not "fine" just because each attempt reaches `open`.
 */
export function createLinkHealth(): LinkHealth {
  let openedAt: number | null = null;
  let drops: number[] = [];
  return {
    opened(now) {
      openedAt = now;
    },
    closed(now) {
      if (openedAt === null) return;
      if (now - openedAt < FLAP_WINDOW_MS) drops.push(now);
      else drops = [];
      openedAt = null;
    },
    stableAt(now) {
      return openedAt !== null && now - openedAt >= STABLE_AFTER_MS;
    },
    flapping(now) {
      if (openedAt !== null && now - openedAt >= FLAP_WINDOW_MS) drops = [];
      drops = drops.filter((t) => now - t < FLAP_WINDOW_MS);
      return drops.length >= FLAP_DROPS;
    },
    reset() {
      openedAt = null;
      drops = [];
    },
  };
}
