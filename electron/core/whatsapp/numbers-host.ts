import type { SessionStatus } from '../../../shared/dto';
import type { IncomingMessage, SendOutcome } from '../forwarder';
import type { Logger } from '../kernel/logger';
import type { SimSessions } from './dev-routes';
import type { NewOutbound } from './outbound-repo';
import type { WhatsAppSession } from './session-port';
import type { createWhatsAppWiring } from './wiring';

export type NumberWiring = ReturnType<typeof createWhatsAppWiring>;

/** One held reply (the chat's limit or a pause), as the send queue reports it. */
export interface HeldEvent {
  outboundId: number;
  inboundId: number | null;
}

export interface NumbersHostDeps {
  /** Builds a number's session and send queue (not started). */
  wire: (id: string) => NumberWiring;
  primaryId: () => string;
  log: Logger;
}

/**
 * The WhatsApp numbers that run now: one wiring (session, send queue, pace, reply limits, reconnects) per live
 * number, and one place that listens to all of them. Listeners added here hear every number, the ones added later
 * too; each event names its number (the status's sessionId, the message's sessionId).
 */
export function createNumbersHost(d: NumbersHostDeps) {
  const wirings = new Map<string, NumberWiring>();
  /** Numbers a row was just queued for: the next wake looks at their queues only (20 numbers, one insert). */
  const touched = new Set<string>();
  const offs = new Map<string, (() => void)[]>();
  const listeners = {
    message: new Set<(m: IncomingMessage) => void>(),
    status: new Set<(s: SessionStatus) => void>(),
    outcome: new Set<(o: SendOutcome & { number: string }) => void>(),
    held: new Set<(e: HeldEvent) => void>(),
  };
  const fan =
    <T>(set: Set<(v: T) => void>) =>
    (v: T) => {
      for (const l of set) l(v);
    };

  function attach(id: string, w: NumberWiring): void {
    const session = w.session();
    const outcome = fan(listeners.outcome);
    offs.set(id, [
      session.on('message', fan(listeners.message)),
      session.on('status', fan(listeners.status)),
      w.onHeld(fan(listeners.held)),
      ...w.onSendOutcome((o) => outcome({ ...o, number: id })),
    ]);
  }

  const get = (id: string): NumberWiring | null => wirings.get(id) ?? null;
  const primary = (): NumberWiring => {
    const w = get(d.primaryId()) ?? wirings.values().next().value;
    if (!w) throw new Error('no WhatsApp number is running');
    return w;
  };

  return {
    get,
    primary,
    ids: () => [...wirings.keys()],
    all: () => [...wirings.values()],
    /** Wires a number (not started); an id already running is returned as it is. */
    add(id: string): NumberWiring {
      const known = wirings.get(id);
      if (known) return known;
      const w = d.wire(id);
      wirings.set(id, w);
      attach(id, w);
      return w;
    },
    /** Forgets a number after its wiring was stopped; its listeners go with it. */
    drop(id: string): NumberWiring | null {
      const w = wirings.get(id) ?? null;
      for (const off of offs.get(id) ?? []) off();
      offs.delete(id);
      wirings.delete(id);
      return w;
    },
    /** Into the queue of the row's number (its LID map); a number not running (removed) still keeps the row. */
    insert(row: NewOutbound, now: number): { id: number; waId: string } {
      touched.add(row.sessionId);
      return (get(row.sessionId) ?? primary()).insert(row, now);
    },
    /**
     * After a commit: the queues rows were just queued for; with none, every queue. A plain wake: held rows are read
     * again only by `wakeAll` (a release, a re-route). A wake with no row queued since the last one is the common
     * case under a burst of callbacks (their group commit holds several, the first wake takes the touched numbers
     * and the others find none); taken for a release, each one sent the queue to read its held chats and its head
     * again at the next send, 50 times a second, both O(backlog) then (issue 15).
     */
    wake(): void {
      const ids = touched.size === 0 ? [...wirings.keys()] : [...touched];
      touched.clear();
      for (const id of ids) wirings.get(id)?.wake();
    },
    /** A hold may have ended (the owner released a chat) or rows moved (a re-route): held rows are read again. */
    wakeAll(): void {
      touched.clear();
      for (const w of wirings.values()) w.wake({ held: true });
    },
    sessionOf(id: string | undefined): WhatsAppSession | null {
      return (id === undefined ? primary() : get(id))?.session() ?? null;
    },
    sims(): SimSessions {
      return {
        get: (n) => (n === undefined ? primary() : get(n))?.simulated() ?? null,
        all: () => [...wirings.values()].flatMap((w) => w.simulated() ?? []),
      };
    },
    onMessage: (l: (m: IncomingMessage) => void) => void listeners.message.add(l),
    onStatus: (l: (s: SessionStatus) => void) => void listeners.status.add(l),
    onSendOutcome: (l: (o: SendOutcome & { number: string }) => void) => void listeners.outcome.add(l),
    onHeld: (l: (e: HeldEvent) => void) => void listeners.held.add(l),
    log: d.log,
  };
}

export type NumbersHost = ReturnType<typeof createNumbersHost>;
