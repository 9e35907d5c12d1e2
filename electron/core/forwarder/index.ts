import type { ForwardingState } from '../../../shared/dto';
import type { StateRepo } from '../db/state-repo';
import type { CoreContext } from '../engine-types';
import { createLogger } from '../kernel/logger';
import type { OtomaxFeature, OutboxPayload } from '../otomax';
import type { WhatsAppFeature } from '../whatsapp';
import { createChatPauses } from './chat-pauses';
import { checkCommands } from './check-commands';
import { forwarderCommands } from './commands';
import { createDuplicateCount } from './duplicates';
import { createFlowQuery } from './flow-query';
import { createInboundPipeline } from './inbound';
import { createInboundRepo } from './inbound-repo';
import { createOutboxPipeline } from './outbox';
import { createOutboxRepo } from './outbox-repo';
import type { NumberOptionsLookup } from './ports';
import { createReplyLimiter } from './reply-limiter';
import { createSearchIndexer } from './search-indexer';
import { replyCommands } from './reply-commands';
import { createSwitches } from './switches';

export type { IncomingMessage, OutboundPort, SendOutcome } from './ports';
export { createInboundRepo } from './inbound-repo';
export { createOutboxRepo } from './outbox-repo';
export { createFlowNumbersRepo } from './flow-numbers-repo';
export type { InboundLastChat } from './inbound-repo';

export interface ForwarderDeps {
  /** The primary number (what sends when no rule says otherwise). */
  sessionId: string;
  /** Several numbers: each number's terminal, and which number sends an outbox message. */
  numbers?: {
    terminalFor: (sessionId: string) => number;
    routeOutbox: (m: OutboxPayload, now: number) => string;
    /** A number's own forward options (null = the global settings). */
    optionsFor?: NumberOptionsLookup;
  };
  state: StateRepo;
  otomax: OtomaxFeature;
  whatsapp: WhatsAppFeature;
}

/** The owner's switches and the reply-loop pauses: the WhatsApp feature needs the pauses before the pipelines. */
export function createForwarderState(ctx: CoreContext, state: StateRepo) {
  return {
    switches: createSwitches({ state, settings: ctx.settings, clock: ctx.clock }),
    pauses: createChatPauses(state),
  };
}

/**
 * The forwarder: WhatsApp messages into OtomaX's inbox (inbound pipeline) and OtomaX's outbox callbacks back to
 * WhatsApp (outbox pipeline), the Live flow log, the owner's switches, the reply-loop pauses and their commands.
 */
