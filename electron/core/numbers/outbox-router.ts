import type { InboundLastChat } from '../forwarder';
import type { NumbersRepo } from './numbers-repo';
import { routeOutbox, type RouteDecision } from './route';

/** The facts of one outbox row the rule needs. */
export interface OutboxToRoute {
  /** The recipient, digits (62...). */
  recipient: string;
  /** kode_terminal from OtomaX's outbox row; null when it sent none. */
  kodeTerminal: number | null;
  receivedAt: number;
}

export interface OutboxRouterDeps {
  repo: NumbersRepo;
  lastChat: InboundLastChat;
  /** Whether a number's session is open and may send now. */
  isUp: (id: string) => boolean;
  defaultKodeTerminal: () => number;
  /** outboxMaxAgeHours in ms. */
  maxAgeMs: () => number;
}

export interface OutboxRouter {
  route(row: OutboxToRoute, now: number): RouteDecision;
}

/**
 * The sender rule (route.ts) over the live facts: the numbers table, the reseller's last chat and the sessions.
 * Asked when an outbox row arrives and again whenever a number goes up or down while rows wait.
 */
export function createOutboxRouter(d: OutboxRouterDeps): OutboxRouter {
  return {
    route(row, now) {
      const live = d.repo.list();
      // Only the terminal-less rows need the last chat; a row with a matching terminal skips the query.
      const defaultTerminal = d.defaultKodeTerminal();
      const byTerminal =
        row.kodeTerminal !== null && live.some((n) => (n.kodeTerminal ?? defaultTerminal) === row.kodeTerminal);
      const lastChatNumberId = byTerminal
        ? null
        : d.lastChat.lastNumberFor(
            row.recipient,
            live.map((n) => n.id),
          );
      return routeOutbox({
        kodeTerminal: row.kodeTerminal,
        defaultKodeTerminal: defaultTerminal,
        lastChatNumberId,
        numbers: live.map((n) => ({
          id: n.id,
          kodeTerminal: n.kodeTerminal,
          primary: n.primary,
          fallbackId: n.fallbackId,
          removed: false,
          up: d.isUp(n.id),
        })),
        receivedAt: row.receivedAt,
        now,
        maxAgeMs: d.maxAgeMs(),
      });
    },
  };
}
