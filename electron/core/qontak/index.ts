import type { CoreContext } from '../engine-types';
import { createQontakWiring } from './wiring';

/** Mekari Qontak broadcasts: its client, campaigns, /qontak routes and commands; each send is counted. */
export function createQontakFeature(ctx: CoreContext) {
  return createQontakWiring({
    db: ctx.db,
    settings: ctx.settings,
    clock: ctx.clock,
    log: ctx.log,
    events: ctx.events,
    http: ctx.http,
    onSend: (outcome) => ctx.metrics.qontakSends.inc({ outcome }),
  });
}

export type QontakFeature = ReturnType<typeof createQontakFeature>;