export function createForwarder(ctx: CoreContext, parts: ReturnType<typeof createForwarderState>, d: ForwarderDeps) {
  const { db, settings, clock, events, metrics } = ctx;
  const { otomax, whatsapp: wa } = d;
  const { reachability } = otomax;
  const { pauses } = parts;
  const owner = parts.switches;
  const switches = owner.get;
  const log = createLogger(ctx.log, 'forwarder');

  const inboundRepo = createInboundRepo(db);
  const outboxRepo = createOutboxRepo(db);
  const flow = createFlowQuery(db, inboundRepo);
  // The log's text search index, filled in the background instead of in each message's commit (migration 009).
  const searchIndexer = createSearchIndexer({ db, log: createLogger(ctx.log, 'search-index') });
  const emitRow = (direction: 'in' | 'outbox', id: number) => {
    if (!events.listening('message:logged')) return;
    const row = flow.row(direction, id);
    if (row) events.emit('message:logged', row);
  };

  const limiter = createReplyLimiter(() => settings.get().replyLimitPerMinute, clock, pauses);
  wa.onHeld((e) => {
    metrics.repliesLimited.inc();
    if (e.inboundId !== null) emitRow('in', e.inboundId);
  });
  // One group commit for the callbacks, the forwarding marks, the answers and the send queue's marks: one sync per
  // loop turn (issue 15).
  const { commits } = ctx;
  const inbound = createInboundPipeline({
    commits,
    db,
    inbound: inboundRepo,
    outbound: wa.outbound,
    otomax: () => (otomax.configured() ? otomax.get() : null),
    markRead: ({ sessionId, ...m }) => wa.markRead(sessionId, m),
    settings: () => settings.get(),
    switches,
    ownPhone: (sessionId) => wa.ownPhone(sessionId),
    ...(d.numbers ? { terminalFor: d.numbers.terminalFor } : {}),
    ...(d.numbers?.optionsFor ? { numberOptions: d.numbers.optionsFor } : {}),
    clock,
    log: createLogger(ctx.log, 'inbound'),
    metrics,
    reachability,
    limiter,
    onRow: (id) => emitRow('in', id),
  });
  const outbox = createOutboxPipeline({
    commits,
    db,
    outbox: outboxRepo,
    outbound: wa.outbound,
    otomax: () => (otomax.configured() ? otomax.get() : null),
    settings: () => settings.get(),
    sessionId: d.sessionId,
    ...(d.numbers ? { route: d.numbers.routeOutbox } : {}),
    clock,
    log: createLogger(ctx.log, 'outbox'),
    metrics,
    reachability,
    onRow: (id) => emitRow('outbox', id),
  });
  const duplicates = createDuplicateCount(clock);
  wa.onMessage((m) => {
    inbound.accept(m).then(
      (r) => r === 'duplicate' && duplicates.add(),
      (e: unknown) => log.error({ err: e, waId: m.waId }, 'could not log a received message'),
    );
  });
  wa.onSendOutcome((o) => {
    outbox.onSendOutcome(o);
    if (o.inboundId !== null) emitRow('in', o.inboundId);
  });
  otomax.receiveOutbox((p, raw) => outbox.receive(p, raw));

  settings.onChange((s, changed) => {
    if (changed.includes('otomaxConcurrency')) inbound.setConcurrency(s.otomaxConcurrency);
    events.emit('forwarding:changed', switches());
  });
  otomax.onClientChanged(() => outbox.kick());
  reachability.onChange(() => {
    // OtomaX is back: report pending outbox statuses now rather than after the backoff.
    if (reachability.snapshot().reachable) outbox.kick();
  });

  // The switch saves its setting; the settings listener above tells every window and the tray.
  const setSwitch = async (key: 'forwarding' | 'autoReply', enabled: boolean): Promise<ForwardingState> => {
    const now = await owner.set(key, enabled);
    log.info(now, 'switches changed');
    return now;
  };
  const checked = new Set<(id: number) => void>();

  return {
    switches,
    pauses,
    queues: () => ({ forward: inbound.depth(), send: wa.depth(), outboxReport: outbox.depth() }),
    duplicatesToday: duplicates.today,
    waiting: () => inboundRepo.waiting(),
    needsCheck: () => inboundRepo.countUncertain(),
    unreported: () => outboxRepo.unreportedSummary(),
    commands: {
      ...forwarderCommands({ switches, setSwitch, flow }),
      ...checkCommands({
        inbound: inboundRepo,
        flow,
        onChecked: (id) => {
          emitRow('in', id);
          for (const l of checked) l(id);
        },
      }),
      ...replyCommands({ pauses, clock, wake: () => wa.outbound.release(), log }),
    },
    /** The owner marked a message checked (the counters change at once). */
    onChecked(l: (id: number) => void) {
      checked.add(l);
    },
    /** Flips saved before the switches became settings. */
    adoptLegacyFlips: () => owner.adoptLegacyFlips(),
    start() {
      // Rows past _exp are stored as expired, with their notices, in the group commit's next syncs.
      inbound.recover().catch((e: unknown) => log.error({ err: e }, 'messages left by the last run not recovered'));
      inbound.start();
      outbox.start();
      searchIndexer.start();
    },
    /** Stop taking work; resolves once the pipelines are idle. */
    stop: () => {
      searchIndexer.stop();
      return Promise.all([inbound.stop(), outbox.stop()]).then(() => undefined);
    },
  };
}

export type Forwarder = ReturnType<typeof createForwarder>;
