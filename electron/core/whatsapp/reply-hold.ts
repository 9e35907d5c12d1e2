import type { OutboundKind } from '../../../shared/dto';
import type { OutboundRepo, OutboundRow } from './outbound-repo';

/** Why a queued reply waits: the chat passed its per-minute limit, or the owner's pause (a bot loop). */
export type HoldReason = 'reply_limit' | 'chat_paused';

export interface Hold {
  reason: HoldReason;
  /** When to look again; null = only when woken (a released chat). */
  until: number | null;
}

/** Decides, at send time, whether a queued row must wait. Read from the database, so it holds across restarts. */
export type ReplyHold = (row: OutboundRow, now: number) => Hold | null;

/**
 * The kinds a hold applies to: auto-replies and expiry notices. OtomaX's outbox messages (transaction results), the
 * owner's own messages and the one "being checked" notice are never held.
 */
export function heldKind(kind: OutboundKind): boolean {
  return kind === 'auto_reply' || kind === 'expired_notice';
}

const WINDOW_MS = 60_000;
/** Replies are given up 10 minutes after they were queued (not_after): older sends cannot count in the window. */
const CREATED_SLACK_MS = 15 * 60_000;

export function createReplyHold(deps: {
  repo: Pick<OutboundRepo, 'recentReplies'>;
  limit: () => number;
  isPaused: (phone: string) => boolean;
}): ReplyHold {
  return (row, now) => {
    // Only auto-replies are limited: OtomaX's own outbox messages (transaction results) are never held.
    if (!heldKind(row.kind)) return null;
    if (deps.isPaused(row.to_phone)) return { reason: 'chat_paused', until: null };
    const since = now - WINDOW_MS;
    const r = deps.repo.recentReplies(row.session_id, row.to_phone, since, now - CREATED_SLACK_MS);
    if (r.n < deps.limit()) return null;
    return { reason: 'reply_limit', until: r.first === null ? null : r.first + WINDOW_MS + 1 };
  };
}
