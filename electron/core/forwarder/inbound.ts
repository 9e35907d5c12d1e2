import PQueue from 'p-queue';
import type { ForwardingState, InboundStatus } from '../../../shared/dto';
import type { Settings } from '../../../shared/settings';
import type { Clock } from '../clock';
import { createGroupCommit, type GroupCommit } from '../db/durable';
import type { Db } from '../db/open';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics/metrics';
import type { OtomaxReachability } from '../otomax-state';
import { formatOtomaxExp, INSERT_INBOX_TTL_MS } from '../otomax/exp';
import { classifyFailure } from './classify';
import { autoReplyText, RETRY_LATER_MS } from './inbound-rules';
import { uncertainReason } from './uncertain';

export { autoReplyText, EXPIRED_NOTICE, RETRY_LATER_MS } from './inbound-rules';
import type { InboundRepo, InboundRow } from './inbound-repo';
import type { IncomingMessage, InsertInboxAnswer, OtomaxPort, OutboundPort } from './ports';
import type { ReplyLimiter } from './reply-limiter';

export interface InboundPipelineDeps {
  db: Db;
  inbound: InboundRepo;
  outbound: OutboundPort;
  otomax: () => OtomaxPort;
  markRead: (m: { chatJid: string; waId: string; participantJid: string | null }) => Promise<void>;
  settings: () => Settings;
  switches: () => ForwardingState;
  /** The connected account's own number (for messages the owner sends from the phone). */
  ownPhone: () => string | null;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  reachability: OtomaxReachability;
  limiter: ReplyLimiter;
  /** A row changed: the UI shows it. */
  onRow: (inboundId: number) => void;
  /** Messages held in memory at most; the rest wait in the database and are swept in. */
  maxPending?: number;
  /** The forwarding marks and the answers are stored through this group commit; its own when not given. */
  commits?: GroupCommit;
}

