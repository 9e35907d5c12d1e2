/**
 * The forward attempts of the InsertInbox calls in flight are stored through the group commit (one sync with the
 * answers of the same turn), not one synced commit each (issue 15), and a first failed try still shows the row as
 * "waiting for OtomaX" once its attempt row is stored. Real SQLite file, OtomaX faked at the port.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ForwardingState } from '../../../shared/dto';
import { defaultSettings } from '../../../electron/core/config/schema';
import { createInboundPipeline, type InboundPipeline } from '../../../electron/core/forwarder/inbound';
import { createInboundRepo } from '../../../electron/core/forwarder/inbound-repo';
import type { IncomingMessage, InsertInboxAnswer, OtomaxPort } from '../../../electron/core/forwarder/ports';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { createMetrics } from '../../../electron/core/kernel/metrics';
import { createOtomaxReachability } from '../../../electron/core/otomax/reachability';
import { tempDb, type TempDb } from '../../fakes/wa-test-env';

const clock = { now: () => Date.now() };
const N = 20;

const message = (i: number): IncomingMessage => ({
  sessionId: 'default',
  waKey: `default|6281234567890@s.whatsapp.net||M${i}`,
  waId: `M${i}`,
  chatJid: '6281234567890@s.whatsapp.net',
  participantJid: null,
  senderPhone: '6281234567890',
  senderLid: null,
  pushName: null,
  fromMe: false,
  isGroup: false,
  isMedia: false,
  text: `TRX ${i}`,
  timestampMs: Date.now(),
});

const answer: InsertInboxAnswer = { kode_inbox: 900, status: 20, statusDesc: null, pesan: null, raw: '{}' };

let t: TempDb | null = null;
let pipeline: InboundPipeline | null = null;
afterEach(async () => {
  vi.restoreAllMocks();
  await pipeline?.stop();
  pipeline = null;
  t?.cleanup();
  t = null;
});

function start(otomax: OtomaxPort, onRow: (id: number) => void = () => undefined) {
  t = tempDb();
  const switches = { forwarding: true, autoReply: false } as ForwardingState;
  pipeline = createInboundPipeline({
    db: t.db,
    inbound: createInboundRepo(t.db),
    outbound: {
      insert: () => ({ id: 1, waId: 'OUT1' }),
      wake: () => undefined,
      isOurs: () => false,
      autoReplyWithText: () => null,
      linkOutbox: () => undefined,
    },
    otomax: () => otomax,
    markRead: () => Promise.resolve(),
    settings: () => ({ ...defaultSettings(), otomaxConcurrency: 8 }),
    switches: () => switches,
    ownPhone: () => null,
    clock,
    log: silentLogger(),
    metrics: createMetrics(),
    reachability: createOtomaxReachability(clock),
    limiter: { note: () => false },
    onRow,
  });
  pipeline.start();
  return t.db;
}

async function until(pred: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('forward attempts through the group commit', () => {
  it('no attempt row is a synced commit of its own; every one is stored', async () => {
    const db = start({
      insertInbox(_body, opts) {
        const at = Date.now();
        opts.onAttempt({
          attempt: 1,
          startedAt: at,
          finishedAt: at,
          outcome: 'ok',
          httpStatus: 200,
          error: null,
          latencyMs: 1,
        });
        return Promise.resolve(answer);
      },
      updateStatusOutbox: () => Promise.resolve({}),
    });
    const probe = new Database(':memory:');
    const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as { run: (...a: unknown[]) => unknown };
    probe.close();
    const run = proto.run;
    let alone = 0;
    vi.spyOn(proto, 'run').mockImplementation(function (this: Database.Statement, ...a: unknown[]) {
      if (!this.database.inTransaction && /INSERT INTO forward_attempts/.test(this.source)) alone++;
      return run.apply(this, a);
    });
    await Promise.all(Array.from({ length: N }, (_, i) => pipeline!.accept(message(i))));
    const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM forward_attempts');
    const forwarded = db.prepare<[], { n: number }>(
      "SELECT count(*) AS n FROM inbound_messages WHERE status = 'forwarded'",
    );
    await until(() => forwarded.get()!.n === N);
    await until(() => count.get()!.n === N);
    // Before: each attempt row was its own synced commit (N of them).
    expect(alone).toBe(0);
  });

  it('a first failed try shows the row once its attempt row is stored', async () => {
    const shown: number[] = [];
    let db: Database.Database | null = null;
    const seenAt: number[] = [];
    db = start(
      {
        insertInbox(_body, opts) {
          const at = Date.now();
          opts.onAttempt({
            attempt: 1,
            startedAt: at,
            finishedAt: at,
            outcome: 'http_503',
            httpStatus: 503,
            error: 'busy',
            latencyMs: 1,
          });
          return new Promise((resolve) => setTimeout(() => resolve(answer), 100));
        },
        updateStatusOutbox: () => Promise.resolve({}),
      },
      (id) => {
        shown.push(id);
        seenAt.push(
          db!
            .prepare<[number], { n: number }>('SELECT count(*) AS n FROM forward_attempts WHERE inbound_id = ?')
            .get(id)!.n,
        );
      },
    );
    await pipeline!.accept(message(1));
    await until(() => seenAt.some((n) => n === 1));
    // Shown when logged and when the forward started (no attempt yet), then once its failed attempt was stored.
    expect(seenAt.slice(0, 3)).toEqual([0, 0, 1]);
    expect(shown.slice(0, 3)).toEqual([1, 1, 1]);
  });
});
