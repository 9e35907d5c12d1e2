import type { OutboundKind, OutboundStatus } from '../../../shared/dto';
import type { Clock } from '../kernel/clock';
import type { GroupCommit } from '../db/durable';
import type { Db } from '../db/open';
import { errorMessage, isAppError } from '../kernel/errors';
import type { Logger } from '../kernel/logger';
import { createEmitter } from './emitter';
import { normalizePhone } from './jid';
import { createLidMap } from './lid-map-repo';
import { createOutboundRepo, type NewOutbound, type OutboundRow, type ReceiptChange } from './outbound-repo';
import { RATE_LIMIT_BACKOFF } from './lifecycle';
import { heldKind, type Hold, type HoldReason, type ReplyHold } from './reply-hold';
import type { WhatsAppSession } from './session-port';

export interface SendQueueEvent {
  outboundId: number;
  waId: string;
  kind: OutboundKind;
  outboxId: number | null;
  inboundId: number | null;
  status: OutboundStatus;
  error?: string;
  at: number;
  /** When the row was queued and when it went out (the send-latency metric): the row as it is now, read once. */
  createdAt: number;
  sentAt: number | null;
}

export interface SendQueueEvents {
  sent: SendQueueEvent;
  failed: SendQueueEvent;
  receipt: SendQueueEvent;
  /** A queued reply waits (error: 'held:<reason>'); it is sent later or given up at its not_after. */
  held: SendQueueEvent;
}

export interface SendQueueDeps {
  db: Db;
  session: WhatsAppSession;
  /** Read on every send, so a changed setting applies at once. */
  ratePerSecond: () => number;
  clock: Clock;
  log: Logger;
  /** Real send errors (WhatsApp said no) before a row fails. Default 5. */
  maxAttempts?: number;
  /** [0, 1), for the pace jitter. */
  random?: () => number;
  /** Replies that must wait (a chat over its reply limit or paused); they never block other rows of the chat. */
  hold?: ReplyHold;
  /**
   * The engine's group commit: the sending mark (synced before the send leaves), the sent mark and the receipts
   * join the loop turn's one synced transaction instead of a sync each. Absent: a synced commit each.
   */
  commits?: Pick<GroupCommit, 'run'>;
}

export interface SendQueue {
  /** Synchronous, so the caller can insert inside its own db.transaction; the WhatsApp id is chosen here. */
  insertOutbound(row: NewOutbound, now: number): { id: number; waId: string };
  /** Look for work now (after inserting, outside the caller's transaction); `held`: a hold may have ended. */
  wake(o?: { held?: boolean }): void;
  /** Resume rows left 'queued' or 'sending' (a crash mid-send resends with the same WhatsApp id). */
  start(): void;
  /** No new sends; resolves when the sends in flight are done. */
  stop(): Promise<void>;
  on<E extends keyof SendQueueEvents>(event: E, listener: (e: SendQueueEvents[E]) => void): () => void;
}

const SCAN_LIMIT = 1_000;
const FIRST_PAGE_AND_LIMIT = [32, SCAN_LIMIT];
/** Every attempt counts, whatever went wrong: past this many a row fails rather than retry for hours. */
export const MAX_TOTAL_ATTEMPTS = 20;
/** Each gap between two sends is the paced interval ±25%: a fixed beat is easy to flag as a bot. */
export const PACE_JITTER = 0.25;
/**
 * The earliest not_after of the queued rows is kept in memory and asked of the database again at most this often
 * (rows another number's queue moved here, issue 17): asking at every pump read the whole backlog each time.
 */
export const EXPIRY_REFRESH_MS = 60_000;
/**
 * The first page of queued rows is kept this long (minus the rows started since) and a send starts from it: rows
 * only join the queue behind it, except the ones moved here from another number, seen within this time.
 */
export const HEAD_TTL_MS = 1_000;
/** A held row whose hold has no end of its own (an owner's pause) is looked at again after this (ms). */
export const HELD_RECHECK_MS = 5_000;
/** Held chats are asked again on a wake at most this often (ms). */
export const HELD_ASK_GAP_MS = 1_000;