export function createInboundPipeline(deps: InboundPipelineDeps) {
  const { db, inbound, outbound, clock, log, metrics } = deps;
  const maxPending = deps.maxPending ?? 1000;
  const commits = deps.commits ?? createGroupCommit(db);
  const queue = new PQueue({ concurrency: deps.settings().otomaxConcurrency });
  const scheduled = new Set<number>();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const ourSend = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM outbound_messages WHERE wa_id = ?');
  const sameOutboxText = db.prepare<[number, string, string], { one: number }>(
    'SELECT 1 AS one FROM outbox_messages WHERE kode_inbox = ? AND penerima = ? AND pesan = ? LIMIT 1',
  );

  // The chat the message came from, as WhatsApp addressed it (a LID chat gets its reply at the LID).
  const replyTarget = (row: InboundRow) => ({
    toPhone: row.sender_phone as string,
    toJid: row.chat_jid,
  });

  /**
   * Inside a transaction: queue a reply quoting the original. Over the chat's per-minute limit it is held by the
   * send queue (never dropped) until the chat is under its limit again, or given up at notAfter (10 minutes).
   */
  const queueReply = (
    row: InboundRow,
    text: string,
    kind: 'auto_reply' | 'expired_notice' | 'check_notice',
    now: number,
  ): boolean => {
    if (row.from_me || !row.sender_phone) return false;
    if (deps.limiter.note(row.sender_phone)) {
      log.warn({ inboundId: row.id, kind }, 'chat paused: it keeps passing its reply limit (two auto-responders?)');
    }
    outbound.insert(
      {
        sessionId: row.session_id,
        ...replyTarget(row),
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

  /** `late`: it reached us after _exp (the phone was offline); `otomax`: it waited for OtomaX (or us) too long. */
  const expire = (row: InboundRow, reason: string, cause: 'late' | 'otomax' = 'otomax') => {
    const now = clock.now();
    const s = deps.settings();
    const text = cause === 'late' ? s.otomaxLateNotice : s.otomaxTroubleNotice;
    const replied = db.transaction(() => {
      inbound.setStatus(row.id, 'expired', cause === 'late' ? 'late' : 'expired', reason);
      return s.otomaxReplyOnExpired ? queueReply(row, text, 'expired_notice', now) : false;
    })();
    metrics.expired.inc();
    if (replied) outbound.wake();
    deps.onRow(row.id);
  };

  /**
   * OtomaX may or may not have this message: never sent again, flagged "perlu dicek" for the owner, and the reseller
   * told once (in the same transaction as the flag, so a crash cannot send it twice or lose it) not to resend yet.
   */
  const uncertain = (row: InboundRow, errorClass: string, message: string) => {
    const now = clock.now();
    const text = deps.settings().otomaxCheckReply.trim();
    const replied = db.transaction(() => {
      inbound.setStatus(row.id, 'failed', errorClass, message);
      return text ? queueReply(row, text, 'check_notice', now) : false;
    })();
    metrics.uncertain.inc({ reason: uncertainReason(errorClass) ?? 'unreadable' });
    log.warn({ inboundId: row.id, class: errorClass }, 'OtomaX may have this message: flagged for the owner to check');
    if (replied) outbound.wake();
    deps.onRow(row.id);
  };

  /** Rows waiting out a retry delay: the sweep leaves them alone until then. */
  const notBefore = new Map<number, number>();
  const later = (id: number, ms: number) => {
    notBefore.set(id, clock.now() + ms);
    const t = setTimeout(() => {
      timers.delete(t);
      notBefore.delete(id);
      schedule(id);
    }, ms);
    t.unref?.();
    timers.add(t);
  };

  const failed = (row: InboundRow, e: unknown) => {
    const c = classifyFailure(e);
    metrics.errors.inc({ class: c.klass });
    deps.reachability.error(c.message, c.definite, c.klass);
    const fresh = inbound.get(row.id) ?? row;
    if (c.klass === 'expired') return expire(fresh, c.message);
    if (c.retryLater && stopped) {
      // Shutting down: leave it queued; the next start sends it if _exp still allows.
      inbound.setStatus(row.id, 'queued', c.klass, c.message);
      return;
    }
    if (c.retryLater && clock.now() + RETRY_LATER_MS < row.expires_at) {
      inbound.setStatus(row.id, 'queued', c.klass, c.message);
      deps.onRow(row.id);
      return later(row.id, RETRY_LATER_MS);
    }
    if (c.retryLater) return expire(fresh, `OtomaX did not take it before _exp: ${c.message}`);
    if (uncertainReason(c.klass)) return uncertain(fresh, c.klass, c.message);
    inbound.setStatus(row.id, 'failed', c.klass, c.message);
    log.warn({ inboundId: row.id, class: c.klass, error: c.message }, 'InsertInbox failed');
    deps.onRow(row.id);
  };

  /** OtomaX answered: record it, queue the auto-reply in the same transaction, then mark the message read. */
  const answered = async (row: InboundRow, answer: InsertInboxAnswer, started: number) => {
    const now = clock.now();
    deps.reachability.ok();
    const reply = deps.switches().autoReply ? autoReplyText(answer.status, answer.pesan, answer.statusDesc) : null;
    // Group commit (issue 15): the answers of the InsertInbox calls in flight share one synced transaction.
    const replied = await commits.run(() => {
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
      if (
        answer.kode_inbox !== null &&
        row.sender_phone &&
        sameOutboxText.get(answer.kode_inbox, row.sender_phone, reply)
      )
        return false;
      return queueReply(row, reply, 'auto_reply', now);
    });
    metrics.forwarded.inc();
    metrics.answered.inc({ status: String(answer.status ?? 'none') });
    if (replied) {
      metrics.autoReplies.inc();
      outbound.wake();
    }
    deps.onRow(row.id);
    if (!row.from_me) {
      deps
        .markRead({ chatJid: row.chat_jid, waId: row.wa_id, participantJid: row.participant_jid })
        .then(() => commits.run(() => inbound.setRead(row.id, clock.now())))
        .catch((e: unknown) => log.debug({ err: e, inboundId: row.id }, 'mark read failed'));
    }
  };

  const forward = async (id: number): Promise<void> => {
    const row = inbound.get(id);
    if (!row || row.status !== 'queued') return;
    const s = deps.settings();
    if (!deps.switches().forwarding) {
      inbound.setStatus(id, 'not_forwarded', null, 'forwarding was switched off before it was sent');
      deps.onRow(id);
      return;
    }
    if (clock.now() >= row.expires_at) return expire(row, 'waited past _exp before it could be sent');
    let client: OtomaxPort;
    try {
      client = deps.otomax();
    } catch (e) {
      // Not configured yet: the message stays queued and goes when OtomaX is set up, or expires.
      const c = classifyFailure(e);
      inbound.setStatus(id, 'queued', c.klass, c.message);
      deps.onRow(id);
      return later(id, RETRY_LATER_MS);
    }
    const pengirim = row.from_me ? deps.ownPhone() : row.sender_phone;
    // On disk before the InsertInbox goes out; the marks of the messages starting together share one sync.
    if (!pengirim || !(await commits.run(() => inbound.startForwardInTransaction(id)))) return;
    deps.onRow(id);
    const started = clock.now();
    let answer: InsertInboxAnswer;
    try {
      answer = await client.insertInbox(
        {
          pesan: row.text,
          kode_reseller: s.otomaxDefaultReseller,
          pengirim,
          tipe_pengirim: 'W',
          kode_terminal: s.otomaxDefaultKodeTerminal,
          _exp: formatOtomaxExp(row.expires_at),
        },
        {
          // A second InsertInbox can be a second money transaction: retry only what OtomaX surely did not process.
          safeRetryOnly: true,
          onAttempt: (a) => {
            inbound.addAttempt(id, a);
            if (a.attempt > 1) metrics.retries.inc();
            if (a.outcome === 'ok') metrics.otomaxLatency.observe(a.latencyMs / 1000);
            // The first failed try turns the row into "waiting for OtomaX": show it now, not after the backoff.
            else if (a.attempt === 1) deps.onRow(id);
          },
        },
      );
    } catch (e) {
      return failed(row, e);
    }
    // Outside the try: OtomaX has the message, so nothing after this may turn it into a failure to resend.
    await answered(row, answer, started);
  };

  function schedule(id: number) {
    if (stopped || scheduled.has(id) || scheduled.size >= maxPending) return;
    scheduled.add(id);
    void queue
      .add(() => forward(id))
      .catch((e: unknown) => log.error({ err: e, inboundId: id }, 'forward crashed'))
      .finally(() => scheduled.delete(id));
  }

  /** Pick up rows that waited in the database (more than maxPending, or retries after a restart). */
  const sweep = () => {
    if (stopped || scheduled.size >= maxPending) return;
    const now = clock.now();
    for (const id of inbound.queuedIds(maxPending - scheduled.size)) {
      if ((notBefore.get(id) ?? 0) <= now) schedule(id);
    }
  };
  let sweeper: NodeJS.Timeout | null = null;

  return {
    /** A message from WhatsApp: logged first (a re-delivery is a no-op), then forwarded. Synchronous. */
    accept(m: IncomingMessage): 'logged' | 'duplicate' | 'ignored' {
      const s = deps.settings();
      if (m.fromMe && (!s.otomaxForwardOutgoing || ourSend.get(m.waId))) return 'ignored';
      if (m.isGroup && !s.otomaxForwardGroups) return 'ignored';
      if (m.isMedia && !s.otomaxForwardMedia) return 'ignored';
      if (!m.text.trim()) return 'ignored';
      const now = clock.now();
      // _exp = WhatsApp timestamp + 30 s (the OtomaX protocol page).
      const expiresAt = m.timestampMs + INSERT_INBOX_TTL_MS;
      const sender = m.fromMe ? deps.ownPhone() : m.senderPhone;
      let status: InboundStatus = 'queued';
      let error: string | null = null;
      if (!sender) {
        status = 'sender_unknown';
        error = m.senderLid ? `no phone number known for ${m.senderLid}` : 'sender has no phone number';
      } else if (!deps.switches().forwarding || (!m.fromMe && !s.otomaxForwardIncoming)) status = 'not_forwarded';
      else if (now >= expiresAt) status = 'expired';
      const row = inbound.insert({
        ...m,
        senderPhone: m.fromMe ? sender : m.senderPhone,
        waTimestamp: m.timestampMs,
        receivedAt: now,
        expiresAt,
        status: status === 'expired' ? 'received' : status,
        errorMessage: error,
      });
      if (!row) {
        metrics.duplicates.inc();
        return 'duplicate';
      }
      metrics.inbound.inc({ status });
      if (status === 'expired') expire(row, 'arrived after _exp (the phone or this app was offline)', 'late');
      else deps.onRow(row.id);
      if (status === 'queued') schedule(row.id);
      return 'logged';
    },
    /** Resume what a previous run left mid-flight. */
    recover() {
      const now = clock.now();
      for (const row of inbound.inFlight()) {
        if (row.status === 'forwarding') {
          // The InsertInbox may have reached OtomaX before the crash: sending it again could be a second transaction.
          uncertain(row, 'interrupted', 'interrupted mid-send by a restart: check OtomaX before asking for a resend');
        } else if (now >= row.expires_at) expire(row, 'expired while the app was not running');
        else if (row.status === 'received') {
          inbound.setStatus(row.id, 'queued');
          schedule(row.id);
        } else schedule(row.id);
      }
    },
    start() {
      stopped = false;
      sweeper = setInterval(sweep, 1000);
      sweeper.unref?.();
    },
    async stop() {
      stopped = true;
      if (sweeper) clearInterval(sweeper);
      for (const t of timers) clearTimeout(t);
      timers.clear();
      notBefore.clear();
      queue.clear();
      await queue.onIdle();
    },
    depth: () => inbound.countQueued(),
    setConcurrency(n: number) {
      queue.concurrency = n;
    },
  };
}

export type InboundPipeline = ReturnType<typeof createInboundPipeline>;
