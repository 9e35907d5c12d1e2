import type { MetricsSnapshot } from '../../../shared/dto';
import type { Clock } from '../kernel/clock';
import type { Db } from '../db/open';

/** Midnight of the shop's local day (the PC's time zone) containing `now`. */
export function startOfLocalDay(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/**
 * Today's counters come from the log itself, so they survive a restart and agree with the Live flow page.
 * Every query uses an index on time.
 */
export function createSnapshotQuery(db: Db, clock: Clock) {
  const inbound = db.prepare<[number], { status: string; n: number }>(
    'SELECT status, count(*) AS n FROM inbound_messages WHERE received_at >= ? GROUP BY status',
  );
  const answers = db.prepare<[number], { s: number; n: number }>(
    'SELECT otomax_status AS s, count(*) AS n FROM inbound_messages WHERE received_at >= ? AND otomax_status IS NOT NULL GROUP BY otomax_status',
  );
  const replies = db.prepare<[number], { n: number }>(
    "SELECT count(*) AS n FROM outbound_messages WHERE created_at >= ? AND kind = 'auto_reply'",
  );
  const outbox = db.prepare<[number], { status: string; n: number }>(
    'SELECT status, count(*) AS n FROM outbox_messages WHERE received_at >= ? GROUP BY status',
  );
  const perMinute = db.prepare<[number, number], { m: number; messages: number; errors: number }>(
    `SELECT received_at / 60000 AS m, count(*) AS messages,
       sum(CASE WHEN status IN ('failed', 'expired', 'sender_unknown') THEN 1 ELSE 0 END) AS errors
     FROM inbound_messages WHERE received_at >= ? AND received_at < ? GROUP BY m`,
  );
  const latencies = db.prepare<[], { l: number }>(
    'SELECT latency_ms AS l FROM inbound_messages WHERE latency_ms IS NOT NULL ORDER BY id DESC LIMIT 200',
  );
  /** InsertInbox latency percentiles over the last 200 answers. */
  const percentiles = () => {
    const ls = latencies
      .all()
      .map((r) => r.l)
      .sort((a, b) => a - b);
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
    const byInbound = Object.fromEntries(inbound.all(since).map((r) => [r.status, r.n]));
    const byOutbox = Object.fromEntries(outbox.all(since).map((r) => [r.status, r.n]));
    const received = Object.values(byInbound).reduce((a, b) => a + b, 0);
    const currentMinute = Math.floor(now / 60_000);
    const first = currentMinute - 59;
    const rows = new Map(perMinute.all(first * 60_000, (currentMinute + 1) * 60_000).map((r) => [r.m, r]));
    return {
      at: now,
      today: {
        received,
        forwarded: byInbound.forwarded ?? 0,
        autoReplies: replies.get(since)?.n ?? 0,
        expired: byInbound.expired ?? 0,
        duplicates: extra.duplicates,
        errors: (byInbound.failed ?? 0) + (byInbound.sender_unknown ?? 0) + (byOutbox.failed ?? 0),
        outboxReceived: Object.values(byOutbox).reduce((a, b) => a + b, 0),
        outboxDelivered: (byOutbox.sent ?? 0) + (byOutbox.duplicate_text ?? 0),
        outboxFailed: byOutbox.failed ?? 0,
        senderUnknown: byInbound.sender_unknown ?? 0,
      },
      needsCheck: extra.needsCheck ?? 0,
      byStatus: Object.fromEntries(answers.all(since).map((r) => [String(r.s), r.n])),
      queues: extra.queues,
      otomax: { ...extra.otomax, ...percentiles() },
      perMinute: Array.from({ length: 60 }, (_, i) => {
        const m = first + i;
        const r = rows.get(m);
        return { t: m * 60_000, messages: r?.messages ?? 0, errors: r?.errors ?? 0 };
      }),
    };
  };
}
