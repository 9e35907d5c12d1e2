import type { OutboundKind } from '../../../shared/dto';
import type { Settings } from '../../../shared/settings';
import type { Clock } from '../kernel/clock';
import { createGroupCommit, durably, type GroupCommit } from '../db/durable';
import type { Db } from '../db/open';
import type { Logger } from '../kernel/logger';
import type { Metrics } from '../kernel/metrics';
import type { OutboxPayload } from '../otomax';
import type { OtomaxReachability } from '../otomax';
import { tooLongReason } from './outbox-limits';
import { createReportStep } from './outbox-report';
import type { OutboxRepo, OutboxStart } from './outbox-repo';
import type { OtomaxLookup, OutboundPort, SendOutcome } from './ports';
import { createReplyDedupe, type ReplyDedupe } from './reply-dedupe';

export interface OutboxPipelineDeps {
  db: Db;
  outbox: OutboxRepo;
  outbound: OutboundPort;
  /** null while OtomaX is not configured: reports wait. */
  otomax: OtomaxLookup;
  settings: () => Settings;
  /** The primary number: sends every outbox message when no `route` is given. */
  sessionId: string;
  /** Which number sends this outbox message (numbers/route.ts); absent = `sessionId`. Inside the transaction. */
  route?: (m: OutboxPayload, now: number) => string;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  reachability: OtomaxReachability;
  onRow: (outboxId: number) => void;
  /** Backoff of UpdateStatusOutbox retries (ms), capped at the last value. */
  reportBackoffMs?: number[];
  /** The reply-versus-outbox rule; built on `db` when not given. */
  dedupe?: ReplyDedupe;
  /** Callbacks are stored through this group commit (one sync for a burst); its own when not given. */
  commits?: GroupCommit;
}

/**
 * OtomaX → WhatsApp: persist the callback first (unique on kode), send over WhatsApp through the durable send
 * queue, then tell OtomaX with UpdateStatusOutbox 20 (sent) or 40 (gave up), retried until OtomaX accepts it.
 */
