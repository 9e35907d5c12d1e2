/**
 * Which number sends an OtomaX outbox message (issue 17). Pure: the caller gathers the facts (the numbers with their
 * state, the reseller's last chat) and acts on the decision; nothing here reads the clock or the database.
 *
 * 1. The live number whose terminal is the row's kode_terminal (a number without its own terminal has the global
 *    default; one that chose the terminal itself wins over one that only inherits it).
 * 2. Without one: the live number the reseller last wrote to.
 * 3. Else the primary.
 * That number sends when it is up. While it is down the message waits for it, within the outbox age limit, unless
 * the owner gave it a fallback number that is up: then the fallback sends. Nothing else ever sends it (no second
 * hop, no "any number that is up"): the owner chose which accounts may answer a reseller.
 */

export interface RouteNumber {
  id: string;
  /** The number's own terminal; null = it uses the global default. */
  kodeTerminal: number | null;
  primary: boolean;
  fallbackId: string | null;
  /** Removed numbers never send (their rows stay for the log). */
  removed: boolean;
  /** Its WhatsApp session is open and may send now. */
  up: boolean;
}

export interface RouteFacts {
  /** kode_terminal of the outbox row; null when OtomaX sent none. */
  kodeTerminal: number | null;
  /** otomaxDefaultKodeTerminal in force. */
  defaultKodeTerminal: number;
  /** The number the recipient last wrote to (inbound_messages), or null. */
  lastChatNumberId: string | null;
  numbers: readonly RouteNumber[];
  /** When the outbox row arrived, now, and the outbox age limit (outboxMaxAgeHours), all ms. */
  receivedAt: number;
  now: number;
  maxAgeMs: number;
}

/** Why this number is the one: its terminal, the reseller's last chat, or the primary. */
export type RouteVia = 'terminal' | 'last_chat' | 'primary';

export type RouteDecision =
  /** Send now from `numberId` (the chosen number, or its fallback while the chosen one is down). */
  | { kind: 'send'; numberId: string; via: RouteVia; fallbackFor: string | null }
  /** Keep it queued: it goes out when `numberId` (or its fallback, `alsoId`) is up, until `until`. */
  | { kind: 'wait'; numberId: string; via: RouteVia; alsoId: string | null; until: number }
  /** Past the outbox age limit (the chosen number stayed down): the row fails (OtomaX hears 40). */
  | { kind: 'expired'; numberId: string; via: RouteVia }
  /** No live number at all (cannot happen while a primary exists): the row waits like a down number. */
  | { kind: 'no_number'; until: number };

function chosen(f: RouteFacts): { n: RouteNumber; via: RouteVia } | null {
  const live = f.numbers.filter((n) => !n.removed);
  if (f.kodeTerminal !== null) {
    const own = live.find((n) => n.kodeTerminal === f.kodeTerminal);
    const inherited = live.find((n) => n.kodeTerminal === null && f.defaultKodeTerminal === f.kodeTerminal);
    const byTerminal = own ?? inherited;
    if (byTerminal) return { n: byTerminal, via: 'terminal' };
  }
  if (f.lastChatNumberId !== null) {
    const last = live.find((n) => n.id === f.lastChatNumberId);
    if (last) return { n: last, via: 'last_chat' };
  }
  const primary = live.find((n) => n.primary);
  return primary ? { n: primary, via: 'primary' } : null;
}

export function routeOutbox(f: RouteFacts): RouteDecision {
  const until = f.receivedAt + f.maxAgeMs;
  const c = chosen(f);
  if (!c) return { kind: 'no_number', until };
  const { n, via } = c;
  // The same bound as the outbound row's not_after: past it nothing sends, up or not.
  if (f.now >= until) return { kind: 'expired', numberId: n.id, via };
  if (n.up) return { kind: 'send', numberId: n.id, via, fallbackFor: null };
  const fallback =
    n.fallbackId === null ? undefined : f.numbers.find((x) => x.id === n.fallbackId && !x.removed && x.id !== n.id);
  if (fallback?.up) return { kind: 'send', numberId: fallback.id, via, fallbackFor: n.id };
  return { kind: 'wait', numberId: n.id, via, alsoId: fallback?.id ?? null, until };
}