function retryDelayMs(attempts: number): number {
  return Math.min(30_000, 2_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * One paced queue over outbound_messages: at most ratePerSecond sends start per second, one message per chat
 * at a time in insertion order, nothing sent while WhatsApp is down, rows past not_after fail as 'expired'.
 */
export function createSendQueue(deps: SendQueueDeps): SendQueue {
  const { session, clock, commits } = deps;
  const log = deps.log.child({ scope: 'send-queue', sessionId: session.id });
  const repo = createOutboundRepo(deps.db);
  const events = createEmitter<SendQueueEvents>(log);
  const maxAttempts = deps.maxAttempts ?? 5;
  const random = deps.random ?? Math.random;
  const lidMap = createLidMap(deps.db, session.id, clock);
  let gapFactor = 1;
  /** No send before this (WhatsApp's rate limit): the session's pause, or ours when it has none. */
  let pausedUntil = 0;
  const busyChats = new Set<string>();
  const notBefore = new Map<number, number>();
  const inFlight = new Set<Promise<void>>();
  let running = false;
  let lastStartAt = Number.NEGATIVE_INFINITY;
  /** The pace lets the next send start at this time (set when a pump stopped on it). */
  let paceUntil = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let timerAt = Number.POSITIVE_INFINITY;
  let unsubscribe: (() => void)[] = [];
  /** The earliest not_after among the queued rows (null: none), as of expiryCheckedAt; NaN = ask the database. */
  let nextExpiry: number | null = Number.NaN;
  let expiryCheckedAt = Number.NEGATIVE_INFINITY;
  /** The first page of queued rows as read at `at`, minus the rows started since; null = read afresh. */
  let head: { rows: OutboundRow[]; at: number } | null = null;
  /** Rows whose send has started and not ended: still 'queued' on disk until their sending mark commits. */
  const sending = new Set<number>();
  /**
   * A look reads only the rows that may go (repo.queuedReady): a held row (a chat's reply limit, an owner's pause)
   * is out of that read until its chat is asked again, from this time: the earliest hold's end (a pause:
   * HELD_RECHECK_MS), or at once after a release (issue 15: 14,000 held expiry notices to one reseller were read and
   * re-marked at every look, the event loop lagged 26 s, and the rows behind the first 1,000 were never reached).
   */
  let heldRecheckAt = Number.NEGATIVE_INFINITY;
  let heldAskedAt = Number.NEGATIVE_INFINITY;
  /** A row with this not_after is queued (inserted, or back from sending): the next expiry may be sooner. */
  const noteNotAfter = (notAfter: number | null | undefined) => {
    if (notAfter === null || notAfter === undefined || Number.isNaN(nextExpiry)) return;
    nextExpiry = nextExpiry === null ? notAfter : Math.min(nextExpiry, notAfter);
  };

  const eventOf = (row: OutboundRow, status: OutboundStatus, error?: string): SendQueueEvent => ({
    outboundId: row.id,
    waId: row.wa_id,
    kind: row.kind,
    outboxId: row.outbox_id,
    inboundId: row.inbound_id,
    status,
    ...(error ? { error } : {}),
    at: clock.now(),
    createdAt: row.created_at,
    sentAt: row.sent_at,
  });

  const schedule = (at: number) => {
    if (!running || !Number.isFinite(at) || (timer && timerAt <= at)) return;
    if (timer) clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(
      () => {
        timer = null;
        timerAt = Number.POSITIVE_INFINITY;
        pump();
      },
      Math.max(0, at - clock.now()),
    );
  };

  const expireDue = (now: number) => {
    // Nothing queued can be due before the earliest not_after we know of: no read of the backlog at each pump.
    const known = !Number.isNaN(nextExpiry) && now - expiryCheckedAt < EXPIRY_REFRESH_MS;
    if (known && (nextExpiry === null || (nextExpiry as number) >= now)) {
      if (nextExpiry !== null) schedule(nextExpiry + 1);
      return;
    }
    for (const row of repo.expire(session.id, now)) {
      head = null;
      notBefore.delete(row.id);
      log.warn({ outboundId: row.id, kind: row.kind }, 'outbound message expired before it could be sent');
      events.emit('failed', eventOf(row, 'failed', 'expired'));
    }
    const next = repo.nextNotAfter(session.id);
    nextExpiry = next;
    expiryCheckedAt = now;
    if (next !== null) schedule(next + 1);
  };

  const send = async (row: OutboundRow) => {
    try {
      const marked = commits
        ? await commits.run(() => repo.markSendingInTransaction(row.id))
        : repo.markSending(row.id);
      if (!marked) return;
      const quoted = row.quoted_wa_key ? repo.quoted(row.quoted_wa_key) : undefined;
      const result = await session.sendText(row.to_jid, row.text, {
        messageId: row.wa_id,
        ...(quoted ? { quoted } : {}),
      });
      notBefore.delete(row.id);
      const at = clock.now();
      const sent = commits
        ? await commits.run(() => repo.markSent(row.id, at, result.message))
        : repo.markSent(row.id, at, result.message);
      if (sent) events.emit('sent', eventOf(sent, 'sent'));
    } catch (err) {
      const message = errorMessage(err);
      const rateLimited = isAppError(err) && err.code === 'RATE_LIMITED';
      const linkDown = !rateLimited && ((isAppError(err) && err.code === 'NOT_CONNECTED') || !session.isConnected());
      const attempts = row.attempts + 1;
      if (attempts >= MAX_TOTAL_ATTEMPTS || (!linkDown && !rateLimited && attempts >= maxAttempts)) {
        const failed = repo.markFailed(row.id, message);
        if (failed) {
          notBefore.delete(row.id);
          log.warn({ outboundId: row.id, attempts, err: message }, 'outbound message failed');
          events.emit('failed', eventOf(failed, 'failed', message));
        }
      } else if (rateLimited) {
        // Every queued message waits, not just this one: resending into a rate limit is how numbers get banned.
        repo.requeue(row.id, message, false);
        noteNotAfter(row.not_after);
        head = null;
        const now = clock.now();
        pausedUntil = Math.max(pausedUntil, session.status().sendPausedUntil ?? now + RATE_LIMIT_BACKOFF.baseMs);
        log.warn({ outboundId: row.id, attempts, pausedUntil }, 'WhatsApp rate limit: all sends paused');
      } else if (linkDown) {
        // Counted, and not again at once: a link that drops under every send must not become a resend loop.
        repo.requeue(row.id, message, false);
        noteNotAfter(row.not_after);
        head = null;
        notBefore.set(row.id, clock.now() + retryDelayMs(attempts));
        log.info({ outboundId: row.id, attempts }, 'WhatsApp connection lost while sending: message waits');
      } else {
        repo.requeue(row.id, message, false);
        noteNotAfter(row.not_after);
        head = null;
        notBefore.set(row.id, clock.now() + retryDelayMs(attempts));
        log.warn({ outboundId: row.id, attempts, err: message }, 'send failed: will retry');
      }
    } finally {
      busyChats.delete(row.to_jid);
      pump();
    }
  };

  /** A receipt moved a row forward (stored): a late 'sent', a delivery or read, or WhatsApp's rejection. */
  function onReceipt(change: ReceiptChange | null): void {
    if (!change) return;
    const { row, previous } = change;
    if (row.status === 'failed') {
      events.emit('failed', eventOf(row, 'failed', 'WhatsApp rejected the message'));
      return;
    }
    if (previous === 'queued' || previous === 'sending') events.emit('sent', eventOf(row, 'sent'));
    if (row.status !== 'sent') events.emit('receipt', eventOf(row, row.status));
  }

  function lidFor(phone: string): string | null {
    try {
      return lidMap.lidFor(normalizePhone(phone, 'toPhone'));
    } catch {
      return null; // the repo reports the bad phone
    }
  }

  /**
   * Each chat with held rows asked again (one row of each): a chat now free gets its held rows back in the queue's
   * order (unmarked, so the next read has them), a chat still held sets when to ask again.
   */
  function recheckHeld(now: number): void {
    heldRecheckAt = Number.POSITIVE_INFINITY;
    heldAskedAt = now;
    for (const row of repo.heldChats(session.id)) {
      const held = deps.hold?.(row, now) ?? null;
      if (!held) repo.unhold(session.id, row.to_phone);
      else heldRecheckAt = Math.min(heldRecheckAt, held.until ?? now + HELD_RECHECK_MS);
    }
  }

  function pump(): void {
    if (!running) return;
    const now = clock.now();
    expireDue(now);
    if (!session.isConnected()) {
      // Rows of a number that is down may move to another number (issue 17): read afresh once it is back.
      head = null;
      return; // the 'open' status wakes us
    }
    const paused = Math.max(pausedUntil, session.status().sendPausedUntil ?? 0);
    if (paused > now) {
      schedule(paused);
      return;
    }
    const interval = (1000 / Math.max(0.1, deps.ratePerSecond())) * gapFactor;
    if (lastStartAt + interval > now) {
      // The pace lets nothing start yet: the backlog is read when it does (held replies are marked then).
      paceUntil = lastStartAt + interval;
      schedule(paceUntil);
      return;
    }
    let blocked = new Set(busyChats);
    let wakeAt = Number.POSITIVE_INFINITY;
    let started = false;
    const holds = new Map<string, Hold | null>();
    /** The rows this look found held, marked together at its end (one commit, not one synced commit each). */
    const marks = new Map<number, { row: OutboundRow; reason: HoldReason }>();
    if (now >= heldRecheckAt) recheckHeld(now);
    /** One queued row, oldest first: skipped (chat busy, held, waiting), started, or the pace stops the pass. */
    const consider = (row: OutboundRow): 'next' | 'paced' => {
      // Only the oldest queued message of a chat may go, and only when none of that chat is in flight.
      if (blocked.has(row.to_jid)) return 'next';
      // One answer per chat and pass: a long held backlog costs one query, not one per row. The rows a hold never
      // applies to (a transaction result, a "being checked" notice) have an answer of their own.
      const key = `${heldKind(row.kind) ? 'r' : 'o'}|${row.to_phone}`;
      const held = holds.has(key) ? holds.get(key) : (deps.hold?.(row, now) ?? null);
      holds.set(key, held ?? null);
      if (held) {
        heldRecheckAt = Math.min(heldRecheckAt, held.until ?? now + HELD_RECHECK_MS);
        if (!marks.has(row.id)) marks.set(row.id, { row, reason: held.reason });
        if (held.until !== null) wakeAt = Math.min(wakeAt, held.until);
        return 'next';
      }
      if (row.not_after !== null && row.not_after < now) {
        // Past its limit (moved here from another number since the last look): never sent, expired at once.
        nextExpiry = Number.NaN;
        wakeAt = now;
        return 'next';
      }
      blocked.add(row.to_jid);
      const waitUntil = notBefore.get(row.id);
      if (waitUntil !== undefined && waitUntil > now) {
        wakeAt = Math.min(wakeAt, waitUntil);
        return 'next';
      }
      if (lastStartAt + interval > now) {
        wakeAt = Math.min(wakeAt, lastStartAt + interval);
        paceUntil = lastStartAt + interval;
        return 'paced';
      }
      lastStartAt = now;
      gapFactor = 1 + (random() * 2 - 1) * PACE_JITTER;
      busyChats.add(row.to_jid);
      started = true;
      if (head) head.rows = head.rows.filter((r) => r.id !== row.id);
      sending.add(row.id);
      const p = send(row);
      inFlight.add(p);
      void p.finally(() => {
        inFlight.delete(p);
        sending.delete(row.id);
      });
      return 'next';
    };
    // The head of the queue as last read: a send starts from it without reading the backlog again (a read costs
    // O(queued): 2.8 ms at 10,000, once per send at 50/s). When it holds nothing that may start, read afresh.
    if (head && now - head.at < HEAD_TTL_MS) {
      for (const row of head.rows) if (consider(row) === 'paced') break;
      if (started) {
        markHeld(marks);
        schedule(Math.min(wakeAt, heldRecheckAt));
        return;
      }
      blocked = new Set(busyChats);
    }
    // A small page first: the pace usually stops the scan within a few rows, and a backlog of thousands would
    // otherwise be read whole at every pump. Scanning the larger page again is harmless (rows already started or
    // held are skipped, a held mark is written once).
    scan: for (const limit of FIRST_PAGE_AND_LIMIT) {
      const rows = repo.queuedReady(session.id, limit);
      // A row read while its sending mark waits for the group commit is not kept: once its send ended it would be
      // started again from the head (a no-op mark, but a pace slot lost).
      if (limit === FIRST_PAGE_AND_LIMIT[0]) head = { rows: rows.filter((r) => !sending.has(r.id)), at: now };
      for (const row of rows) if (consider(row) === 'paced') break scan;
      if (rows.length < limit) break;
    }
    markHeld(marks);
    // The held rows' next look is kept even by looks that did not read them.
    schedule(Math.min(wakeAt, heldRecheckAt));
  }

  /** A look's held rows, marked in one transaction; a row whose reason changed is told (logged, 'held'). */
  function markHeld(marks: ReadonlyMap<number, { row: OutboundRow; reason: HoldReason }>): void {
    if (marks.size === 0) return;
    const changed = new Set(repo.markHeldAll([...marks.values()].map((m) => ({ id: m.row.id, reason: m.reason }))));
    for (const { row, reason } of marks.values()) {
      if (!changed.has(row.id)) continue;
      log.info({ outboundId: row.id, reason }, 'reply held');
      events.emit('held', eventOf(row, 'queued', `held:${reason}`));
    }
  }

  return {
    // A message with only a phone (OtomaX's outbox) goes to the chat's LID when WhatsApp keeps that chat by
    // LID: sent to phone@s.whatsapp.net it would not show on the shop's own phone (Baileys #2645).
    insertOutbound: (row, now) => {
      const inserted = repo.insert(row.toJid ? row : { ...row, toJid: lidFor(row.toPhone) }, now);
      if (row.sessionId === session.id) noteNotAfter(row.notAfter);
      return inserted;
    },
    wake: (o?: { held?: boolean }) => {
      // A release (an owner freed a chat) or a re-route: the held chats are asked again at the next look; any other
      // wake asks them at most once a second (a release that came without its flag waits that long, not 5 s).
      const now = clock.now();
      if (o?.held || now - heldAskedAt >= HELD_ASK_GAP_MS) {
        heldRecheckAt = Math.min(heldRecheckAt, now);
        if (o?.held) head = null;
      }
      // While the pace lets nothing start, the timer already set for the next start will scan the queue (and
      // mark new held replies then): a wake per inserted row would rescan the whole backlog each time, O(n²) in
      // a burst of OtomaX callbacks (issue 15: 131 callbacks/s with p99 1.6 s, all of it this scan).
      if (running && timer && timerAt <= paceUntil && paceUntil > clock.now()) return;
      pump();
    },
    on: (event, listener) => events.on(event, listener),
    start() {
      if (running) return;
      running = true;
      head = null;
      const resumed = repo.resume(session.id);
      if (resumed) log.info({ resumed }, 'resending messages interrupted mid-send (same WhatsApp ids)');
      unsubscribe = [
        session.on('status', (s) => {
          if (s.state === 'open') pump();
        }),
        session.on('receipt', (r) => {
          if (!commits) return onReceipt(repo.applyReceipt(session.id, r));
          // Stored with the loop turn's other commits; receipts keep their order (the group runs in order).
          commits
            .run(() => repo.applyReceipt(session.id, r))
            .then(onReceipt, (err: unknown) =>
              log.warn({ waId: r.waId, err: errorMessage(err) }, 'could not store a WhatsApp receipt'),
            );
        }),
      ];
      pump();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      timerAt = Number.POSITIVE_INFINITY;
      for (const off of unsubscribe) off();
      unsubscribe = [];
      await Promise.all([...inFlight]);
    },
  };
}