export function createOutboxPipeline(deps: OutboxPipelineDeps) {
  const { db, outbox, outbound, clock, log, metrics } = deps;
  const commits = deps.commits ?? createGroupCommit(db);
  const dedupe =
    deps.dedupe ??
    createReplyDedupe({ outboxHasText: outbox.hasSameText, autoReplyWithText: outbound.autoReplyWithText });
  const reporter = createReportStep({
    ...deps,
    commits,
    ...(deps.reportBackoffMs ? { backoffMs: deps.reportBackoffMs } : {}),
  });
  const scheduleReport = () => reporter.kick();

  /** The WhatsApp send carrying an outbox message ended: 20 (sent) or 40 (gave up) for OtomaX. */
  const settleIn = (outboxId: number, kind: OutboundKind, sent: boolean, error: string | null, now: number) => {
    if (sent) outbox.setStatus(outboxId, kind === 'auto_reply' ? 'duplicate_text' : 'sent', 20, null, now);
    else outbox.setStatus(outboxId, 'failed', 40, error ?? 'not delivered');
  };
  const settled = (outboxId: number, sent: boolean) => {
    if (sent) metrics.outboxDelivered.inc();
    else metrics.outboxFailed.inc();
    deps.onRow(outboxId);
  };
  // On disk before UpdateStatusOutbox goes out: a power cut must not bring the row back to "sending" and report twice.
  const settle = (outboxId: number, kind: OutboundKind, sent: boolean, error: string | null) => {
    durably(db, () => settleIn(outboxId, kind, sent, error, clock.now()));
    settled(outboxId, sent);
  };

  return {
    /** Persist one callback message; resolves after the (group) commit that holds it, so the 200 follows it. */
    async receive(m: OutboxPayload, raw: string): Promise<{ duplicate: boolean; id: number; status: string }> {
      const now = clock.now();
      // On disk before the 200: OtomaX stops retrying once it has it, so a rolled-back row would be a lost result.
      // Stored with the other callbacks of this loop turn in one synced transaction (db/durable.ts group commit).
      const result = await commits.run(() => {
        const row = {
          kode: m.kode,
          penerima: m.recipient,
          pesan: m.text,
          kodeInbox: m.kodeInbox,
          kodeTransaksi: m.kodeTransaksi,
          kodeReseller: m.kodeReseller,
          raw,
          receivedAt: now,
        };
        // What becomes of it is decided first and the row stored in that state: one write, not an insert and an
        // update (issue 15). A repeated kode stores nothing and answers with the row OtomaX already gave us.
        const store = (start: OutboxStart): number | null => outbox.insertAs(row, start);
        const repeated = () => {
          const existing = outbox.getByKode(m.kode);
          return { duplicate: true, id: existing?.id ?? 0, status: existing?.status ?? 'received' };
        };
        const tooLong = tooLongReason(m.text);
        if (tooLong) {
          // Refused, not split: OtomaX hears 40 and the owner sees why on the row.
          const id = store({ status: 'too_long', reportStatus: 40, error: tooLong, deliveredAt: null });
          return id === null ? repeated() : { duplicate: false, id, status: 'too_long' };
        }
        const reply = dedupe.autoReplyFor(m.kodeInbox, m.recipient, m.text);
        if (reply.kind === 'carried') {
          const id = store({ status: 'duplicate_text', reportStatus: 20, error: null, deliveredAt: now });
          return id === null ? repeated() : { duplicate: false, id, status: 'duplicate_text' };
        }
        const id = store({ status: 'sending', reportStatus: null, error: null, deliveredAt: null });
        if (id === null) return repeated();
        if (reply.kind === 'pending') {
          // The same text is still waiting to go out as the auto-reply: OtomaX hears its real outcome.
          outbound.linkOutbox(reply.outboundId, id);
          return { duplicate: false, id, status: 'sending' };
        }
        const maxAge = deps.settings().outboxMaxAgeHours * 3_600_000;
        outbound.insert(
          {
            sessionId: deps.route?.(m, now) ?? deps.sessionId,
            toPhone: m.recipient,
            text: m.text,
            kind: 'outbox',
            outboxId: id,
            notAfter: now + maxAge,
          },
          now,
        );
        return { duplicate: false, id, status: 'sending' };
      });
      if (!result.duplicate) {
        metrics.outboxReceived.inc();
        if (result.status === 'duplicate_text') {
          metrics.outboxDuplicateText.inc();
          scheduleReport();
        } else if (result.status === 'too_long') {
          metrics.outboxFailed.inc();
          log.warn({ kode: m.kode, outboxId: result.id }, 'outbox text longer than WhatsApp allows: refused');
          scheduleReport();
        } else outbound.wake();
        // The window's read of the row (a query and its event, on every callback while a window is open: the desktop
        // app relays events from its start) waits a loop turn, so it runs after OtomaX's 200 is written, not on its
        // way (issue 15).
        const id = result.id;
        setImmediate(() => deps.onRow(id));
      }
      return result;
    },
    /** The send queue finished an outbound message. */
    onSendOutcome(o: SendOutcome) {
      // The outcome carries the link as it was when the send ended (an auto-reply may have been linked since it
      // was queued): see outbound-repo markSent/markFailed.
      const outboxId = o.outboxId;
      if (outboxId === null) return;
      const sent = o.status === 'sent';
      const now = clock.now();
      // With the loop turn's other commits (one sync); the report is asked for once the result is on disk.
      commits
        .run(() => settleIn(outboxId, o.kind, sent, o.error ?? null, now))
        .then(
          () => {
            settled(outboxId, sent);
            scheduleReport();
          },
          (e: unknown) => log.error({ err: e, outboxId }, 'could not store an outbox result; settled at next start'),
        );
    },
    start() {
      reporter.start();
      for (const r of outbox.settledWhileAway()) settle(r.outboxId, r.kind, r.status !== 'failed', r.error);
      scheduleReport();
    },
    stop: () => reporter.stop(),
    /** Poke the reporter (OtomaX was just configured, or came back). */
    kick: scheduleReport,
    depth: () => outbox.countUnreported(),
  };
}

export type OutboxPipeline = ReturnType<typeof createOutboxPipeline>;
