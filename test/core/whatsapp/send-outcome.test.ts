/**
 * A send outcome is the send queue's own event, read once: it carries the row as it is when the send ended (its
 * outbox link, when it was queued and sent), so neither the engine nor the outbox pipeline reads the row again.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../electron/core/kernel/clock';
import { createOutboxRepo } from '../../../electron/core/forwarder/outbox-repo';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { createOutboundRepo } from '../../../electron/core/whatsapp/outbound-repo';
import { createSendQueue, type SendQueue, type SendQueueEvent } from '../../../electron/core/whatsapp/send-queue';
import type { SendTextResult } from '../../../electron/core/whatsapp/session-port';
import { createFakeWhatsAppSession, type FakeWhatsAppSession } from '../../fakes/fake-whatsapp-session';
import { tempDb, type TempDb } from '../../fakes/wa-test-env';

const T0 = Date.UTC(2025, 0, 1, 8, 0, 0);

describe('send outcome', () => {
  let t: TempDb;
  let session: FakeWhatsAppSession;
  let queue: SendQueue;
  const events: { name: string; e: SendQueueEvent }[] = [];
  /** The send in flight, finished by the test. */
  let finish: ((r: SendTextResult | Error) => void) | null;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(T0);
    t = tempDb();
    events.length = 0;
    finish = null;
    session = createFakeWhatsAppSession();
    session.sendImpl = (_jid, _text, opts) =>
      new Promise<SendTextResult>((resolve, reject) => {
        finish = (r) => (r instanceof Error ? reject(r) : resolve(r));
        void opts;
      });
    queue = createSendQueue({
      db: t.db,
      session,
      ratePerSecond: () => 5,
      clock: systemClock,
      log: silentLogger(),
      maxAttempts: 1,
      random: () => 0.5,
    });
    for (const name of ['sent', 'failed'] as const) queue.on(name, (e) => events.push({ name, e }));
  });
  afterEach(async () => {
    finish?.(new Error('test over'));
    await queue.stop();
    vi.useRealTimers();
    t.cleanup();
  });

  /** An auto-reply being sent, then linked to an outbox message with the same text while the send is in flight. */
  async function linkedWhileSending() {
    const reply = queue.insertOutbound(
      { sessionId: 'default', toPhone: '6281234567890', text: 'TRX OK', kind: 'auto_reply' },
      Date.now(),
    );
    queue.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(session.calls).toHaveLength(1);
    const box = createOutboxRepo(t.db).insert({
      kode: 'K1',
      penerima: '6281234567890',
      pesan: 'TRX OK',
      kodeInbox: 500,
      kodeTransaksi: null,
      kodeReseller: null,
      raw: '{}',
      receivedAt: Date.now(),
    });
    if (!box) throw new Error('outbox row not inserted');
    createOutboundRepo(t.db).linkOutbox(reply.id, box.id);
    await vi.advanceTimersByTimeAsync(250);
    return { reply, outboxId: box.id };
  }

  it('sent: the link made mid-send and the send times travel with the outcome', async () => {
    const { reply, outboxId } = await linkedWhileSending();
    finish?.({ waId: reply.waId });
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual([
      {
        name: 'sent',
        e: expect.objectContaining({
          outboundId: reply.id,
          status: 'sent',
          kind: 'auto_reply',
          outboxId,
          createdAt: T0,
          sentAt: T0 + 250,
        }),
      },
    ]);
  });

  it('failed: the outcome carries the link made mid-send too', async () => {
    const { reply, outboxId } = await linkedWhileSending();
    finish?.(new Error('WhatsApp said no'));
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual([
      {
        name: 'failed',
        e: expect.objectContaining({ outboundId: reply.id, status: 'failed', outboxId, error: 'WhatsApp said no' }),
      },
    ]);
  });

  it('a receipt that arrives before the send returns reports the send, with the receipt time as sent time', async () => {
    const { reply, outboxId } = await linkedWhileSending();
    session.receipt({ waId: reply.waId, status: 'delivered', at: T0 + 300 });
    finish?.({ waId: reply.waId });
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual([
      { name: 'sent', e: expect.objectContaining({ outboundId: reply.id, outboxId, createdAt: T0, sentAt: T0 + 300 }) },
    ]);
  });
});
