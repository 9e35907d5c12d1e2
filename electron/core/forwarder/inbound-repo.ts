import type { ForwardAttemptDto, InboundStatus } from '../../../shared/dto';
import { countsSinceSql } from '../db/counts-since';
import { durably } from '../db/durable';
import type { Db } from '../db/open';
import type { IncomingMessage } from './ports';
import { UNCERTAIN_CLASSES_SQL } from './uncertain';

export interface InboundRow {
  id: number;
  session_id: string;
  wa_key: string;
  wa_id: string;
  chat_jid: string;
  participant_jid: string | null;
  sender_phone: string | null;
  sender_lid: string | null;
  push_name: string | null;
  from_me: number;
  is_group: number;
  is_media: number;
  text: string;
  wa_timestamp: number;
  received_at: number;
  expires_at: number;
  status: InboundStatus;
  attempts: number;
  kode_inbox: number | null;
  otomax_status: number | null;
  otomax_desc: string | null;
  otomax_reply: string | null;
  otomax_raw: string | null;
  error_class: string | null;
  error_message: string | null;
  forwarded_at: number | null;
  latency_ms: number | null;
  read_at: number | null;
}

/** A message as the session gave it, with when it arrived, when its _exp passes and its first status. */
export interface NewInbound extends Omit<IncomingMessage, 'timestampMs'> {
  waTimestamp: number;
  receivedAt: number;
  expiresAt: number;
  status: InboundStatus;
  /** 1 for a row inserted already 'forwarding' (claimed by the forward step in the same statement); default 0. */
  attempts?: number;
  errorMessage?: string | null;
}

/** One InsertInbox attempt as stored and as the window shows it. */
export type AttemptRow = ForwardAttemptDto;

export interface OtomaxAnswer {
  kodeInbox: number | null;
  status: number | null;
  desc: string | null;
  reply: string | null;
  raw: string | null;
  latencyMs: number;
}

export type InboundRepo = ReturnType<typeof createInboundRepo>;

/**
 * One question over inbound_messages for the outbox routing rule (electron/core/numbers/route.ts): which of these
 * numbers did this reseller last write to? Walks inbound_by_phone (sender_phone, received_at) newest first and
 * stops at the first row on a live number. Groups and our own echoes are not the reseller writing to a number.
 */
export interface InboundLastChat {
  lastNumberFor(phone: string, liveNumberIds: readonly string[]): string | null;
}

/** Exported for the query-plan test. */
export const LAST_CHAT_SQL = `SELECT session_id FROM inbound_messages
     WHERE sender_phone = ? AND from_me = 0 AND is_group = 0
       AND session_id IN (SELECT value FROM json_each(?))
     ORDER BY received_at DESC, id DESC LIMIT 1`;

/** Today's counters per status and per OtomaX answer, through inbound_by_status and inbound_by_otomax_status. */
export const STATUS_COUNTS_SQL = countsSinceSql({
  table: 'inbound_messages',
  key: 'status',
  time: 'received_at',
  as: 'status',
});
export const ANSWER_COUNTS_SQL = countsSinceSql({
  table: 'inbound_messages',
  key: 'otomax_status',
  time: 'received_at',
  as: 's',
});

