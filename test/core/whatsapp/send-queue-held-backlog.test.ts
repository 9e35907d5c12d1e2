/**
 * Issue 15 (found by the 100,000-message memory run): a reseller who sends hundreds of messages a minute while OtomaX
 * cannot keep up gets an expiry notice for each, and the chat's reply limit holds them. Every look at the send queue
 * read that whole held backlog (1,000 rows at a time) and marked each row held again, and every queued row woke a
 * look: the engine's event loop lagged 26 s. Now a look reads only the rows that may go (an index of its own,
 * migration 010); held rows are read again when a hold may have ended, or after a release.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createChatPauses } from '../../../electron/core/forwarder/chat-pauses';
import { createSettingsRepo } from '../../../electron/core/db/settings-repo';
import { createStateRepo } from '../../../electron/core/db/state-repo';
import { systemClock } from '../../../electron/core/kernel/clock';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { createOutboundRepo } from '../../../electron/core/whatsapp/outbound-repo';
import { createReplyHold } from '../../../electron/core/whatsapp/reply-hold';
import { createSendQueue, type SendQueue } from '../../../electron/core/whatsapp/send-queue';
import { countStatements } from '../../fakes/paced-send-queue';
import { createFakeWhatsAppSession, type FakeWhatsAppSession } from '../../fakes/fake-whatsapp-session';
import { tempDb, type TempDb } from '../../fakes/wa-test-env';

const T0 = Date.UTC(2025, 0, 1, 8, 0, 0);
const RESELLER = '6281234567890';
const TEN_MIN = 10 * 60_000;
const HELD = 1_000;

describe('send queue: a held backlog is not read at every look', () => {
  let t: TempDb;
  let session: FakeWhatsAppSession;
  let queue: SendQueue;
  let reads: { held: number; ready: number };
  let pauses: ReturnType<typeof createChatPauses>;
  /** The send queue on this test's database and session: 50 a second, replies held over 2 a chat or while paused. */
  const makeQueue = () =>
    createSendQueue({
      db: t.db,
      session,
      ratePerSecond: () => 50,
      clock: systemClock,
      log: silentLogger(),
      hold: createReplyHold({ repo: createOutboundRepo(t.db), limit: () => 2, isPaused: pauses.isPaused }),
    });

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(T0);
    t = tempDb();
    // The held chats asked again, and the reads of the rows that may go.
    reads = countStatements(t.db, { held: /GROUP BY to_phone/, ready: /INDEXED BY outbound_ready/ });
    session = createFakeWhatsAppSession();
    pauses = createChatPauses(createStateRepo(createSettingsRepo(t.db)));
    queue = makeQueue();
  });
  afterEach(async () => {
    await queue.stop();
    vi.useRealTimers();
    t.cleanup();
  });

  const insert = (to: string, text: string, kind: 'expired_notice' | 'outbox' | 'check_notice') =>
    queue.insertOutbound({ sessionId: 'default', toPhone: to, text, kind, notAfter: Date.now() + TEN_MIN }, Date.now());
  const heldRows = () =>
    (
      t.db
        .prepare(`SELECT count(*) AS n FROM outbound_messages WHERE status = 'queued' AND error_message LIKE 'held:%'`)
        .get() as { n: number }
    ).n;

  it('1,000 held notices: 100 transaction results to other chats go out without reading them again', async () => {
    queue.start();
    for (let i = 0; i < HELD + 2; i++) insert(RESELLER, `Transaksi ${i} kedaluwarsa`, 'expired_notice');
    queue.wake();
    await vi.advanceTimersByTimeAsync(1_000);
    // Two went (the chat's limit), the rest are held and marked once.
    expect(session.calls).toHaveLength(2);
    expect(heldRows()).toBe(HELD);
    const before = { ...reads };
    // OtomaX's results for 100 other resellers, each queued and woken on its own, as callbacks do.
    for (let i = 0; i < 100; i++) {
      insert(`62812000${String(i).padStart(5, '0')}`, `R#${i} SUKSES`, 'outbox');
      queue.wake();
      await vi.advanceTimersByTimeAsync(20);
    }
    await vi.advanceTimersByTimeAsync(3_000);
    expect(session.calls).toHaveLength(102);
    // No look read the held rows (the old code read the first 1,000 queued rows, all held, at every look and never
    // reached the results); the held chat was asked again at most once a second over those 2 s of wakes.
    expect(reads.ready - before.ready).toBeGreaterThan(0);
    expect(reads.held - before.held).toBeLessThanOrEqual(3);
    expect(heldRows()).toBe(HELD);
  });

  it("when the chat's minute is over, its held notices go again, in order, at its limit", async () => {
    queue.start();
    for (let i = 0; i < 12; i++) insert(RESELLER, `n${i}`, 'expired_notice');
    queue.wake();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(session.calls.map((c) => c.text)).toEqual(['n0', 'n1']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(session.calls.map((c) => c.text)).toEqual(['n0', 'n1', 'n2', 'n3']);
    expect(heldRows()).toBe(8);
  });

  it('a chat the owner paused: its held rows go right after the release', async () => {
    pauses.pause(RESELLER, Date.now());
    queue.start();
    for (let i = 0; i < 5; i++) insert(RESELLER, `p${i}`, 'expired_notice');
    queue.wake();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(session.calls).toHaveLength(0);
    expect(heldRows()).toBe(5);
    pauses.release(RESELLER, Date.now());
    queue.wake({ held: true });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(session.calls.map((c) => c.text)).toEqual(['p0', 'p1']);
  });

  it("a look's held marks are written in one transaction, not a synced commit each", async () => {
    // OtomaX stuck past _exp (test/core/forwarder/slow-otomax.test.ts): a look that met 1,000 new notices of paused
    // chats wrote 1,000 autocommits, each synced, and blocked the event loop for 0.5-1.3 s.
    const outside: number[] = [];
    const prepare = t.db.prepare.bind(t.db);
    t.db.prepare = ((source: string) => {
      const stmt = prepare(source);
      if (!/SET error_message = \? WHERE id = \?/.test(source)) return stmt;
      const run = stmt.run.bind(stmt);
      stmt.run = ((...a: unknown[]) => {
        if (!t.db.inTransaction) outside.push(a[1] as number);
        return run(...(a as [string, number, string]));
      }) as typeof stmt.run;
      return stmt;
    }) as typeof t.db.prepare;
    const q = makeQueue();
    const held: number[] = [];
    q.on('held', (e) => held.push(e.outboundId));
    pauses.pause(RESELLER, Date.now());
    q.start();
    for (let i = 0; i < 500; i++)
      q.insertOutbound(
        {
          sessionId: 'default',
          toPhone: RESELLER,
          text: `n${i}`,
          kind: 'expired_notice',
          notAfter: Date.now() + TEN_MIN,
        },
        Date.now(),
      );
    q.wake();
    await vi.advanceTimersByTimeAsync(1_000);
    await q.stop();
    expect(heldRows()).toBe(500);
    expect(held).toHaveLength(500);
    expect(outside).toEqual([]);
  });

  it('a "being checked" notice is not held by the held notices of its chat', async () => {
    // The hold is asked once per chat and look; the check notice, which no hold applies to, shared the answer of the
    // chat's expiry notices and waited behind the owner's pause.
    pauses.pause(RESELLER, Date.now());
    queue.start();
    insert(RESELLER, 'late 1', 'expired_notice');
    insert(RESELLER, 'checking', 'check_notice');
    insert(RESELLER, 'late 2', 'expired_notice');
    queue.wake();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(session.calls.map((c) => c.text)).toEqual(['checking']);
    expect(heldRows()).toBe(2);
  });
});
