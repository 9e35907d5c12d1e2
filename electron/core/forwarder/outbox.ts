import type { OutboundKind } from '../../../shared/dto';
import type { Settings } from '../../../shared/settings';
import type { Clock } from '../clock';
import { createGroupCommit, durably, type GroupCommit } from '../db/durable';
import type { Db } from '../db/open';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics/metrics';
import type { OutboxPayload } from '../otomax/callback-payload';
import type { OtomaxReachability } from '../otomax-state';
import { classifyFailure } from './classify';
import { tooLongReason } from './outbox-limits';
import type { OutboxRepo } from './outbox-repo';
import type { OtomaxPort, OutboundPort, SendOutcome } from './ports';

export interface OutboxPipelineDeps {
  db: Db;
  outbox: OutboxRepo;
  outbound: OutboundPort;
  otomax: () => OtomaxPort;
  settings: () => Settings;
  sessionId: string;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  reachability: OtomaxReachability;
  onRow: (outboxId: number) => void;
  /** Backoff of UpdateStatusOutbox retries (ms), capped at the last value. */
  reportBackoffMs?: number[];
  /** Callbacks are stored through this group commit (one sync for a burst); its own when not given. */
  commits?: GroupCommit;
}

/**
 * OtomaX → WhatsApp: persist the callback first (unique on kode), send over WhatsApp through the durable send
 * queue, then tell OtomaX with UpdateStatusOutbox 20 (sent) or 40 (gave up), retried until OtomaX accepts it.
 */
