import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { createNumbersHost, type NumberWiring } from '../../../electron/core/whatsapp/numbers-host';
import type { NewOutbound } from '../../../electron/core/whatsapp/outbound-repo';

/** A number's wiring that records its wakes (the flag each one carried) and its inserts. */
function fakeWiring(wakes: (string | undefined)[]): NumberWiring {
  const off = () => undefined;
  const session = { on: () => off };
  let n = 0;
  const w = {
    session: () => session,
    onHeld: () => off,
    onSendOutcome: () => [off],
    insert: () => ({ id: ++n, waId: `W${n}` }),
    wake: (o?: { held?: boolean }) => void wakes.push(o?.held ? 'held' : undefined),
  };
  return w as unknown as NumberWiring;
}

const row = (i: number): NewOutbound => ({
  sessionId: 'default',
  toPhone: `62811${String(i).padStart(7, '0')}`,
  text: `m${i}`,
  kind: 'outbox',
});

/**
 * The forwarder wakes the queues once per callback after its group commit; several callbacks share one commit, so the
 * first wake takes the numbers rows were queued for and the others find none. Those are plain wakes: taken for a
 * release (held rows to read again), each sent the queue to read its held chats and its head again at its next send,
 * 50 times a second under a burst, both O(backlog) (issue 15). A release says so itself.
 */
describe('the numbers host wakes its queues', () => {
  it('a wake after the rows of a shared commit were taken is a plain wake; only a release asks for the held rows', () => {
    const wakes: (string | undefined)[] = [];
    const host = createNumbersHost({ wire: () => fakeWiring(wakes), primaryId: () => 'default', log: silentLogger() });
    host.add('default');
    // Four callbacks stored in one group commit, then each one's wake.
    for (let i = 0; i < 4; i++) host.insert(row(i), 0);
    for (let i = 0; i < 4; i++) host.wake();
    expect(wakes).toEqual([undefined, undefined, undefined, undefined]);

    wakes.length = 0;
    host.wakeAll();
    expect(wakes).toEqual(['held']);
  });
});
