import type { Clock } from '../kernel/clock';
import { startOfLocalDay } from '../kernel/clock';

/** Re-deliveries dropped today (the log keeps one row per message, so they are counted here, in memory). */
export function createDuplicateCount(clock: Clock) {
  const duplicates = { day: 0, n: 0 };
  return {
    add() {
      const day = startOfLocalDay(clock.now());
      if (day !== duplicates.day) Object.assign(duplicates, { day, n: 0 });
      duplicates.n++;
    },
    today: () => (duplicates.day === startOfLocalDay(clock.now()) ? duplicates.n : 0),
  };
}
