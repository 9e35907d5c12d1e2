import type { Clock } from '../kernel/clock';
import type { Logger } from '../kernel/logger';
import type { OutboxToRoute } from './outbox-router';
import type { RouteDecision } from './route';

/** A queued outbox message on a number that cannot send now (down or removed), as the WhatsApp side reads it. */
export interface WaitingOutbox {
  id: number;
  session_id: string;
  to_phone: string;
  received_at: number;
  /** As OtomaX posted it: a number, a digit string, or nothing. */
  kode_terminal: unknown;
}

export interface WaitingOutboxPort {
  waitingOutbox(): WaitingOutbox[];
  /** false when the row already left its queue. */
  reassign(id: number, number: string): boolean;
  /** Look for work in every queue now. */
  wake(): void;
}

function terminalOf(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\d{1,7}$/.test(v.trim())) return Number(v.trim());
  return null;
}

/**
 * Asks the sender rule again for outbox messages that wait on a number that cannot send now: when the rule now
 * says "send" from another number (the fallback came up, or the chosen number is up again after its fallback went
 * down), the row moves to that number's queue with its WhatsApp id. Rows the rule still keeps waiting stay put;
 * their not_after (the outbox age limit) still bounds them; a row left on a removed number moves to the number the
 * rule names even while that one is down. Only rows still 'queued' move: one in flight never does.
 */
export function createOutboxReroute(d: {
  route: (row: OutboxToRoute, now: number) => RouteDecision;
  waiting: () => WaitingOutboxPort;
  /** A number that is live (not removed): a row on a removed number moves even to one that must still wait. */
  isLive: (id: string) => boolean;
  log: Logger;
  clock: Clock;
}) {
  return {
    run(): number {
      const port = d.waiting();
      const now = d.clock.now();
      let moved = 0;
      for (const w of port.waitingOutbox()) {
        const r = d.route(
          { recipient: w.to_phone, kodeTerminal: terminalOf(w.kode_terminal), receivedAt: w.received_at },
          now,
        );
        // Waiting on a removed number, nobody would ever send it: it waits on the number the rule names instead.
        const target =
          r.kind === 'send' ? r.numberId : r.kind === 'wait' && !d.isLive(w.session_id) ? r.numberId : null;
        if (target === null || target === w.session_id) continue;
        if (port.reassign(w.id, target)) {
          moved++;
          d.log.info(
            { outboundId: w.id, from: w.session_id, to: target, decision: r.kind },
            'outbox message moved to the number that can send it',
          );
        }
      }
      if (moved) port.wake();
      return moved;
    },
  };
}
