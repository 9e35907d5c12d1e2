import { Counter, Gauge, Histogram, Registry } from 'prom-client';

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
  waSendLatency: Histogram;
  /** Queue depths are read when scraped. */
  setQueueDepths(read: () => { forward: number; send: number; outboxReport: number }): void;
  text(): Promise<string>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
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
    waSendLatency: new Histogram({
      name: 'jembatan_whatsapp_send_latency_seconds',
      help: 'Queued to sent over WhatsApp',
      buckets,
      registers: [registry],
    }),
    setQueueDepths(read) {
      depths = read;
    },
    text: () => registry.metrics(),
  };
}
