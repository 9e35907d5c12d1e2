/**
 * The inbound pipeline on a test's database with the rest faked: a WhatsApp message as the session hands it over,
 * the pipeline's ports (send queue, read marks, switches, limits) as plain stand-ins, and a poll with a bound.
 */
import type { ForwardingState } from '../../shared/dto';
import type { Settings } from '../../shared/settings';
import { defaultSettings } from '../../electron/core/config/schema';
import type { Db } from '../../electron/core/db/open';
import { createInboundPipeline } from '../../electron/core/forwarder/inbound';
import { createInboundRepo } from '../../electron/core/forwarder/inbound-repo';
import type { IncomingMessage, NewOutbound, OtomaxPort } from '../../electron/core/forwarder/ports';
import { silentLogger } from '../../electron/core/kernel/logger';
import { createMetrics } from '../../electron/core/kernel/metrics';
import { createOtomaxReachability } from '../../electron/core/otomax/reachability';

export const testClock = { now: () => Date.now() };

/** A one-to-one text message from `phone` with WhatsApp id `id`, sent now. */
export const incomingMessage = (
  id: string,
  over: Partial<IncomingMessage> = {},
  phone = '6281234567890',
): IncomingMessage => ({
  sessionId: 'default',
  waKey: `default|${phone}@s.whatsapp.net||${id}`,
  waId: id,
  chatJid: `${phone}@s.whatsapp.net`,
  participantJid: null,
  senderPhone: phone,
  senderLid: null,
  pushName: null,
  fromMe: false,
  isGroup: false,
  isMedia: false,
  text: `TRX ${id}`,
  timestampMs: Date.now(),
  ...over,
});

/** Polls `ok` every 5 ms; throws after `ms`. */
export async function until(what: string, ok: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`${what}: not reached in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

type PipelineDeps = Parameters<typeof createInboundPipeline>[0];

/**
 * The pipeline's ports on `db`: OtomaX as given, forwarding on and auto-reply off, the replies it queues collected
 * in `queued`; `settings` over the defaults; anything else in `over`.
 */
export function pipelineDeps(
  db: Db,
  otomax: OtomaxPort,
  o: { settings?: Partial<Settings>; over?: Partial<PipelineDeps> } = {},
): PipelineDeps & { queued: NewOutbound[] } {
  const queued: NewOutbound[] = [];
  return {
    queued,
    db,
    inbound: createInboundRepo(db),
    outbound: {
      insert: (row) => (queued.push(row), { id: queued.length, waId: `OUT${queued.length}` }),
      wake: () => undefined,
      release: () => undefined,
      isOurs: () => false,
      autoReplyWithText: () => null,
      linkOutbox: () => undefined,
    },
    otomax: () => otomax,
    markRead: () => Promise.resolve(),
    settings: () => ({ ...defaultSettings(), ...o.settings }),
    switches: () => ({ forwarding: true, autoReply: false }) as ForwardingState,
    ownPhone: () => null,
    clock: testClock,
    log: silentLogger(),
    metrics: createMetrics(),
    reachability: createOtomaxReachability(testClock),
    limiter: { note: () => false },
    onRow: () => undefined,
    ...o.over,
  };
}
