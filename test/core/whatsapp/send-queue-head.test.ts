import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../electron/core/kernel/errors';
import { createOutboundRepo } from '../../../electron/core/whatsapp/outbound-repo';
import type { SendQueue } from '../../../electron/core/whatsapp/send-queue';
import type { FakeWhatsAppSession } from '../../fakes/fake-whatsapp-session';
import { countStatements, pacedSendQueue, type PacedQueueEnv } from '../../fakes/paced-send-queue';
import type { TempDb } from '../../fakes/wa-test-env';

const T0 = Date.UTC(2025, 0, 1, 8, 0, 0);

/**
 * Issue 15: each paced send read the first page of queued rows again, and that read sorts the whole queued backlog
 * (2.8 ms at 10,000 queued, 50 times a second). The head of the queue is now kept between sends; the order per
 * chat, the retries and the rows moved here from another number still hold.
 */
describe('send queue head kept between sends', () => {
  let t: TempDb;
  let session: FakeWhatsAppSession;
  let queue: SendQueue;
  /** How often the first page of queued rows was read. */
  let reads: { queued: number };

  let env: PacedQueueEnv;

  beforeEach(() => {
    env = pacedSendQueue({
      t0: T0,
      rate: 20,
      beforeQueue: (t) => {
        reads = countStatements(t.db, { queued: /INDEXED BY outbound_ready/ });
      },
    });
    ({ t, session, queue } = env);
  });
  afterEach(() => env.stop());

  const add = (phone: string, text: string) =>
    queue.insertOutbound({ sessionId: 'default', toPhone: phone, text, kind: 'outbox' }, Date.now());

  it('paced sends from a backlog read the queued rows about once a second, not once per send', async () => {
    for (let i = 0; i < 1000; i++) add(`62811${String(i).padStart(7, '0')}`, `m${i}`);
    queue.start();
    await vi.advanceTimersByTimeAsync(2000);
    expect(session.calls.length).toBeGreaterThanOrEqual(40);
    expect(session.calls.map((c) => c.text)).toEqual(session.calls.map((_, i) => `m${i}`));
    // 40 sends in 2 s: a read per second (the head's age limit) and when the head of 32 is used up.
    expect(reads.queued).toBeLessThanOrEqual(6);
  });

  it('keeps each chat in order, retries a failed send first, and sends a row moved here from another number', async () => {
    const a = '6281100000001';
    const b = '6281100000002';
    let failOnce = true;
    const real = session.sendImpl;
    session.sendImpl = async (jid, text, opts) => {
      if (text === 'a1' && failOnce) {
        failOnce = false;
        throw new AppError('WHATSAPP_FAILED', 'not-acceptable');
      }
      return real(jid, text, opts);
    };
    add(a, 'a1');
    add(a, 'a2');
    add(b, 'b1');
    add(b, 'b2');
    queue.start();
    await vi.advanceTimersByTimeAsync(500);
    // Another number's row moved to this number (a reroute): not inserted through this queue.
    const other = createOutboundRepo(t.db);
    other.insert({ sessionId: 'default', toPhone: '6281100000003', text: 'moved', kind: 'outbox' }, Date.now());
    queue.wake();
    await vi.advanceTimersByTimeAsync(6000); // past the head's age limit and a1's retry delay
    const texts = session.calls.map((c) => c.text);
    // a1 failed once and went again (after its retry delay) before a2; b's order held; the moved row went too.
    expect(texts.filter((x) => x.startsWith('a'))).toEqual(['a1', 'a1', 'a2']);
    expect(texts.filter((x) => x.startsWith('b'))).toEqual(['b1', 'b2']);
    expect(texts).toContain('moved');
    expect(texts.filter((x) => x === 'moved')).toHaveLength(1);
  });
});
