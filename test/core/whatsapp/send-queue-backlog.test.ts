import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SendQueue } from '../../../electron/core/whatsapp/send-queue';
import type { FakeWhatsAppSession } from '../../fakes/fake-whatsapp-session';
import { countStatements, pacedSendQueue, type PacedQueueEnv } from '../../fakes/paced-send-queue';
import type { TempDb } from '../../fakes/wa-test-env';

const T0 = Date.UTC(2025, 0, 1, 8, 0, 0);

/**
 * A burst of OtomaX callbacks queues thousands of messages while the pace lets one go every 1/rate s. Each insert
 * wakes the queue; a wake must not read the whole backlog again (issue 15: that scan was what callbacks waited on).
 */
describe('send queue with a large backlog', () => {
  let t: TempDb;
  let session: FakeWhatsAppSession;
  let queue: SendQueue;
  /** The LIMIT of every read of the queued rows, in order. */
  let scans: number[];
  let env: PacedQueueEnv;

  beforeEach(() => {
    scans = [];
    env = pacedSendQueue({
      t0: T0,
      rate: 5,
      beforeQueue: (t) =>
        countStatements(t.db, { queued: /INDEXED BY outbound_ready/ }, (_kind, args) => {
          if (args.length) scans.push(args[args.length - 1] as number);
        }),
    });
    ({ t, session, queue } = env);
  });
  afterEach(() => env.stop());

  const add = (i: number) =>
    queue.insertOutbound(
      { sessionId: 'default', toPhone: `62811${String(i).padStart(7, '0')}`, text: `m${i}`, kind: 'outbox' },
      Date.now(),
    );

  it('a wake while the pace allows no send reads nothing; the next start reads a small page first', async () => {
    for (let i = 0; i < 300; i++) add(i);
    queue.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(session.calls).toHaveLength(1);
    const before = scans.length;
    // 500 callbacks arrive before the next send may start: each inserts and wakes.
    for (let i = 300; i < 800; i++) {
      add(i);
      queue.wake();
    }
    expect(scans.length - before).toBe(0);
    // Every read so far was the small first page: the pace stopped the scan within it.
    expect(scans.every((limit) => limit < 100)).toBe(true);
    // The pace still holds, in insertion order, and nothing is lost.
    await vi.advanceTimersByTimeAsync(1000);
    expect(session.calls).toHaveLength(6);
    expect(session.calls.map((c) => c.text)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
    const queued = t.db.prepare("SELECT count(*) FROM outbound_messages WHERE status = 'queued'").pluck().get();
    expect(queued).toBe(800 - 6);
  });

  it('a wake when the pace allows a send starts it at once', async () => {
    queue.start();
    await vi.advanceTimersByTimeAsync(5000);
    add(1);
    queue.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(session.calls.map((c) => c.text)).toEqual(['m1']);
    add(2);
    queue.wake();
    await vi.advanceTimersByTimeAsync(199);
    expect(session.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(session.calls.map((c) => c.text)).toEqual(['m1', 'm2']);
  });
});
