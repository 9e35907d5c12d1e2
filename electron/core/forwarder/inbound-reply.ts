import type { Settings } from '../../../shared/settings';
import type { GroupCommit } from '../db/durable';
import type { Clock } from '../kernel/clock';
import type { Logger } from '../kernel/logger';
import type { Metrics } from '../kernel/metrics';
import type { OtomaxReachability } from '../otomax';
import { autoReplyText } from './inbound-rules';
import type { InboundRepo, InboundRow } from './inbound-repo';
import type { InsertInboxAnswer, NumberOptionsLookup, OutboundPort } from './ports';
import type { ReplyDedupe } from './reply-dedupe';
import type { ReplyLimiter } from './reply-limiter';
import { uncertainReason } from './uncertain';

/** The reply step's port: the rows it writes, the send queue it fills, and the rules it reads. */
export interface ReplyStepPorts {
  /** Run `fn` as one transaction: the row's new state and the reply it asks for commit together. */
  transaction<T>(fn: () => T): T;
  /**
   * OtomaX's answers and the read marks of the calls in flight share one synced transaction (issue 15); a read mark
   * rides with the next group when the commit offers it (ride), not a sync of its own.
   */
  commits: Pick<GroupCommit, 'run'> & Partial<Pick<GroupCommit, 'ride'>>;
  inbound: Pick<InboundRepo, 'setStatus' | 'setAnswer' | 'setRead'>;
  outbound: Pick<OutboundPort, 'insert' | 'wake'>;
  dedupe: Pick<ReplyDedupe, 'outboxCarries'>;
  limiter: ReplyLimiter;
  /** Marks the message read on the number it arrived on (`sessionId`). */
  markRead: (m: { sessionId: string; chatJid: string; waId: string; participantJid: string | null }) => Promise<void>;
  settings: () => Pick<
    Settings,
    'otomaxLateNotice' | 'otomaxTroubleNotice' | 'otomaxReplyOnExpired' | 'otomaxCheckReply'
  >;
  /** The auto-reply switch. */
  autoReply: () => boolean;
  /** The number's own options: its auto-reply off silences it while the switch is on. */
  numberOptions?: NumberOptionsLookup;
  reachability: Pick<OtomaxReachability, 'ok'>;
  clock: Clock;
  log: Logger;
  metrics: Pick<Metrics, 'expired' | 'uncertain' | 'forwarded' | 'answered' | 'autoReplies'>;
  onRow: (inboundId: number) => void;
}

export type ReplyStep = ReturnType<typeof createReplyStep>;

/** The read mark is one statement: atomic by itself in the group commit (no savepoint). */
const ATOMIC = { atomic: true } as const;

/**
 * How a message's end is recorded and what the sender is told: OtomaX's answer and the auto-reply on 21/41/42,
 * the "too late" notice when _exp passed, the "check before resending" reply when OtomaX may have it.
 */
