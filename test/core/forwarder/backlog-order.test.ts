/**
 * A backlog bigger than the in-memory queue (maxPending) while messages keep coming: the rows left in the database
 * go before the messages that arrive after them. Found by the 100,000-message bench flood: 799 messages waited past
 * their _exp (30 s) and expired unsent, while newer ones went to OtomaX at 1,300 a second, because each new message
 * took a place freed in the queue ahead of the older rows, which only the refill at half (never reached while the
 * stream lasted) or the one-second sweep (a few places a tick) handed over.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createInboundPipeline, type InboundPipeline } from '../../../electron/core/forwarder/inbound';
import type { InsertInboxAnswer, OtomaxPort } from '../../../electron/core/forwarder/ports';
import { tempDb, type TempDb } from '../../fakes/wa-test-env';
import { incomingMessage, pipelineDeps, until } from '../../helpers/inbound-pipeline';

const answer: InsertInboxAnswer = { kode_inbox: 900, status: 20, statusDesc: null, pesan: '', raw: '{}' };

describe('a backlog over the queue size, with messages still coming', () => {
  let t: TempDb | null = null;
  let pipeline: InboundPipeline | null = null;
  afterEach(async () => {
    await pipeline?.stop();
    t?.cleanup();
    pipeline = null;
    t = null;
  });

  it('goes to OtomaX in the order it came: no newer message passes the rows waiting in the database', async () => {
    t = tempDb();
    const CONCURRENCY = 2;
    const MAX_PENDING = 10;
    const FIRST = 40;
    const MORE = 120;
    const order: number[] = [];
    let arrived = FIRST;
    const accepts: Promise<unknown>[] = [];
    const accept = (i: number) => accepts.push((pipeline as InboundPipeline).accept(incomingMessage(`M${i}`)));
    const otomax: OtomaxPort = {
      insertInbox(body) {
        order.push(Number(/TRX M(\d+)/.exec(body.pesan)?.[1]));
        // A steady stream: one new message for each one OtomaX takes, as fast as the engine forwards.
        if (arrived < FIRST + MORE) accept(arrived++);
        return new Promise((resolve) => setTimeout(() => resolve(answer), 1));
      },
      updateStatusOutbox: () => Promise.resolve({}),
    };
    pipeline = createInboundPipeline({
      ...pipelineDeps(t.db, otomax, { settings: { otomaxConcurrency: CONCURRENCY } }),
      maxPending: MAX_PENDING,
    });
    pipeline.start();
    // The burst: ten places in memory, thirty rows left in the database.
    for (let i = 0; i < FIRST; i++) accept(i);
    await until('every message forwarded', () => order.length === FIRST + MORE, 20_000);
    await Promise.all(accepts);
    expect(new Set(order).size).toBe(FIRST + MORE);
    // In order, give or take the messages in flight together (each group's InsertInbox calls start in one turn).
    const worst = Math.max(...order.map((id, at) => Math.abs(at - id)));
    expect(worst).toBeLessThanOrEqual(CONCURRENCY + 1);
    // Every answer recorded: all forwarded, none expired or left behind.
    const statuses = () =>
      (t as TempDb).db.prepare('SELECT status, count(*) AS n FROM inbound_messages GROUP BY status').all();
    await until('every answer recorded', () => statuses().length === 1, 5_000).catch(() => undefined);
    expect(statuses()).toEqual([{ status: 'forwarded', n: FIRST + MORE }]);
  });
});
