import { randomBytes } from 'node:crypto';
import type { OutboundKind, OutboundStatus } from '../../../shared/dto';
import { durably } from '../db/durable';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open';
import { normalizePhone } from './jid';
import { generateMessageIDV2 } from './wa-lite';
import type { QuotedRef, ReceiptEvent } from './session-port';

export interface NewOutbound {
  sessionId: string;
  toPhone: string;
  text: string;
  kind: OutboundKind;
  inboundId?: number | null;
  outboxId?: number | null;
  /** wa_key of the inbound message this answers (quoted). */
  quotedWaKey?: string | null;
  /** Give up when still unsent at this time (ms). */
  notAfter?: number | null;
  /** Send to this chat instead of the phone's own: the group, or the chat's own JID (its LID when kept by LID). */
  toJid?: string | null;
}

export interface OutboundRow {
  id: number;
  session_id: string;
  to_phone: string;
  to_jid: string;
  text: string;
  kind: OutboundKind;
  inbound_id: number | null;
  outbox_id: number | null;
  quoted_wa_key: string | null;
  wa_id: string;
  status: OutboundStatus;
  attempts: number;
  not_after: number | null;
  created_at: number;
  sent_at: number | null;
}

const RANK: Record<OutboundStatus, number> = { queued: 0, sending: 1, sent: 2, delivered: 3, read: 4, failed: -1 };
const COLUMNS =
  'id, session_id, to_phone, to_jid, text, kind, inbound_id, outbox_id, quoted_wa_key, wa_id, status, attempts, not_after, created_at, sent_at';

export type ReceiptChange = { row: OutboundRow; previous: OutboundStatus };

/**
 * The JID a message goes to: the chat's own address when given (a group, or the LID a chat is kept by:
 * WhatsApp shows a reply sent to phone@s.whatsapp.net in a LID chat nowhere on the sender's phone,
 * Baileys #2645), else the phone's JID.
 */
function chatJidOr(toJid: string | null | undefined, phone: string): string {
  if (toJid && /^[^@:\s]+@(g\.us|lid|s\.whatsapp\.net)$/.test(toJid)) return toJid;
  return `${phone}@s.whatsapp.net`;
}

/** Random bytes read from the OS at once for the WhatsApp ids: 16 an id, so one read makes 256 ids. */
export const ID_RANDOM_BLOCK = 4096;

export interface OutboundRepoOptions {
  /** The OS's random bytes (crypto.randomBytes); a port so tests can count the reads. */
  randomBytes?: (size: number) => Buffer;
}