export function createReplyStep(p: ReplyStepPorts) {
  const { inbound, outbound, clock, log, metrics } = p;

  /**
   * Inside a transaction: queue a reply quoting the original, to the chat it came from as WhatsApp addressed it
   * (a LID chat gets its reply at the LID). Over the chat's per-minute limit it is held by the send queue (never
   * dropped) until the chat is under its limit again, or given up at notAfter (10 minutes).
   */
  const queueReply = (
    row: InboundRow,
    text: string,
    kind: 'auto_reply' | 'expired_notice' | 'check_notice',
    now: number,
  ): boolean => {
    if (row.from_me || !row.sender_phone) return false;
    if (p.limiter.note(row.sender_phone)) {
      log.warn({ inboundId: row.id, kind }, 'chat paused: it keeps passing its reply limit (two auto-responders?)');
    }
    outbound.insert(
      {
        sessionId: row.session_id,
        toPhone: row.sender_phone,
        toJid: row.chat_jid,
        text,
        kind,
        inboundId: row.id,
        quotedWaKey: row.wa_key,
        notAfter: now + 10 * 60_000,
      },
      now,
    );
    return true;
  };

  /**
   * `late`: it reached us after _exp (the phone was offline); `otomax`: it waited for OtomaX (or us) too long. The
   * row's end and its notice are one item of the group commit (both or neither): the messages that expire together,
   * a queue draining after an outage or a restart after hours, share one synced transaction. One synced commit each,
   * run back to back as the queue's jobs ended, held the event loop for as many syncs as there were messages.
   */
  const expire = async (row: InboundRow, reason: string, cause: 'late' | 'otomax' = 'otomax'): Promise<void> => {
    const now = clock.now();
    const s = p.settings();
    const text = cause === 'late' ? s.otomaxLateNotice : s.otomaxTroubleNotice;
    const replied = await p.commits.run(() => {
      inbound.setStatus(row.id, 'expired', cause === 'late' ? 'late' : 'expired', reason);
      return s.otomaxReplyOnExpired ? queueReply(row, text, 'expired_notice', now) : false;
    });
    metrics.expired.inc();
    if (replied) outbound.wake();
    p.onRow(row.id);
  };

  /**
   * OtomaX may or may not have this message: never sent again, flagged "perlu dicek" for the owner, and the reseller
   * told once (in the same transaction as the flag, so a crash cannot send it twice or lose it) not to resend yet.
   */
  const uncertain = (row: InboundRow, errorClass: string, message: string) => {
    const now = clock.now();
    const text = p.settings().otomaxCheckReply.trim();
    const replied = p.transaction(() => {
      inbound.setStatus(row.id, 'failed', errorClass, message);
      return text ? queueReply(row, text, 'check_notice', now) : false;
    });
    metrics.uncertain.inc({ reason: uncertainReason(errorClass) ?? 'unreadable' });
    log.warn({ inboundId: row.id, class: errorClass }, 'OtomaX may have this message: flagged for the owner to check');
    if (replied) outbound.wake();
    p.onRow(row.id);
  };

  /** OtomaX answered: record it, queue the auto-reply in the same transaction, then mark the message read. */
  const answered = async (row: InboundRow, answer: InsertInboxAnswer, started: number) => {
    const now = clock.now();
    p.reachability.ok();
    const on = p.autoReply() && (p.numberOptions?.(row.session_id)?.autoReply ?? true);
    const reply = on ? autoReplyText(answer.status, answer.pesan, answer.statusDesc) : null;
    // Group commit: the answers of the InsertInbox calls in flight share one synced transaction. Without a reply to
    // queue the item is the answer's one statement, atomic by itself: no savepoint (db/durable.ts).
    const replied = await p.commits.run(
      () => {
        inbound.setAnswer(
          row.id,
          {
            kodeInbox: answer.kode_inbox,
            status: answer.status,
            desc: answer.statusDesc,
            reply: answer.pesan,
            raw: answer.raw,
            latencyMs: now - started,
          },
          now,
        );
        if (!reply) return false;
        // The outbox may already have carried this very text for this inbox code: never send it twice.
        if (p.dedupe.outboxCarries(answer.kode_inbox, row.sender_phone, reply)) return false;
        return queueReply(row, reply, 'auto_reply', now);
      },
      { atomic: reply === null },
    );
    metrics.forwarded.inc();
    metrics.answered.inc({ status: String(answer.status ?? 'none') });
    if (replied) {
      metrics.autoReplies.inc();
      outbound.wake();
    }
    p.onRow(row.id);
    if (!row.from_me) {
      p.markRead({
        sessionId: row.session_id,
        chatJid: row.chat_jid,
        waId: row.wa_id,
        participantJid: row.participant_jid,
      })
        .then(() => {
          const mark = () => inbound.setRead(row.id, clock.now());
          return p.commits.ride ? p.commits.ride(mark, undefined, ATOMIC) : p.commits.run(mark, ATOMIC);
        })
        .catch((e: unknown) => log.debug({ err: e, inboundId: row.id }, 'mark read failed'));
    }
  };

  return { expire, uncertain, answered };
}
