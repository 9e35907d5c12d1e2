import type { Clock } from '../clock';

/** A per-chat sliding window: at most `limit()` replies to one phone per minute (a loop or flood guard). */
export interface ReplyLimiter {
  allow(phone: string): boolean;
}

export function createReplyLimiter(limit: () => number, clock: Clock, windowMs = 60_000): ReplyLimiter {
  const sent = new Map<string, number[]>();
  return {
    allow(phone) {
      const now = clock.now();
      const recent = (sent.get(phone) ?? []).filter((t) => now - t < windowMs);
      if (recent.length >= limit()) {
        sent.set(phone, recent);
        return false;
      }
      recent.push(now);
      sent.set(phone, recent);
      if (sent.size > 10_000) {
        for (const [k, v] of sent) if (!v.some((t) => now - t < windowMs)) sent.delete(k);
      }
      return true;
    },
  };
}
