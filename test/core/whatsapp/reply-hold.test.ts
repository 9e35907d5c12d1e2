import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../electron/core/kernel/clock';
import { createChatPauses } from '../../../electron/core/forwarder/chat-pauses';
import { createReplyLimiter } from '../../../electron/core/forwarder/reply-limiter';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { createStateRepo } from '../../../electron/core/db/state-repo';
import { createSettingsRepo } from '../../../electron/core/db/settings-repo';
import { createOutboundRepo } from '../../../electron/core/whatsapp/outbound-repo';
import { createReplyHold } from '../../../electron/core/whatsapp/reply-hold';
import { createSendQueue, type SendQueue, type SendQueueEvent } from '../../../electron/core/whatsapp/send-queue';
import { createFakeWhatsAppSession, type FakeWhatsAppSession } from '../../fakes/fake-whatsapp-session';
import { tempDb, type TempDb } from '../../fakes/wa-test-env';

const T0 = Date.UTC(2025, 0, 1, 8, 0, 0);
const PHONE = '6281234567890';
const OTHER = '6281111111111';
const TEN_MIN = 10 * 60_000;

describe('replies over the per-chat limit are held, not dropped', () => {
  let t: TempDb;
  let session: FakeWhatsAppSession;
  let queue: SendQueue;
  let limit = 2;
  const held: SendQueueEvent[] = [];
  const failed: SendQueueEvent[] = [];

  const make = () => {
    const pauses = createChatPauses(createStateRepo(createSettingsRepo(t.db)));
    const q = createSendQueue({
      db: t.db,
      session,
      ratePerSecond: () => 50,
      clock: systemClock,
      log: silentLogger(),
      hold: createReplyHold({ repo: createOutboundRepo(t.db), limit: () => limit, isPaused: pauses.isPaused }),
    });
    q.on('held', (e) => held.push(e));
    q.on('failed', (e) => failed.push(e));
    return { q, pauses };
  };
  const reply = (to: string, text: string, kind: 'auto_reply' | 'outbox' = 'auto_reply') =>
    queue.insertOutbound({ sessionId: 'default', toPhone: to, text, kind, notAfter: Date.now() + TEN_MIN }, Date.now());
  const row = (id: number) =>
    t.db.prepare('SELECT status, error_message FROM outbound_messages WHERE id = ?').get(id) as {
      status: string;
      error_message: string | null;
    };
  const sentTexts = () => session.calls.map((c) => c.text);

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(T0);
    t = tempDb();
    limit = 2;
    held.length = 0;
    failed.length = 0;
    session = createFakeWhatsAppSession();
    queue = make().q;
  });
  afterEach(async () => {
    await queue.stop();
    vi.useRealTimers();
    t.cleanup();
  });

  it('holds the third reply of a minute with its reason, sends it when the window frees, paced', async () => {
    queue.start();
    const ids = ['r1', 'r2', 'r3', 'r4'].map((x) => reply(PHONE, x).id);
    queue.wake();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sentTexts()).toEqual(['r1', 'r2']);
    expect(row(ids[2] as number)).toEqual({ status: 'queued', error_message: 'held:reply_limit' });
    expect(row(ids[3] as number)).toEqual({ status: 'queued', error_message: 'held:reply_limit' });
    expect(held.map((e) => e.outboundId)).toEqual([ids[2], ids[3]]);
    // Another chat and OtomaX's own outbox messages are never held behind them.
    reply(OTHER, 'other');
    reply(PHONE, 'trx result', 'outbox');
    queue.wake();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sentTexts()).toEqual(['r1', 'r2', 'other', 'trx result']);
    // The minute passes: r3 and r4 go, in order, and nothing is left held.
    await vi.advanceTimersByTimeAsync(59_000);
    expect(sentTexts()).toEqual(['r1', 'r2', 'other', 'trx result', 'r3', 'r4']);
    expect(row(ids[2] as number)).toMatchObject({ status: 'sent', error_message: null });
    expect(failed).toHaveLength(0);
  });

  it('survives a restart: the held row is still held, then sent by the new queue', async () => {
    queue.start();
    for (const x of ['a', 'b', 'c']) reply(PHONE, x);
    queue.wake();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sentTexts()).toEqual(['a', 'b']);
    await queue.stop();
    t.reopen();
    queue = make().q;
    queue.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sentTexts()).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sentTexts()).toEqual(['a', 'b', 'c']);
  });

  it('gives a held reply up after its 10 minutes, with the reason kept', async () => {
    limit = 1;
    queue.start();
    const first = reply(PHONE, 'first').id;
    const ids = Array.from({ length: 15 }, (_, i) => reply(PHONE, `late ${i}`).id);
    queue.wake();
    await vi.advanceTimersByTimeAsync(TEN_MIN + 2_000);
    // One a minute went out; the rest were given up when their 10 minutes ran out.
    expect(row(first).status).toBe('sent');
    expect(sentTexts().length).toBeGreaterThanOrEqual(10);
    expect(sentTexts().length).toBeLessThanOrEqual(12);
    const last = row(ids[14] as number);
    expect(last).toEqual({ status: 'failed', error_message: 'gave_up:reply_limit' });
    expect(failed.some((e) => e.outboundId === ids[14])).toBe(true);
  });

  it('a paused chat holds every reply until the owner releases it; the pause survives a restart', async () => {
    const { q, pauses } = make();
    await queue.stop();
    queue = q;
    queue.start();
    expect(pauses.pause(PHONE, Date.now())).toBe(true);
    const id = reply(PHONE, 'loop').id;
    queue.wake();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sentTexts()).toEqual([]);
    expect(row(id).error_message).toBe('held:chat_paused');
    const again = createChatPauses(createStateRepo(createSettingsRepo(t.db)));
    expect(again.list()).toEqual([{ phone: PHONE, since: T0 }]);
    expect(pauses.release(PHONE, Date.now())).toBe(true);
    // A release wakes the queue saying a hold may have ended (the numbers host does so for the owner's release).
    queue.wake({ held: true });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sentTexts()).toEqual(['loop']);
    // Released: not paused again within the grace hour.
    expect(pauses.pause(PHONE, Date.now())).toBe(false);
  });

  it('the limiter pauses a chat that asks for more than 3× its limit within a few minutes', () => {
    const pauses = createChatPauses(createStateRepo(createSettingsRepo(t.db)));
    const limiter = createReplyLimiter(() => 2, systemClock, pauses);
    const results = Array.from({ length: 7 }, () => {
      vi.advanceTimersByTime(10_000);
      return limiter.note(PHONE);
    });
    expect(results).toEqual([false, false, false, false, false, false, true]);
    expect(pauses.isPaused(PHONE)).toBe(true);
    expect(limiter.note(OTHER)).toBe(false);
    // A chat at its limit, spread over time, is not a loop.
    const calm = createReplyLimiter(() => 2, systemClock, createChatPauses(createStateRepo(createSettingsRepo(t.db))));
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(31_000);
      expect(calm.note(OTHER)).toBe(false);
    }
  });
});