export function createInboundRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO inbound_messages (session_id, wa_key, wa_id, chat_jid, participant_jid, sender_phone, sender_lid, push_name,
       from_me, is_group, is_media, text, wa_timestamp, received_at, expires_at, status, attempts, error_message)
     VALUES (@sessionId, @waKey, @waId, @chatJid, @participantJid, @senderPhone, @senderLid, @pushName,
       @fromMe, @isGroup, @isMedia, @text, @waTimestamp, @receivedAt, @expiresAt, @status, @attempts, @errorMessage)
     ON CONFLICT (wa_key) DO NOTHING RETURNING *`,
  );
  const byId = db.prepare<[number], InboundRow>('SELECT * FROM inbound_messages WHERE id = ?');
  const byWaKey = db.prepare<[string], InboundRow>('SELECT * FROM inbound_messages WHERE wa_key = ?');
  const setStatus = db.prepare<[InboundStatus, string | null, string | null, number]>(
    'UPDATE inbound_messages SET status = ?, error_class = ?, error_message = ? WHERE id = ?',
  );
  const startForward = db.prepare<[number]>(
    "UPDATE inbound_messages SET status = 'forwarding', attempts = attempts + 1 WHERE id = ? AND status = 'queued'",
  );
  const releaseForward = db.prepare<[number]>(
    "UPDATE inbound_messages SET status = 'queued', attempts = attempts - 1 WHERE id = ? AND status = 'forwarding'",
  );
  const setAnswer = db.prepare(
    `UPDATE inbound_messages SET status = 'forwarded', kode_inbox = @kodeInbox, otomax_status = @status, otomax_desc = @desc,
       otomax_reply = @reply, otomax_raw = @raw, latency_ms = @latencyMs, forwarded_at = @now, error_class = NULL, error_message = NULL
     WHERE id = @id`,
  );
  const setRead = db.prepare<[number, number]>('UPDATE inbound_messages SET read_at = ? WHERE id = ?');
  const addAttempt = db.prepare(
    `INSERT INTO forward_attempts (inbound_id, attempt, started_at, finished_at, outcome, http_status, error_message, latency_ms)
     VALUES (@inboundId, @attempt, @startedAt, @finishedAt, @outcome, @httpStatus, @error, @latencyMs)`,
  );
  const inFlight = db.prepare<[], InboundRow>(
    "SELECT * FROM inbound_messages WHERE status IN ('received', 'queued', 'forwarding') ORDER BY id",
  );
  const queuedIds = db.prepare<[number], { id: number }>(
    "SELECT id FROM inbound_messages WHERE status = 'queued' ORDER BY id LIMIT ?",
  );
  const attempts = db.prepare<[number], AttemptRow>(
    `SELECT attempt, started_at AS startedAt, finished_at AS finishedAt, outcome, http_status AS httpStatus,
       error_message AS error, latency_ms AS latencyMs FROM forward_attempts WHERE inbound_id = ? ORDER BY id`,
  );
  const byKodeInbox = db.prepare<[number], InboundRow>(
    'SELECT * FROM inbound_messages WHERE kode_inbox = ? ORDER BY id DESC LIMIT 1',
  );
  const waiting = db.prepare<[], { n: number; oldest: number | null }>(
    "SELECT count(*) AS n, min(received_at) AS oldest FROM inbound_messages WHERE status IN ('queued', 'forwarding')",
  );
  const countUncertain = db.prepare<[], { n: number }>(
    `SELECT count(*) AS n FROM inbound_messages WHERE status = 'failed' AND error_class IN ${UNCERTAIN_CLASSES_SQL}`,
  );
  const markChecked = db.prepare<[number]>(
    `UPDATE inbound_messages SET status = 'checked' WHERE id = ? AND status = 'failed' AND error_class IN ${UNCERTAIN_CLASSES_SQL}`,
  );
  const countQueued = db.prepare<[], { n: number }>(
    "SELECT count(*) AS n FROM inbound_messages WHERE status IN ('queued', 'forwarding')",
  );
  // The metrics snapshot's reads (today's counters, the last hour, latency percentiles): each reads only the rows of
  // its time range.
  const statusCounts = db.prepare<[number], { status: string; n: number }>(STATUS_COUNTS_SQL);
  const answerCounts = db.prepare<[number], { s: number; n: number }>(ANSWER_COUNTS_SQL);
  const perMinute = db.prepare<[number, number], { m: number; messages: number; errors: number }>(
    `SELECT received_at / 60000 AS m, count(*) AS messages,
       sum(CASE WHEN status IN ('failed', 'expired', 'sender_unknown') THEN 1 ELSE 0 END) AS errors
     FROM inbound_messages WHERE received_at >= ? AND received_at < ? GROUP BY m`,
  );
  const lastChat = db.prepare<[string, string], { session_id: string }>(LAST_CHAT_SQL);
  const latencies = db.prepare<[], { l: number }>(
    'SELECT latency_ms AS l FROM inbound_messages WHERE latency_ms IS NOT NULL ORDER BY id DESC LIMIT 200',
  );

  return {
    /** Insert a new message; null when the same WhatsApp message was already logged (a re-delivery). */
    insert(m: NewInbound): InboundRow | null {
      return (
        (insert.get({
          ...m,
          fromMe: m.fromMe ? 1 : 0,
          isGroup: m.isGroup ? 1 : 0,
          isMedia: m.isMedia ? 1 : 0,
          attempts: m.attempts ?? 0,
          errorMessage: m.errorMessage ?? null,
        }) as InboundRow | undefined) ?? null
      );
    },
    get: (id: number) => byId.get(id) ?? null,
    getByWaKey: (waKey: string) => byWaKey.get(waKey) ?? null,
    getByKodeInbox: (kode: number) => byKodeInbox.get(kode) ?? null,
    setStatus(id: number, status: InboundStatus, errorClass: string | null = null, errorMessage: string | null = null) {
      setStatus.run(status, errorClass, errorMessage, id);
    },
    /**
     * Mark as being forwarded; false when the row is no longer 'queued' (someone else took it, or it ended). On disk before the
     * InsertInbox goes out: after a power cut the row says "forwarding" (never resent), not "queued" (resent).
     */
    startForward: (id: number) => durably(db, () => startForward.run(id).changes === 1),
    /** startForward inside the caller's transaction (a group commit: synced before it resolves). */
    startForwardInTransaction: (id: number) => startForward.run(id).changes === 1,
    /** Undo a 'forwarding' mark whose InsertInbox never left (the pipeline stopped first): queued again. */
    releaseForward: (id: number) => releaseForward.run(id).changes === 1,
    setAnswer(id: number, a: OtomaxAnswer, now: number) {
      setAnswer.run({ id, now, ...a });
    },
    setRead: (id: number, now: number) => setRead.run(now, id),
    addAttempt(inboundId: number, a: AttemptRow) {
      addAttempt.run({ inboundId, ...a });
    },
    attempts: (inboundId: number) => attempts.all(inboundId),
    inFlight: () => inFlight.all(),
    queuedIds: (limit: number) => queuedIds.all(limit).map((r) => r.id),
    countQueued: () => countQueued.get()?.n ?? 0,
    /** Messages waiting for OtomaX, and since when the oldest waits (the overall state watches it). */
    waiting(): { count: number; oldestAt: number | null } {
      const r = waiting.get();
      return { count: r?.n ?? 0, oldestAt: r?.oldest ?? null };
    },
    /** Messages flagged "perlu dicek" that the owner has not marked checked yet. */
    countUncertain: () => countUncertain.get()?.n ?? 0,
    /** false when the row is not an unchecked uncertain one. */
    markChecked: (id: number) => markChecked.run(id).changes === 1,
    /** Messages received since `since`, by status. */
    statusCountsSince: (since: number) => statusCounts.all(since).filter((r) => r.n > 0),
    /** OtomaX answer codes of messages received since `since`. */
    answerCountsSince: (since: number) => answerCounts.all(since).filter((r) => r.n > 0),
    /** Messages and errors per minute (`m` = ms / 60000) received in [from, to). */
    perMinute: (from: number, to: number) => perMinute.all(from, to),
    /** InsertInbox latencies of the last 200 answered messages, newest first. */
    recentLatencies: () => latencies.all().map((r) => r.l),
    /** The live number this reseller last wrote to (the outbox sender rule's second step), or null. */
    lastNumberFor: (phone: string, liveNumberIds: readonly string[]): string | null =>
      liveNumberIds.length === 0 ? null : (lastChat.get(phone, JSON.stringify(liveNumberIds))?.session_id ?? null),
  };
}
