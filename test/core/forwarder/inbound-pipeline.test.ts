/**
 * The inbound pipeline's composition on a real SQLite file with OtomaX, the send queue and the session faked:
 * the retry-later timer, OtomaX not configured (a null port) and the _exp bound across retries, under fake timers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ForwardingState } from '../../../shared/dto';
import { defaultSettings } from '../../../electron/core/config/schema';
import { createInboundPipeline, RETRY_LATER_MS, type InboundPipeline } from '../../../electron/core/forwarder/inbound';
import type {
  IncomingMessage,
  InsertInboxAnswer,
  NewOutbound,
  OtomaxPort,
} from '../../../electron/core/forwarder/ports';
import { OtomaxError } from '../../../electron/core/otomax/errors';
import { tempDb, type TempDb } from '../../fakes/wa-test-env';
import { incomingMessage, pipelineDeps } from '../../helpers/inbound-pipeline';

const T0 = Date.parse('2026-01-05T10:00:00Z');

const message = (id: string, over: Partial<IncomingMessage> = {}) => incomingMessage(id, over);

const answer = (status: number, pesan: string): InsertInboxAnswer => ({
  kode_inbox: 900,
  status,
  statusDesc: null,
  pesan,
  raw: '{}',
});

describe('inbound pipeline (composition, fake timers)', () => {
  let t: TempDb;
  let pipeline: InboundPipeline;
  let outcomes: (OtomaxError | InsertInboxAnswer)[];
  let calls: number[];
  let configured: boolean;
  let sent: NewOutbound[];
  const switches: ForwardingState = { forwarding: true, autoReply: true } as ForwardingState;

  const otomax: OtomaxPort = {
    insertInbox(body) {
      calls.push(Date.now() - T0);
      const next = outcomes.shift();
      if (!next) return Promise.reject(new Error(`unexpected InsertInbox ${body.pesan}`));
      return next instanceof OtomaxError ? Promise.reject(next) : Promise.resolve(next);
    },
    updateStatusOutbox: () => Promise.resolve({}),
  };

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(T0);
    t = tempDb();
    outcomes = [];
    calls = [];
    sent = [];
    configured = true;
    pipeline = createInboundPipeline(deps());
    pipeline.start();
  });
  /** The pipeline's parts: this file's fakes on the temp database, the replies it queues in `sent`. */
  const deps = () => {
    const d = pipelineDeps(t.db, otomax, {
      over: { otomax: () => (configured ? otomax : null), switches: () => switches },
    });
    sent = d.queued;
    return d;
  };
  afterEach(async () => {
    await pipeline.stop();
    vi.useRealTimers();
    t.cleanup();
  });

  /**
   * Fake time, then a few real loop turns: the forwarding marks and the answers are stored by the group commit at
   * the end of a turn (setImmediate, not faked), after the timer that started them.
   */
  const advance = async (ms: number) => {
    await vi.advanceTimersByTimeAsync(ms);
    for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  };

  const row = (waId: string) =>
    t.db.prepare('SELECT status, error_class, attempts FROM inbound_messages WHERE wa_id = ?').get(waId);

  it('OtomaX refused: tried again RETRY_LATER_MS later, then forwarded and answered once', async () => {
    outcomes.push(new OtomaxError({ klass: 'unreachable', message: 'connection refused' }), answer(21, 'OK'));
    expect(await pipeline.accept(message('A'))).toBe('logged');
    await advance(0);
    expect(row('A')).toEqual({ status: 'queued', error_class: 'unreachable', attempts: 1 });
    await advance(RETRY_LATER_MS);
    expect(calls).toEqual([0, RETRY_LATER_MS]);
    expect(row('A')).toMatchObject({ status: 'forwarded', attempts: 2 });
    expect(sent.map((s) => [s.kind, s.text])).toEqual([['auto_reply', 'OK']]);
  });

  it('OtomaX not configured: the message waits queued and goes within 3 s of being set up', async () => {
    configured = false;
    outcomes.push(answer(20, ''));
    await pipeline.accept(message('B', { timestampMs: Date.now() + 60_000 }));
    await advance(30_000 - 1);
    expect(calls).toEqual([]);
    // The sweep and one retry timer: waiting does not pile up timers.
    expect(vi.getTimerCount()).toBe(2);
    expect(row('B')).toEqual({ status: 'queued', error_class: 'not_configured', attempts: 0 });
    configured = true;
    await advance(RETRY_LATER_MS);
    expect(calls).toHaveLength(1);
    expect(row('B')).toMatchObject({ status: 'forwarded', attempts: 1 });
  });

  it('refused until _exp: no try after _exp, the message expires and the sender is told', async () => {
    const refused = () => new OtomaxError({ klass: 'unreachable', message: 'connection refused' });
    outcomes.push(...Array.from({ length: 20 }, refused));
    await pipeline.accept(message('C'));
    await advance(40_000);
    // One try every 3 s, never two at once (the 1 s sweep and the retry timer used to both send it), while the
    // next lands before _exp (T0 + 30 s): after the try at 27 s the next would be at _exp itself.
    expect(calls).toEqual([0, 3000, 6000, 9000, 12_000, 15_000, 18_000, 21_000, 24_000, 27_000]);
    expect(row('C')).toMatchObject({ status: 'expired', error_class: 'expired' });
    expect(sent.map((s) => s.kind)).toEqual(['expired_notice']);
  });

  it('a burst over the queue’s size: the rows left in the database go as the queue drains, with no sweep tick', async () => {
    await pipeline.stop();
    // Ten at most in memory, two to OtomaX at once; the sweep's timer (fake) never fires in this test.
    pipeline = createInboundPipeline({
      ...deps(),
      settings: () => ({ ...defaultSettings(), otomaxConcurrency: 2 }),
      maxPending: 10,
    });
    pipeline.start();
    const N = 60;
    for (let i = 0; i < N; i++) outcomes.push(answer(20, ''));
    await Promise.all(Array.from({ length: N }, (_, i) => pipeline.accept(message(`BURST${i}`))));
    for (let turn = 0; turn < 400 && calls.length < N; turn++) await advance(0);
    // Before: the first ten went, the fifty others waited for the sweep's next tick, and a tick took only the oldest
    // queued rows, mostly the ones already waiting in the queue.
    expect(calls).toHaveLength(N);
    expect(t.db.prepare("SELECT count(*) AS n FROM inbound_messages WHERE status = 'forwarded'").get()).toEqual({
      n: N,
    });
  });
});
