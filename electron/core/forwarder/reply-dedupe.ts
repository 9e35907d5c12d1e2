import type { OutboundStatus } from '../../../shared/dto';

/**
 * The reply-versus-outbox rule, written once. OtomaX can give one inbox code the same text twice: in InsertInbox's
 * answer (our auto-reply) and through its outbox (the callback). The reseller gets that text once: whichever end
 * comes first sends it and the other stands down. The key is the inbox code, the phone and the exact text.
 * Each table's owner answers for its own rows: outbox-repo (`hasSameText`), outbound-repo (`autoReplyWithText`).
 */
export interface ReplyDedupePorts {
  /** An outbox message for this inbox code with this exact text to this phone exists. */
  outboxHasText(kodeInbox: number, phone: string, text: string): boolean;
  /** The auto-reply (not failed) for this inbox code with this exact text to this phone. */
  autoReplyWithText(kodeInbox: number, phone: string, text: string): { id: number; status: OutboundStatus } | null;
}

/** What the outbox end finds: nothing, the auto-reply already went out, or it is still waiting to go. */
export type AutoReplyMatch = { kind: 'none' } | { kind: 'carried' } | { kind: 'pending'; outboundId: number };

export interface ReplyDedupe {
  /** Inbound end: the outbox already carries this text for this inbox code, so no auto-reply is queued. */
  outboxCarries(kodeInbox: number | null, phone: string | null, text: string): boolean;
  /** Outbox end: the auto-reply that carries (or will carry) this text. */
  autoReplyFor(kodeInbox: number | null, phone: string, text: string): AutoReplyMatch;
}

export function createReplyDedupe(p: ReplyDedupePorts): ReplyDedupe {
  return {
    outboxCarries: (kodeInbox, phone, text) => kodeInbox !== null && !!phone && p.outboxHasText(kodeInbox, phone, text),
    autoReplyFor(kodeInbox, phone, text) {
      const reply = kodeInbox === null ? null : p.autoReplyWithText(kodeInbox, phone, text);
      if (!reply) return { kind: 'none' };
      return reply.status === 'queued' || reply.status === 'sending'
        ? { kind: 'pending', outboundId: reply.id }
        : { kind: 'carried' };
    },
  };
}
