import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOutboundRepo } from '../../../electron/core/whatsapp/outbound-repo';
import type { SendQueue } from '../../../electron/core/whatsapp/send-queue';
import type { FakeWhatsAppSession } from '../../fakes/fake-whatsapp-session';
import { countStatements, pacedSendQueue, type PacedQueueEnv } from '../../fakes/paced-send-queue';
import type { TempDb } from '../../fakes/wa-test-env';

const T0 = Date.UTC(2025, 0, 1, 8, 0, 0);
const HOUR = 3_600_000;

/**
 * Issue 15: every pump (each send's end, each paced timer) asked the database for the rows past their not_after and
 * for the earliest not_after: two reads of the whole queued backlog, about 5 ms at 10,000 queued, 100 times a
 * second while OtomaX's callbacks waited. The earliest not_after is now kept in memory; the rows still expire on
 * time, and a row that arrived behind the queue's back (another number's row moved here) is never sent late.
 */
describe('send queue expiry with a large backlog', () => {
  let t: TempDb;
  let session: FakeWhatsAppSession;
  let queue: SendQueue;
  /** How often the expiry statements ran. */
  let reads: { expire: number; nextNotAfter: number };

  let env: PacedQueueEnv;

  beforeEach(() => {
    env = pacedSendQueue({
      t0: T0,
      rate: 10,
      beforeQueue: (t) => {
        reads = countStatements(t.db, {
          nextNotAfter: /min\(not_after\)/,
          expire: /not_after IS NOT NULL AND not_after < \?/,
        });
      },
    });
    ({ t, session, queue } = env);
  });
  afterEach(() => env.stop());

  const add = (i: number, notAfter: number | null) =>
    queue.insertOutbound(
      { sessionId: 'default', toPhone: `62811${String(i).padStart(7, '0')}`, text: `m${i}`, kind: 'outbox', notAfter },
      Date.now(),
    );

  it('paced sends from a backlog do not ask for the expired rows at every pump', async () => {
    for (let i = 0; i < 500; i++) add(i, T0 + 24 * HOUR);
    queue.start();
    await vi.advanceTimersByTimeAsync(3000);
    expect(session.calls.length).toBeGreaterThanOrEqual(30);
    // Once at start; the next look is due at the earliest not_after (or the periodic refresh), not per send.
    expect(reads.expire).toBeLessThanOrEqual(1);
    expect(reads.nextNotAfter).toBeLessThanOrEqual(1);
  });

  it('rows still expire at their not_after, the ones inserted since included', async () => {
    queue.start();
    // Nothing is sent while WhatsApp is down: these wait, and give up at their not_after.
    session.setConnected(false);
    const a = add(1, T0 + 5_000);
    queue.wake();
    await vi.advanceTimersByTimeAsync(1000);
    const b = add(2, T0 + 2_000);
    queue.wake();
    await vi.advanceTimersByTimeAsync(1500);
    const repo = createOutboundRepo(t.db);
    expect(repo.get(b.id)?.status).toBe('failed');
    expect(repo.get(a.id)?.status).toBe('queued');
    await vi.advanceTimersByTimeAsync(3000);
    expect(repo.get(a.id)?.status).toBe('failed');
    expect(session.calls).toHaveLength(0);
  });

  it('a row moved here behind the queue’s back is expired, never sent, once past its not_after', async () => {
    queue.start();
    await vi.advanceTimersByTimeAsync(10);
    // Another number's queue inserted it (a reroute): this queue never saw the insert.
    const other = createOutboundRepo(t.db);
    const moved = other.insert(
      { sessionId: 'default', toPhone: '6281100000099', text: 'late', kind: 'outbox', notAfter: T0 + 100 },
      T0,
    );
    await vi.advanceTimersByTimeAsync(500);
    queue.wake();
    await vi.advanceTimersByTimeAsync(500);
    expect(session.calls).toHaveLength(0);
    expect(other.get(moved.id)?.status).toBe('failed');
    // Moved here while WhatsApp is down, due while it is down: when the link is back it is expired, not sent.
    session.setConnected(false);
    const later = other.insert(
      { sessionId: 'default', toPhone: '6281100000098', text: 'later', kind: 'outbox', notAfter: Date.now() + 1000 },
      Date.now(),
    );
    queue.wake();
    await vi.advanceTimersByTimeAsync(2000);
    session.setConnected(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(session.calls).toHaveLength(0);
    expect(other.get(later.id)?.status).toBe('failed');
  });
});