export function createOutboxPipeline(deps: OutboxPipelineDeps) {
  const { db, outbox, outbound, clock, log, metrics } = deps;
  const backoff = deps.reportBackoffMs ?? [1000, 2000, 5000, 10_000, 30_000, 60_000];
  const commits = deps.commits ?? createGroupCommit(db);
  let reportTimer: NodeJS.Timeout | null = null;
  let reporting = false;
  let failures = 0;
  let stopped = true;

  const sameAutoReply = db.prepare<[number, string, string], { id: number; status: string }>(
    `SELECT o.id, o.status FROM outbound_messages o JOIN inbound_messages i ON o.inbound_id = i.id
     WHERE i.kode_inbox = ? AND o.kind = 'auto_reply' AND o.to_phone = ? AND o.text = ? AND o.status != 'failed' LIMIT 1`,
  );
  const linkOutbound = db.prepare<[number, number]>('UPDATE outbound_messages SET outbox_id = ? WHERE id = ?');
  const linkedOutbox = db.prepare<[number], { outbox_id: number | null }>(
    'SELECT outbox_id FROM outbound_messages WHERE id = ?',
  );
  // Outbox rows whose WhatsApp send ended while no one was listening (a crash between the two commits).
  const settledWhileAway = db.prepare<
    [],
    { outboxId: number; outboundId: number; kind: OutboundKind; status: string; error: string | null }
  >(
    `SELECT b.id AS outboxId, o.id AS outboundId, o.kind, o.status, o.error_message AS error
     FROM outbox_messages b JOIN outbound_messages o ON o.outbox_id = b.id
     WHERE b.status = 'sending' AND o.status IN ('sent', 'delivered', 'read', 'failed')`,
  );

  const scheduleReport = (ms: number) => {
    if (stopped) return;
    if (reportTimer) clearTimeout(reportTimer);
    reportTimer = setTimeout(() => void report(), ms);
    reportTimer.unref?.();
  };

  const report = async () => {
    reportTimer = null;
    if (reporting || stopped) return;
    reporting = true;
    try {
      const rows = outbox.unreported(50);
      if (!rows.length) return;
      let client: OtomaxPort;
      try {
        client = deps.otomax();
      } catch {
        failures++;
        return;
      }
      let passFailed = false;
      for (const row of rows) {
        if (stopped) return;
        try {
          await client.updateStatusOutbox(row.kode, row.report_status as number);
          outbox.setReported(row.id, clock.now());
          deps.reachability.ok();
        } catch (e) {
          const c = classifyFailure(e);
          deps.reachability.error(c.message, c.definite, c.klass);
          if (c.definite) {
            // OtomaX answered and said no (unknown kode...): asking again gets the same answer.
            outbox.reportFailed(row.id, `UpdateStatusOutbox refused: ${c.message}`);
            outbox.setReported(row.id, clock.now());
            log.warn(
              { kode: row.kode, class: c.klass, error: c.message },
              'OtomaX refused UpdateStatusOutbox; not retried',
            );
            continue;
          }
          // Counted per row, and rows are taken fewest-attempts first: one stuck kode never blocks the others.
          outbox.reportFailed(row.id, `UpdateStatusOutbox: ${c.message}`);
          passFailed = true;
          log.warn({ kode: row.kode, class: c.klass }, 'UpdateStatusOutbox failed; will retry');
          if (c.klass === 'unreachable') break;
        }
      }
      failures = passFailed ? failures + 1 : 0;
    } finally {
      reporting = false;
      const pending = outbox.countUnreported();
      if (pending && !stopped)
        scheduleReport(failures ? (backoff[Math.min(failures - 1, backoff.length - 1)] as number) : 0);
    }
  };

  /** The WhatsApp send carrying an outbox message ended: 20 (sent) or 40 (gave up) for OtomaX. */
  const settle = (outboxId: number, kind: OutboundKind, sent: boolean, error: string | null) => {
    const now = clock.now();
    // On disk before UpdateStatusOutbox goes out: a power cut must not bring the row back to "sending" and report twice.
    if (sent) {
      durably(db, () => outbox.setStatus(outboxId, kind === 'auto_reply' ? 'duplicate_text' : 'sent', 20, null, now));
      metrics.outboxDelivered.inc();
    } else {
      durably(db, () => outbox.setStatus(outboxId, 'failed', 40, error ?? 'not delivered'));
      metrics.outboxFailed.inc();
    }
    deps.onRow(outboxId);
  };

  return {
    /** Persist one callback message; resolves after the (group) commit that holds it, so the 200 follows it. */
    async receive(m: OutboxPayload, raw: string): Promise<{ duplicate: boolean; id: number; status: string }> {
      const now = clock.now();
      // On disk before the 200: OtomaX stops retrying once it has it, so a rolled-back row would be a lost result.
      // Stored with the other callbacks of this loop turn in one synced transaction (db/durable.ts group commit).
      const result = await commits.run(() => {
        const row = outbox.insert({
          kode: m.kode,
          penerima: m.recipient,
          pesan: m.text,
          kodeInbox: m.kodeInbox,
          kodeTransaksi: m.kodeTransaksi,
          kodeReseller: m.kodeReseller,
          raw,
          receivedAt: now,
        });
        if (!row) {
          const existing = outbox.getByKode(m.kode);
          return { duplicate: true, id: existing?.id ?? 0, status: existing?.status ?? 'received' };
        }
        const tooLong = tooLongReason(m.text);
        if (tooLong) {
          // Refused, not split: OtomaX hears 40 and the owner sees why on the row.
          outbox.setStatus(row.id, 'too_long', 40, tooLong);
          return { duplicate: false, id: row.id, status: 'too_long' };
        }
        const reply = m.kodeInbox !== null ? sameAutoReply.get(m.kodeInbox, m.recipient, m.text) : undefined;
        if (reply && reply.status !== 'queued' && reply.status !== 'sending') {
          outbox.setStatus(row.id, 'duplicate_text', 20, null, now);
          return { duplicate: false, id: row.id, status: 'duplicate_text' };
        }
        if (reply) {
          // The same text is still waiting to go out as the auto-reply: OtomaX hears its real outcome.
          linkOutbound.run(row.id, reply.id);
          outbox.setStatus(row.id, 'sending', null);
          return { duplicate: false, id: row.id, status: 'sending' };
        }
        const maxAge = deps.settings().outboxMaxAgeHours * 3_600_000;
        outbound.insert(
          {
            sessionId: deps.sessionId,
            toPhone: m.recipient,
            text: m.text,
            kind: 'outbox',
            outboxId: row.id,
            notAfter: now + maxAge,
          },
          now,
        );
        outbox.setStatus(row.id, 'sending', null);
        return { duplicate: false, id: row.id, status: 'sending' };
      });
      if (!result.duplicate) {
        metrics.outboxReceived.inc();
        if (result.status === 'duplicate_text') {
          metrics.outboxDuplicateText.inc();
          scheduleReport(0);
        } else if (result.status === 'too_long') {
          metrics.outboxFailed.inc();
          log.warn({ kode: m.kode, outboxId: result.id }, 'outbox text longer than WhatsApp allows: refused');
          scheduleReport(0);
        } else outbound.wake();
        deps.onRow(result.id);
      }
      return result;
    },
    /** The send queue finished an outbound message. */
    onSendOutcome(o: SendOutcome) {
      // Read the link now: an auto-reply may have been linked to an outbox message after it was queued.
      const outboxId = linkedOutbox.get(o.outboundId)?.outbox_id ?? null;
      if (outboxId === null) return;
      settle(outboxId, o.kind, o.status === 'sent', o.error ?? null);
      scheduleReport(0);
    },
    start() {
      stopped = false;
      failures = 0;
      for (const r of settledWhileAway.all()) settle(r.outboxId, r.kind, r.status !== 'failed', r.error);
      scheduleReport(0);
    },
    async stop() {
      stopped = true;
      if (reportTimer) clearTimeout(reportTimer);
      reportTimer = null;
      while (reporting) await new Promise((r) => setTimeout(r, 10));
    },
    /** Poke the reporter (OtomaX was just configured, or came back). */
    kick: () => scheduleReport(0),
    depth: () => outbox.countUnreported(),
  };
}

export type OutboxPipeline = ReturnType<typeof createOutboxPipeline>;
