import type { MetricsSnapshot } from '../../../shared/dto';
import { type Clock, startOfLocalDay } from '../kernel/clock';
import type { Db } from '../db/open';
import { createFlowNumbersRepo, createInboundRepo, createOutboxRepo } from '../forwarder';
import { createOutboundRepo } from '../whatsapp';

/**
 * Today's counters come from the log itself, so they survive a restart and agree with the Live flow page.
 * Every query uses an index on time.
 */
export function createSnapshotQuery(db: Db, clock: Clock) {
  const inboundRepo = createInboundRepo(db);
  const outboxRepo = createOutboxRepo(db);
  const outboundRepo = createOutboundRepo(db);
  const numbersRepo = createFlowNumbersRepo(db);
  /** InsertInbox latency percentiles over the last 200 answers. */
  const percentiles = () => {
    const ls = inboundRepo.recentLatencies().sort((a, b) => a - b);
    const pct = (p: number) => (ls.length ? (ls[Math.min(ls.length - 1, Math.floor(p * ls.length))] as number) : null);
    return { latencyP50Ms: pct(0.5), latencyP95Ms: pct(0.95) };
  };
  return (extra: {
    duplicates: number;
    queues: MetricsSnapshot['queues'];
    otomax: Omit<MetricsSnapshot['otomax'], 'latencyP50Ms' | 'latencyP95Ms'>;
    needsCheck?: number;
  }): MetricsSnapshot => {
    const now = clock.now();
    const since = startOfLocalDay(now);
    const byInbound = Object.fromEntries(inboundRepo.statusCountsSince(since).map((r) => [r.status, r.n]));
    const byOutbox = Object.fromEntries(outboxRepo.statusCountsSince(since).map((r) => [r.status, r.n]));
    const received = Object.values(byInbound).reduce((a, b) => a + b, 0);
    const currentMinute = Math.floor(now / 60_000);
    const first = currentMinute - 59;
    const rows = new Map(inboundRepo.perMinute(first * 60_000, (currentMinute + 1) * 60_000).map((r) => [r.m, r]));
    return {
      at: now,
      today: {
        received,
        forwarded: byInbound.forwarded ?? 0,
        autoReplies: outboundRepo.autoRepliesSince(since),
        expired: byInbound.expired ?? 0,
        duplicates: extra.duplicates,
        errors: (byInbound.failed ?? 0) + (byInbound.sender_unknown ?? 0) + (byOutbox.failed ?? 0),
        outboxReceived: Object.values(byOutbox).reduce((a, b) => a + b, 0),
        outboxDelivered: (byOutbox.sent ?? 0) + (byOutbox.duplicate_text ?? 0),
        outboxFailed: byOutbox.failed ?? 0,
        senderUnknown: byInbound.sender_unknown ?? 0,
      },
      needsCheck: extra.needsCheck ?? 0,
      byStatus: Object.fromEntries(inboundRepo.answerCountsSince(since).map((r) => [String(r.s), r.n])),
      queues: extra.queues,
      otomax: { ...extra.otomax, ...percentiles() },
      perMinute: Array.from({ length: 60 }, (_, i) => {
        const m = first + i;
        const r = rows.get(m);
        return { t: m * 60_000, messages: r?.messages ?? 0, errors: r?.errors ?? 0 };
      }),
      numbers: numbersRepo.since(since),
    };
  };
}
