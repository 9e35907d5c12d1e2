import type { Clock } from '../kernel/clock';
import type { ChatPauses } from './chat-pauses';

/**
 * Watches how many replies each chat asks for. Replies over the per-minute limit are not dropped here: the send
 * queue holds them (electron/core/whatsapp/reply-hold.ts). A chat that keeps asking for far more than its limit
 * (more than LOOP_FACTOR × limit replies within LOOP_WINDOW_MS: two auto-responders answering each other) is
 * paused until the owner releases it.
 */
export interface ReplyLimiter {
  /** A reply to this phone was queued; true when this one made the chat paused. */
  note(phone: string): boolean;
}

export const LOOP_FACTOR = 3;
export const LOOP_WINDOW_MS = 3 * 60_000;

export function createReplyLimiter(limit: () => number, clock: Clock, pauses: ChatPauses): ReplyLimiter {
  const asked = new Map<string, number[]>();
  return {
    note(phone) {
      const now = clock.now();
      const recent = (asked.get(phone) ?? []).filter((t) => now - t < LOOP_WINDOW_MS);
      recent.push(now);
      asked.set(phone, recent);
      if (asked.size > 10_000) {
        for (const [k, v] of asked) if (!v.some((t) => now - t < LOOP_WINDOW_MS)) asked.delete(k);
      }
      if (recent.length <= LOOP_FACTOR * limit() || pauses.isPaused(phone)) return false;
      if (!pauses.pause(phone, now)) return false;
      // Count afresh after a release: the grace period decides, not the backlog that led to the pause.
      asked.delete(phone);
      return true;
    },
  };
}
