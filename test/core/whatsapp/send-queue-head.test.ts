import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../electron/core/kernel/clock';
import { AppError } from '../../../electron/core/kernel/errors';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { createOutboundRepo } from '../../../electron/core/whatsapp/outbound-repo';
import { createSendQueue, type SendQueue } from '../../../electron/core/whatsapp/send-queue';
import { createFakeWhatsAppSession, type FakeWhatsAppSession } from '../../fakes/fake-whatsapp-session';
import { tempDb, type TempDb } from '../../fakes/wa-test-env';

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
  let reads: number;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(T0);
    t = tempDb();
    reads = 0;
    const prepare = t.db.prepare.bind(t.db);
    t.db.prepare = ((source: string) => {
      const stmt = prepare(source);
      if (/status = 'queued' ORDER BY id LIMIT/.test(source)) {
        const all = stmt.all.bind(stmt) as (...a: unknown[]) => unknown[];
        (stmt as { all: unknown }).all = (...a: unknown[]) => {
          reads++;
          return all(...a);
        };
      }
      return stmt;
    }) as TempDb['db']['prepare'];
    session = createFakeWhatsAppSession();
    queue = createSendQueue({
      db: t.db,
      session,
      ratePerSecond: () => 20,
      clock: systemClock,
      log: silentLogger(),
      random: () => 0.5,
    });
  });
  afterEach(async () => {
    await queue.stop();
    vi.useRealTimers();
    t.cleanup();
  });

  const add = (phone: string, text: string) =>
    queue.insertOutbound({ sessionId: 'default', toPhone: phone, text, kind: 'outbox' }, Date.now());

  it('paced sends from a backlog read the queued rows about once a second, not once per send', async () => {
    for (let i = 0; i < 1000; i++) add(`62811${String(i).padStart(7, '0')}`, `m${i}`);
    queue.start();
    await vi.advanceTimersByTimeAsync(2000);
    expect(session.calls.length).toBeGreaterThanOrEqual(40);
    expect(session.calls.map((c) => c.text)).toEqual(session.calls.map((_, i) => `m${i}`));
    // 40 sends in 2 s: a read per second (the head's age limit) and when the head of 32 is used up.
    expect(reads).toBeLessThanOrEqual(6);
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
