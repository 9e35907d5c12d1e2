import type { SessionStatus } from '../../../shared/dto';
import type { CoreContext } from '../engine-types';
import type { InboundLastChat } from '../forwarder';
import { createLogger } from '../kernel/logger';
import type { OutboxPayload } from '../otomax';
import { numbersCommands } from './commands';
import { createNumbersRepo, FIRST_NUMBER_ID } from './numbers-repo';
import { createOutboxRouter } from './outbox-router';
import { createOutboxReroute, type WaitingOutboxPort } from './outbox-reroute';
import { registerNumberPairingRoute } from './pairing-route';
import { registerNumbersRoutes } from './rest-routes';
import { createNumbersService } from './service';

export { FIRST_NUMBER_ID, MAX_NUMBERS } from './numbers-repo';
export type { NumberRecord } from './numbers-repo';

/** What the numbers need of the WhatsApp sessions (the WhatsApp feature, connected by the engine). */
export interface NumberSessions extends WaitingOutboxPort {
  status(id: string): SessionStatus | null;
  isUp(id: string): boolean;
  add(id: string): Promise<void>;
  remove(id: string): Promise<void>;
  onStatus(l: (s: SessionStatus) => void): void;
  /** Links a number with a pairing code for `phone` (the code is in the answer). */
  pair(id: string, phone: string): Promise<SessionStatus>;
}

export interface NumbersFeatureDeps {
  lastChat: InboundLastChat;
  /** Read lazily: the WhatsApp feature is built after this one (it asks which numbers are live). */
  sessions: () => NumberSessions;
}

/**
 * Several WhatsApp numbers (issue 17): the wa_numbers table, its commands and REST routes, each number's terminal,
 * and which number sends an OtomaX outbox message (route.ts) at arrival and again when a number goes up or down.
 */
export function createNumbersFeature(ctx: CoreContext, d: NumbersFeatureDeps) {
  const { settings, events, clock } = ctx;
  const log = createLogger(ctx.log, 'numbers');
  const defaultKodeTerminal = () => settings.get().otomaxDefaultKodeTerminal;
  const repo = createNumbersRepo(ctx.db, { clock, defaultKodeTerminal });
  const maxAgeMs = () => settings.get().outboxMaxAgeHours * 3_600_000;
  const router = createOutboxRouter({
    repo,
    lastChat: d.lastChat,
    isUp: (id) => d.sessions().isUp(id),
    defaultKodeTerminal,
    maxAgeMs,
  });
  const service = createNumbersService({
    repo,
    log,
    status: (id) => d.sessions().status(id),
    started: (id) => d.sessions().add(id),
    stopped: async (id) => {
      await d.sessions().remove(id);
      reroute.run();
    },
    changed: (list) => {
      events.emit('numbers:changed', list);
      // The primary may have changed: every number's status says again whether it is the primary.
      for (const n of list) {
        const s = d.sessions().status(n.id);
        if (s) events.emit('session:status', s);
      }
      // A new terminal, fallback or primary can change who sends what still waits.
      reroute.run();
    },
  });
  registerNumbersRoutes(ctx.http, service);
  registerNumberPairingRoute(ctx.http, { repo, pair: (id, phone) => d.sessions().pair(id, phone) });
  const reroute = createOutboxReroute({
    route: (row, now) => router.route(row, now),
    waiting: () => d.sessions(),
    isLive: (id) => repo.get(id)?.removedAt === null,
    log,
    clock,
  });

  /** The number that sends this outbox message now, or waits for it (its queue holds the row until not_after). */
  const routeOutbox = (m: OutboxPayload, now: number): string => {
    const r = router.route({ recipient: m.recipient, kodeTerminal: m.kodeTerminal ?? null, receivedAt: now }, now);
    return r.kind === 'no_number' ? repo.primary().id : r.numberId;
  };

  return {
    repo,
    commands: numbersCommands(service),
    /** Live number ids, the primary first. */
    liveIds: () => repo.list().map((n) => n.id),
    primaryId: () => {
      try {
        return repo.primary().id;
      } catch {
        return FIRST_NUMBER_ID;
      }
    },
    /** A number's OtomaX terminal: its own, else the global default (a removed number's too: its rows stay). */
    terminalFor: (id: string): number => {
      const n = repo.get(id);
      return n ? repo.terminalOf(n) : defaultKodeTerminal();
    },
    routeOutbox,
    /** A number's own forward options (default reseller, forward in/out, auto-reply); null values = the globals. */
    optionsFor: (id: string) => repo.get(id)?.options ?? null,
    /** The live numbers other than the primary, with their session state (the overall state, the tray). */
    others: () =>
      repo
        .list()
        .filter((n) => !n.primary)
        .map((n) => ({ id: n.id, name: n.name, status: d.sessions().status(n.id) })),
    /** Connects to the sessions: a number going up or down re-routes waiting outbox messages; the list follows. */
    start() {
      let last = new Map<string, string>();
      d.sessions().onStatus((s) => {
        const key = `${s.state}|${s.phone ?? ''}`;
        if (last.get(s.sessionId) === key) return;
        last = new Map(last).set(s.sessionId, key);
        reroute.run();
        if (events.listening('numbers:changed')) events.emit('numbers:changed', service.list());
      });
      reroute.run();
    },
  };
}

export type NumbersFeature = ReturnType<typeof createNumbersFeature>;
