import type { CoreContext } from '../engine-types';
import type { SecretStore } from '../secrets/secret-store';
import { whatsappCommands } from './commands';
import { createWhatsAppWiring, type WhatsAppWiringOptions } from './wiring';

export { whatsappHealthBanners } from './health-banners';
export { createOutboundRepo, type NewOutbound, type OutboundRepo } from './outbound-repo';
export type { InboundMessage, WhatsAppSession } from './session-port';
export type { SendQueueEvent } from './send-queue';
export type { WhatsAppWiringOptions } from './wiring';

export interface WhatsAppFeatureDeps {
  sessionId: string;
  secrets: SecretStore | null;
  dataKeyFromEnv: string | undefined;
  options: WhatsAppWiringOptions;
  simSentLog?: string | undefined;
  /** Chats whose auto-replies the owner must release first (the forwarder's reply-loop pauses). */
  isPaused: (phone: string) => boolean;
}

/**
 * WhatsApp: the session (Baileys or simulated), the durable send queue, the dev routes of the simulated session,
 * the session's commands; it tells the window of every status change and measures its own sends.
 */
export function createWhatsAppFeature(ctx: CoreContext, d: WhatsAppFeatureDeps) {
  const { settings, metrics, events } = ctx;
  const wa = createWhatsAppWiring({
    isPaused: d.isPaused,
    sessionId: d.sessionId,
    mode: settings.get().whatsapp,
    db: ctx.db,
    secrets: d.secrets,
    dataKeyFromEnv: d.dataKeyFromEnv,
    settings,
    clock: ctx.clock,
    log: ctx.log,
    http: ctx.http,
    options: d.options,
    simSentLog: d.simSentLog,
  });
  wa.onStatus((s) => events.emit('session:status', s));
  wa.onSendOutcome((o) => {
    if (o.status === 'sent') {
      if (o.sentAt) metrics.waSendLatency.observe((o.sentAt - o.createdAt) / 1000);
    } else metrics.errors.inc({ class: 'whatsapp_send' });
  });
  return { ...wa, commands: whatsappCommands(() => wa.session()) };
}

export type WhatsAppFeature = ReturnType<typeof createWhatsAppFeature>;
