import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { createOutboxReroute, type WaitingOutbox } from '../../../electron/core/numbers/outbox-reroute';
import { routeOutbox, type RouteNumber } from '../../../electron/core/numbers/route';

const NOW = 10_000_000;
const HOUR = 3_600_000;

/** Primary P (global terminal 1), A on terminal 2 with P as its fallback, B on terminal 3 without one. */
function setup(up: Record<string, boolean>, rows: WaitingOutbox[], removed: string[] = []) {
  const numbers: RouteNumber[] = [
    { id: 'default', kodeTerminal: null, primary: true, fallbackId: null, removed: false, up: up.default ?? true },
    { id: 'wa-a', kodeTerminal: 2, primary: false, fallbackId: 'default', removed: false, up: up['wa-a'] ?? true },
    { id: 'wa-b', kodeTerminal: 3, primary: false, fallbackId: null, removed: false, up: up['wa-b'] ?? true },
  ];
  const moves: [number, string][] = [];
  let wakes = 0;
  const gone = new Set<number>();
  const reroute = createOutboxReroute({
    route: (row, now) =>
      routeOutbox({
        kodeTerminal: row.kodeTerminal,
        defaultKodeTerminal: 1,
        lastChatNumberId: null,
        numbers,
        receivedAt: row.receivedAt,
        now,
        maxAgeMs: 6 * HOUR,
      }),
    waiting: () => ({
      waitingOutbox: () => rows,
      reassign: (id, number) => {
        if (gone.has(id)) return false;
        moves.push([id, number]);
        return true;
      },
      wake: () => void wakes++,
    }),
    isLive: (id) => !removed.includes(id),
    log: silentLogger(),
    clock: { now: () => NOW },
  });
  return { reroute, moves, gone, wakes: () => wakes };
}

const row = (id: number, session: string, terminal: unknown): WaitingOutbox => ({
  id,
  session_id: session,
  to_phone: '6281234567890',
  received_at: NOW - 1000,
  kode_terminal: terminal,
});

describe('re-routing outbox messages that wait', () => {
  it('the chosen number is down and its fallback up: the message moves to the fallback, then the queues wake', () => {
    const t = setup({ 'wa-a': false }, [row(1, 'wa-a', 2), row(2, 'wa-a', '2')]);
    expect(t.reroute.run()).toBe(2);
    expect(t.moves).toEqual([
      [1, 'default'],
      [2, 'default'],
    ]);
    expect(t.wakes()).toBe(1);
  });

  it('a number without a fallback: its message stays and waits for it; nothing wakes', () => {
    const t = setup({ 'wa-b': false }, [row(1, 'wa-b', 3)]);
    expect(t.reroute.run()).toBe(0);
    expect(t.moves).toEqual([]);
    expect(t.wakes()).toBe(0);
  });

  it('the fallback went down while the chosen number is back: the message goes back to the chosen one', () => {
    const t = setup({ default: false, 'wa-a': true }, [row(1, 'default', 2)]);
    t.reroute.run();
    expect(t.moves).toEqual([[1, 'wa-a']]);
  });

  it('a row left on a removed number moves to the number the rule names, even while that one must wait', () => {
    const t = setup({ 'wa-b': false }, [row(1, 'wa-gone', 3), row(2, 'wa-gone', 99)], ['wa-gone']);
    t.reroute.run();
    // Terminal 3 is B's (down, no fallback: it waits there); no terminal match goes to the primary.
    expect(t.moves).toEqual([
      [1, 'wa-b'],
      [2, 'default'],
    ]);
  });

  it('a row that already left its queue is not counted; past the age limit nothing moves', () => {
    const t = setup({ 'wa-a': false }, [row(1, 'wa-a', 2)]);
    t.gone.add(1);
    expect(t.reroute.run()).toBe(0);
    expect(t.wakes()).toBe(0);
    const old = setup({ 'wa-a': false }, [{ ...row(2, 'wa-a', 2), received_at: NOW - 7 * HOUR }]);
    expect(old.reroute.run()).toBe(0);
    expect(old.moves).toEqual([]);
  });
});
