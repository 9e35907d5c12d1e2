import type { HandlerMap } from '../api/dispatch';
import type { CoreContext } from '../engine-types';
import type { Forwarder } from '../forwarder';
import type { OtomaxFeature } from '../otomax';
import type { WhatsAppFeature } from '../whatsapp';
import { createSnapshotQuery } from './snapshot';

const TICK_MS = 5_000;

/**
 * What the window's counters show (metrics:get, the metrics:tick every 5 s) and GET /metrics for a scraper.
 * The registry itself is created with the kernel: every feature counts into it.
 */
export function createMetricsFeature(
  ctx: CoreContext,
  d: { forwarder: Forwarder; whatsapp: WhatsAppFeature; otomax: OtomaxFeature },
) {
  const { metrics, events, db, clock } = ctx;
  const { forwarder, whatsapp: wa, otomax } = d;
  metrics.setQueueDepths(() => forwarder.queues());
  ctx.http.get('/metrics', async (_req, reply) => reply.type('text/plain; version=0.0.4').send(await metrics.text()));

  const query = createSnapshotQuery(db, clock);
  const snapshot = () => ({
    ...query({
      duplicates: forwarder.duplicatesToday(),
      queues: forwarder.queues(),
      otomax: otomax.reachability.snapshot(),
      needsCheck: forwarder.needsCheck(),
    }),
    heldReplies: wa.heldCount(),
  });
  forwarder.onChecked(() => events.emit('metrics:tick', snapshot()));

  const commands: HandlerMap = { 'metrics:get': async () => snapshot() };
  const ticks = new Set<() => void>();
  let timer: NodeJS.Timeout | null = null;
  return {
    snapshot,
    commands,
    /** Every tick, after the counters went out (the overall state recomputes). */
    onTick(l: () => void) {
      ticks.add(l);
    },
    start() {
      timer = setInterval(() => {
        events.emit('metrics:tick', snapshot());
        for (const l of ticks) l();
      }, TICK_MS);
      timer.unref?.();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

export type MetricsFeature = ReturnType<typeof createMetricsFeature>;
