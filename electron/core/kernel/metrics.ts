import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The engine's counters and histograms: one registry per engine (never prom-client's global one). */
export interface Metrics {
  registry: Registry;
  inbound: Counter<'status'>;
  duplicates: Counter;
  forwarded: Counter;
  answered: Counter<'status'>;
  autoReplies: Counter;
  expired: Counter;
  retries: Counter;
  errors: Counter<'class'>;
  outboxReceived: Counter;
  outboxDelivered: Counter;
  outboxFailed: Counter;
  outboxDuplicateText: Counter;
  repliesLimited: Counter;
  otomaxLatency: Histogram;
  /** Every OtomaX call attempt (InsertInbox, UpdateStatusOutbox, SetOutboxCallback, ...), by method and outcome. */
  otomaxRequest: Histogram<'method' | 'outcome'>;
  /** Messages flagged "perlu dicek": OtomaX may or may not have them. */
  uncertain: Counter<'reason'>;
  /** Outbox callbacks answered with an error (401 token, 400 payload, 404 secret, 413 too large). */
  callbacksRefused: Counter<'status'>;
  /** Qontak broadcast sends by how they ended: sent, failed, rate_limited. */
  qontakSends: Counter<'outcome'>;
  waSendLatency: Histogram;
  /** Per WhatsApp number (label `number`, the number's id): messages that arrived, sends that left or failed. */
  waInbound: Counter<'number'>;
  waSent: Counter<'number'>;
  waSendFailed: Counter<'number'>;
  /** 1 while a number's session is open, else 0. */
  waConnected: Gauge<'number'>;
  /** Queue depths are read when scraped. */
  setQueueDepths(read: () => { forward: number; send: number; outboxReport: number }): void;
  text(): Promise<string>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  // Node's own (CPU, memory, event-loop lag, handles) on this registry, never prom-client's global one.
  collectDefaultMetrics({ register: registry, prefix: 'jembatan_' });
  // prom-client also reports gauges named *_total (sums of the per-type gauges it already has), which promtool
  // rejects: https://github.com/prometheus/client_js/issues/283. Dropped; sum(jembatan_nodejs_active_handles) is the same.
  for (const name of ['active_handles_total', 'active_requests_total', 'active_resources_total'])
    registry.removeSingleMetric(`jembatan_nodejs_${name}`);
  const c = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    new Counter<L>({ name: `jembatan_${name}`, help, labelNames, registers: [registry] });
  const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
  let depths: () => { forward: number; send: number; outboxReport: number } = () => ({
    forward: 0,
    send: 0,
    outboxReport: 0,
  });
  new Gauge({
    name: 'jembatan_queue_depth',
    help: 'Messages waiting, by queue',
    labelNames: ['queue'],
    registers: [registry],
    collect() {
      const d = depths();
      this.set({ queue: 'forward' }, d.forward);
      this.set({ queue: 'send' }, d.send);
      this.set({ queue: 'outbox_report' }, d.outboxReport);
    },
  });
  const callbacksRefused = c('callbacks_refused_total', 'Outbox callbacks refused, by HTTP status', ['status']);
  const qontakSends = c('qontak_sends_total', 'Qontak broadcast sends, by outcome (sent, failed, rate_limited)', [
    'outcome',
  ]);
  // Known label values exist from the first scrape (0), so a rate() over them works before the first event.
  for (const status of ['400', '401', '404', '413']) callbacksRefused.inc({ status }, 0);
  for (const outcome of ['sent', 'failed', 'rate_limited']) qontakSends.inc({ outcome }, 0);
  return {
    registry,
    inbound: c('inbound_messages_total', 'WhatsApp messages logged, by first status', ['status']),
    duplicates: c('duplicates_dropped_total', 'WhatsApp re-deliveries dropped'),
    forwarded: c('forwarded_total', 'Messages OtomaX accepted through InsertInbox'),
    answered: c('otomax_answers_total', 'InsertInbox answers by OtomaX status', ['status']),
    autoReplies: c('auto_replies_total', 'Auto-replies queued'),
    expired: c('expired_total', 'Messages not forwarded because _exp passed'),
    retries: c('otomax_retries_total', 'InsertInbox attempts after the first'),
    errors: c('errors_total', 'Failures by class', ['class']),
    outboxReceived: c('outbox_received_total', 'Outbox messages received on the callback'),
    outboxDelivered: c('outbox_delivered_total', 'Outbox messages sent over WhatsApp'),
    outboxFailed: c('outbox_failed_total', 'Outbox messages given up'),
    outboxDuplicateText: c(
      'outbox_duplicate_text_total',
      'Outbox messages acknowledged without sending (same text as the auto-reply)',
    ),
    repliesLimited: c(
      'replies_rate_limited_total',
      'Replies held (not dropped) because a chat passed its per-minute limit or was paused',
    ),
    otomaxLatency: new Histogram({
      name: 'jembatan_otomax_latency_seconds',
      help: 'InsertInbox latency',
      buckets,
      registers: [registry],
    }),
    otomaxRequest: new Histogram({
      name: 'jembatan_otomax_request_duration_seconds',
      help: 'Each OtomaX OpenApi call attempt, by method and outcome',
      labelNames: ['method', 'outcome'],
      buckets,
      registers: [registry],
    }),
    uncertain: c('uncertain_total', 'Messages OtomaX may or may not have, flagged for the owner to check', ['reason']),
    callbacksRefused,
    qontakSends,
    waSendLatency: new Histogram({
      name: 'jembatan_whatsapp_send_latency_seconds',
      help: 'Queued to sent over WhatsApp',
      buckets,
      registers: [registry],
    }),
    waInbound: c('whatsapp_inbound_total', 'WhatsApp messages that arrived, by number', ['number']),
    waSent: c('whatsapp_sent_total', 'Messages sent over WhatsApp, by number', ['number']),
    waSendFailed: c('whatsapp_send_failed_total', 'WhatsApp sends given up, by number', ['number']),
    waConnected: new Gauge({
      name: 'jembatan_whatsapp_connected',
      help: '1 while the number is connected to WhatsApp, else 0',
      labelNames: ['number'],
      registers: [registry],
    }),
    setQueueDepths(read) {
      depths = read;
    },
    text: () => registry.metrics(),
  };
}

/** One OtomaX attempt into the per-method histogram; an `_exp` that passed before sending is not a request. */
export function observeOtomaxAttempt(m: Metrics, a: { method: string; outcome: string; latencyMs: number }): void {
  if (a.outcome === 'expired') return;
  m.otomaxRequest.observe({ method: a.method, outcome: a.outcome }, a.latencyMs / 1000);
}