/** Every statement the send queue runs on outbound_messages, prepared once. */
export function createOutboundRepo(db: Db, opts: OutboundRepoOptions = {}) {
  // One read of the OS's randomness per 256 ids, not one per id: a syscall each that cost as much as the id's hash
  // on every OtomaX callback at 1,000 a second (issue 15). Each id still gets 16 bytes of its own.
  const readRandom = opts.randomBytes ?? randomBytes;
  let block: Buffer = Buffer.alloc(0);
  let used = 0;
  const random16 = (): Uint8Array => {
    if (used + 16 > block.length) {
      block = readRandom(ID_RANDOM_BLOCK);
      used = 0;
    }
    used += 16;
    return block.subarray(used - 16, used);
  };

  const insert = db.prepare<
    [string, string, string, string, string, number | null, number | null, string | null, string, number, number | null]
  >(
    `INSERT INTO outbound_messages
       (session_id, to_phone, to_jid, text, kind, inbound_id, outbox_id, quoted_wa_key, wa_id, status, created_at, not_after)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
  );
  const byId = db.prepare<[number], OutboundRow>(`SELECT ${COLUMNS} FROM outbound_messages WHERE id = ?`);
  const byWaId = db.prepare<[string, string], OutboundRow>(
    `SELECT ${COLUMNS} FROM outbound_messages WHERE session_id = ? AND wa_id = ?`,
  );
  // The rows that may go now (none held): the partial index outbound_ready (migration 010) holds exactly these, so a
  // held backlog costs this read nothing. Its WHERE must repeat the index's for SQLite to use it.
  // Prepared at its first use, once: the log's readers open databases of earlier versions with this repo too.
  let ready: Statement<[string, number], OutboundRow> | null = null;
  const readyRows = (sessionId: string, limit: number) =>
    (ready ??= db.prepare<[string, number], OutboundRow>(
      `SELECT ${COLUMNS} FROM outbound_messages INDEXED BY outbound_ready
       WHERE session_id = ? AND status = 'queued' AND (error_message IS NULL OR error_message NOT LIKE 'held:%')
       ORDER BY id LIMIT ?`,
    )).all(sessionId, limit);
  // The held rows are in the partial index outbound_held (migration 011): heldChats, unhold and countHeld repeat its
  // WHERE (status = 'queued' AND error_message LIKE 'held:%') so that SQLite reads the held rows only, not the whole
  // backlog through outbound_by_status (3-9 ms at 28,000 queued, once a second under a burst of callbacks). The two
  // reads name it (the planner picks outbound_by_status for countHeld otherwise) and, like `ready`, are prepared at
  // their first use: the log's readers open databases of earlier versions, without the index, with this repo too.
  // One held row of each chat that has some (the oldest), to ask its chat's hold again.
  let heldChats: Statement<[string], OutboundRow> | null = null;
  const heldChatRows = (sessionId: string) =>
    (heldChats ??= db.prepare<[string], OutboundRow>(
      `SELECT ${COLUMNS} FROM outbound_messages WHERE id IN (
         SELECT min(id) FROM outbound_messages INDEXED BY outbound_held
         WHERE session_id = ? AND status = 'queued' AND error_message LIKE 'held:%' GROUP BY to_phone)
       ORDER BY id`,
    )).all(sessionId);
  // A chat's hold is over: its held replies may go again (back in outbound_ready), in their order.
  const unhold = db.prepare<[string, string]>(
    `UPDATE outbound_messages SET error_message = NULL
     WHERE session_id = ? AND to_phone = ? AND status = 'queued' AND error_message LIKE 'held:%'`,
  );
  const resume = db.prepare<[string]>(
    `UPDATE outbound_messages SET status = 'queued' WHERE session_id = ? AND status = 'sending'`,
  );
  const expire = db.prepare<[string, number], OutboundRow>(
    `UPDATE outbound_messages
     SET status = 'failed',
       error_message = CASE WHEN error_message LIKE 'held:%' THEN 'gave_up:' || substr(error_message, 6) ELSE 'expired' END
     WHERE session_id = ? AND status = 'queued' AND not_after IS NOT NULL AND not_after < ?
     RETURNING ${COLUMNS}`,
  );
  const nextNotAfter = db.prepare<[string], { t: number | null }>(
    `SELECT min(not_after) AS t FROM outbound_messages WHERE session_id = ? AND status = 'queued' AND not_after IS NOT NULL`,
  );
  const markSending = db.prepare<[number]>(
    `UPDATE outbound_messages SET status = 'sending', attempts = attempts + 1 WHERE id = ? AND status = 'queued'`,
  );
  // RETURNING: the outcome carries the row as it is now (an auto-reply may have been linked to an outbox
  // message while it was being sent), so nobody downstream reads it again.
  const markSent = db.prepare<[number, Buffer | null, number], OutboundRow>(
    `UPDATE outbound_messages SET status = 'sent', sent_at = ?, wa_message = ?, error_message = NULL
     WHERE id = ? AND status IN ('queued', 'sending') RETURNING ${COLUMNS}`,
  );
  const keepMessage = db.prepare<[Buffer | null, number, number]>(
    `UPDATE outbound_messages SET wa_message = coalesce(?, wa_message), sent_at = coalesce(sent_at, ?) WHERE id = ?`,
  );
  const requeue = db.prepare<[string, number, number]>(
    `UPDATE outbound_messages SET status = 'queued', error_message = ?, attempts = attempts - ?
     WHERE id = ? AND status = 'sending'`,
  );
  const markFailed = db.prepare<[string, number], OutboundRow>(
    `UPDATE outbound_messages SET status = 'failed', error_message = ? WHERE id = ? AND status = 'sending'
     RETURNING ${COLUMNS}`,
  );
  const setReceipt = db.prepare<
    [{ status: OutboundStatus; sent: number; delivered: number; at: number; error: string | null; id: number }]
  >(
    `UPDATE outbound_messages SET status = @status,
       sent_at = CASE WHEN @sent = 1 THEN coalesce(sent_at, @at) ELSE sent_at END,
       delivered_at = CASE WHEN @delivered = 1 THEN coalesce(delivered_at, @at) ELSE delivered_at END,
       read_at = CASE WHEN @status = 'read' THEN coalesce(read_at, @at) ELSE read_at END,
       error_message = coalesce(@error, error_message)
     WHERE id = @id`,
  );
  // Replies (not outbox deliveries) that went out to one phone since a time: the per-chat reply limit. Its kind term
  // is the WHERE of the partial index outbound_by_phone (migration 011: replies only), word for word.
  const recentReplies = db.prepare<[string, string, number, number], { n: number; first: number | null }>(
    `SELECT count(*) AS n, min(sent_at) AS first FROM outbound_messages
     WHERE session_id = ? AND to_phone = ? AND created_at > ? AND kind IN ('auto_reply', 'expired_notice')
       AND (status = 'sending' OR (status <> 'failed' AND sent_at > ?))`,
  );
  const markHeld = db.prepare<[string, number, string]>(
    `UPDATE outbound_messages SET error_message = ? WHERE id = ? AND status = 'queued' AND error_message IS NOT ?`,
  );
  // A look's held marks in one transaction: each on its own was a synced commit (synchronous FULL), and a look that
  // met 1,000 new expiry notices of paused chats blocked the event loop 0.5-1.3 s (issue 15, OtomaX stuck past _exp).
  const markHeldAll = db.transaction((marks: readonly { id: number; reason: string }[]): number[] =>
    marks.filter((m) => markHeld.run(`held:${m.reason}`, m.id, `held:${m.reason}`).changes === 1).map((m) => m.id),
  );
  let countHeld: Statement<[], { n: number }> | null = null;
  const heldCount = () =>
    (countHeld ??= db.prepare<[], { n: number }>(
      `SELECT count(*) AS n FROM outbound_messages INDEXED BY outbound_held
       WHERE status = 'queued' AND error_message LIKE 'held:%'`,
    )).get()?.n ?? 0;
  const countPending = db.prepare<[], { n: number }>(
    "SELECT count(*) AS n FROM outbound_messages WHERE status IN ('queued', 'sending')",
  );
  const autoReplies = db.prepare<[number], { n: number }>(
    "SELECT count(*) AS n FROM outbound_messages WHERE created_at >= ? AND kind = 'auto_reply'",
  );
  const forMessage = db.prepare<[number, number], Record<string, unknown>>(
    `SELECT id, kind, to_phone AS toPhone, text, status, wa_id AS waId, attempts, created_at AS createdAt, sent_at AS sentAt,
       delivered_at AS deliveredAt, read_at AS readAt, error_message AS error
     FROM outbound_messages WHERE inbound_id = ? OR outbox_id = ? ORDER BY id`,
  );
  const storedMessage = db.prepare<[string, string], { wa_message: Buffer | null }>(
    'SELECT wa_message FROM outbound_messages WHERE session_id = ? AND wa_id = ?',
  );
  const ours = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM outbound_messages WHERE wa_id = ?');
  // The reply-versus-outbox rule (forwarder/reply-dedupe.ts), from the outbox end: the auto-reply to this inbox
  // code that carries (or will carry) this very text to this phone. Asked for every OtomaX callback that names its
  // inbox code. CROSS JOIN keeps SQLite's join order: the inbox code first (inbound_by_kode_inbox, one message, its
  // replies by outbound_by_inbound); left to itself SQLite started from the phone's rows in outbound_by_phone and read
  // every message ever sent to that reseller (hundreds a day each, kept for the retention days) on each callback.
  const autoReplyWithText = db.prepare<[number, string, string], { id: number; status: OutboundStatus }>(
    `SELECT o.id, o.status FROM inbound_messages i CROSS JOIN outbound_messages o ON o.inbound_id = i.id
     WHERE i.kode_inbox = ? AND o.kind = 'auto_reply' AND o.to_phone = ? AND o.text = ? AND o.status != 'failed' LIMIT 1`,
  );
  const linkOutbox = db.prepare<[number, number]>('UPDATE outbound_messages SET outbox_id = ? WHERE id = ?');
  const quotedInbound = db.prepare<
    [string],
    { chat_jid: string; wa_id: string; participant_jid: string | null; text: string; from_me: number }
  >('SELECT chat_jid, wa_id, participant_jid, text, from_me FROM inbound_messages WHERE wa_key = ?');

  // Outbox messages still waiting on numbers that cannot send now (down, or removed), with the facts the sender
  // rule needs again: the row's kode_terminal as OtomaX posted it (in the stored callback body) and its arrival.
  const waitingOutbox = db.prepare<
    [string],
    { id: number; session_id: string; to_phone: string; received_at: number; kode_terminal: unknown }
  >(
    `SELECT ob.id, ob.session_id, ob.to_phone, o.received_at,
       CASE WHEN json_valid(o.raw) THEN json_extract(o.raw, '$.kode_terminal') END AS kode_terminal
     FROM outbound_messages ob JOIN outbox_messages o ON o.id = ob.outbox_id
     WHERE ob.status = 'queued' AND ob.kind = 'outbox' AND ob.session_id NOT IN (SELECT value FROM json_each(?))
     ORDER BY ob.id LIMIT 1000`,
  );
  const reassign = db.prepare<[string, number]>(
    `UPDATE outbound_messages SET session_id = ? WHERE id = ? AND status = 'queued'`,
  );

  const applyReceipt = db.transaction((sessionId: string, r: ReceiptEvent): ReceiptChange | null => {
    const row = byWaId.get(sessionId, r.waId);
    if (!row) return null;
    const previous = row.status;
    let next: OutboundStatus;
    if (r.status === 'failed') {
      if (previous !== 'sending' && previous !== 'sent') return null;
      next = 'failed';
    } else {
      // Receipts only move forward; a late delivery proves a message we had given up on did go out.
      if (RANK[r.status] <= RANK[previous]) return null;
      next = r.status;
    }
    const reached = RANK[next];
    setReceipt.run({
      status: next,
      sent: reached >= RANK.sent ? 1 : 0,
      delivered: reached >= RANK.delivered ? 1 : 0,
      at: r.at,
      error: next === 'failed' ? 'WhatsApp rejected the message' : null,
      id: row.id,
    });
    const sentAt = reached >= RANK.sent ? (row.sent_at ?? r.at) : row.sent_at;
    return { row: { ...row, status: next, sent_at: sentAt }, previous };
  });

  return {
    insert(row: NewOutbound, now: number): { id: number; waId: string } {
      const phone = normalizePhone(row.toPhone, 'toPhone');
      const waId = generateMessageIDV2(undefined, random16());
      const info = insert.run(
        row.sessionId,
        phone,
        chatJidOr(row.toJid, phone),
        row.text,
        row.kind,
        row.inboundId ?? null,
        row.outboxId ?? null,
        row.quotedWaKey ?? null,
        waId,
        now,
        row.notAfter ?? null,
      );
      return { id: Number(info.lastInsertRowid), waId };
    },
    get: (id: number) => byId.get(id),
    /** Queued outbox messages whose number is not among `upIds` (the numbers that can send now). */
    waitingOutbox: (upIds: readonly string[]) => waitingOutbox.all(JSON.stringify(upIds)),
    /** Moves a still-queued row to another number's queue (same WhatsApp id); false when it already left. */
    reassign: (id: number, sessionId: string) => reassign.run(sessionId, id).changes === 1,
    /** The oldest held row of each chat with held rows. */
    heldChats: heldChatRows,
    /** A chat's hold is over: its held rows may go again (true when some were held). */
    unhold: (sessionId: string, phone: string) => unhold.run(sessionId, phone).changes > 0,
    /** The oldest queued rows not held (a held reply waits for its chat's limit or a release). */
    queuedReady: readyRows,
    resume: (sessionId: string) => resume.run(sessionId).changes,
    expire: (sessionId: string, now: number) => expire.all(sessionId, now),
    nextNotAfter: (sessionId: string) => nextNotAfter.get(sessionId)?.t ?? null,
    /** On disk before the send: after a power cut a sent message is never found still "queued". */
    markSending: (id: number) => durably(db, () => markSending.run(id).changes === 1),
    /** markSending inside the caller's transaction (the group commit that syncs it before the send). */
    markSendingInTransaction: (id: number) => markSending.run(id).changes === 1,
    /** The row as sent when this moved it to 'sent'; null when a receipt got there first. */
    markSent(id: number, at: number, message: Uint8Array | undefined): OutboundRow | null {
      const blob = message ? Buffer.from(message) : null;
      const row = markSent.get(at, blob, id);
      if (row) return row;
      keepMessage.run(blob, at, id);
      return null;
    },
    /** Back to 'queued'; `refund` takes the attempt back when the link was down (it was not WhatsApp's no). */
    requeue: (id: number, error: string, refund: boolean) => requeue.run(error, refund ? 1 : 0, id).changes === 1,
    /** The row as failed, or null when it was no longer being sent. */
    markFailed: (id: number, error: string): OutboundRow | null => markFailed.get(error, id) ?? null,
    /** True when this WhatsApp id is one of our own sends (its echo is not a message from the owner). */
    isOurs: (waId: string) => ours.get(waId) !== undefined,
    /** See forwarder/reply-dedupe.ts. */
    autoReplyWithText: (kodeInbox: number, phone: string, text: string) =>
      autoReplyWithText.get(kodeInbox, phone, text) ?? null,
    /** This queued auto-reply now also carries an outbox message: OtomaX hears its real outcome. */
    linkOutbox: (outboundId: number, outboxId: number) => void linkOutbox.run(outboxId, outboundId),
    applyReceipt: (sessionId: string, r: ReceiptEvent) => applyReceipt(sessionId, r),
    /** Replies sent (or being sent) to a phone after `since`, and the earliest send time among them. */
    recentReplies(sessionId: string, phone: string, since: number, createdAfter: number) {
      const r = recentReplies.get(sessionId, phone, createdAfter, since);
      return { n: r?.n ?? 0, first: r?.first ?? null };
    },
    /** Record why queued rows wait (`held:<reason>`), in one transaction (one commit); the ids whose reason changed. */
    markHeldAll: (marks: readonly { id: number; reason: string }[]): number[] =>
      marks.length === 0 ? [] : markHeldAll(marks),
    countHeld: heldCount,
    /** Messages not yet handed to WhatsApp (queued, held or mid-send): the send queue's depth. */
    countPending: () => countPending.get()?.n ?? 0,
    /** Every message sent for one inbound (`inboundId`) or outbox (`outboxId`) row, oldest first, as the window's DTO. */
    forMessage: (inboundId: number, outboxId: number) => forMessage.all(inboundId, outboxId),
    /** Auto-replies queued since `since` (the metrics snapshot). */
    autoRepliesSince: (since: number) => autoReplies.get(since)?.n ?? 0,
    /** The encoded message as sent (for Baileys' retry receipts), or null when not kept. */
    storedMessage: (sessionId: string, waId: string) => storedMessage.get(sessionId, waId)?.wa_message ?? null,
    quoted(waKey: string): QuotedRef | undefined {
      const q = quotedInbound.get(waKey);
      return q
        ? {
            chatJid: q.chat_jid,
            waId: q.wa_id,
            participantJid: q.participant_jid,
            text: q.text,
            fromMe: q.from_me === 1,
          }
        : undefined;
    },
  };
}

export type OutboundRepo = ReturnType<typeof createOutboundRepo>;
