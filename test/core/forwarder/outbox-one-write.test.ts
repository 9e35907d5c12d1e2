/**
 * Issue 15: a callback's outbox row was inserted as 'received' and then updated to what the callback decided
 * ('sending', 'too_long', 'duplicate_text') in the same transaction: two writes of the row and its indexes for one
 * callback, at 1,000 callbacks a second. It is now stored in its decided state with one insert; what the row and the
 * send queue end up holding is unchanged.
 * The window's read of the new row (with a window open, every callback) runs a loop turn later, after the 200.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../../shared/settings';
import { createGroupCommit } from '../../../electron/core/db/durable';
import { createOutboxPipeline } from '../../../electron/core/forwarder/outbox';
import { createOutboxRepo } from '../../../electron/core/forwarder/outbox-repo';
import type { OutboundPort } from '../../../electron/core/forwarder/ports';
import type { AutoReplyMatch } from '../../../electron/core/forwarder/reply-dedupe';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { createMetrics } from '../../../electron/core/kernel/metrics';
import { createOtomaxReachability } from '../../../electron/core/otomax/reachability';
import { WHATSAPP_TEXT_LIMIT } from '../../../electron/core/forwarder/outbox-limits';
import { createOutboundRepo } from '../../../electron/core/whatsapp/outbound-repo';
import { testOutboxPipeline } from '../../fakes/outbox-pipeline';
import { tempDb, type TempDb } from '../../fakes/wa-test-env';

const clock = { now: () => 1_700_000_000_000 };

describe('an outbox callback is stored with one write of its row', () => {
  let t: TempDb | null = null;
  afterEach(() => t?.cleanup());

  function setup() {
    t = tempDb();
    const db = t.db;
    /** Every statement run on outbox_messages by the code under test (triggers aside), by its first words. */
    const runs: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((source: string) => {
      const stmt = prepare(source);
      const head = /^(INSERT INTO|UPDATE) outbox_messages/.exec(source.trim());
      if (head) {
        for (const m of ['run', 'get', 'all'] as const) {
          const f = (stmt[m] as (...a: unknown[]) => unknown).bind(stmt);
          (stmt as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => {
            runs.push(head[0]);
            return f(...a);
          };
        }
      }
      return stmt;
    }) as TempDb['db']['prepare'];
    const outboundRepo = createOutboundRepo(db);
    const outbound: OutboundPort = {
      insert: (row, now) => outboundRepo.insert(row, now),
      wake: () => undefined,
      release: () => undefined,
      isOurs: outboundRepo.isOurs,
      autoReplyWithText: outboundRepo.autoReplyWithText,
      linkOutbox: outboundRepo.linkOutbox,
    };
    const outboxRepo = createOutboxRepo(db);
    const replies = new Map<string, AutoReplyMatch>();
    const pipeline = testOutboxPipeline({
      db,
      outbox: outboxRepo,
      outbound,
      otomax: () => null,
      clock,
      commits: createGroupCommit(db),
      // The reply-versus-outbox rule, by text here (its own tests check the rule itself).
      dedupe: { outboxCarries: () => false, autoReplyFor: (_k, _p, text) => replies.get(text) ?? { kind: 'none' } },
    });
    const receive = (kode: string, text: string) =>
      pipeline.receive(
        { kode, recipient: '6281100000001', text, kodeInbox: 7, kodeTransaksi: 1, kodeReseller: 'R1' },
        `{"kode":"${kode}"}`,
      );
    const outboundOf = (outboxId: number) =>
      db.prepare('SELECT kind, status, outbox_id, session_id FROM outbound_messages WHERE outbox_id = ?').all(outboxId);
    return { db, runs, outboxRepo, outboundRepo, replies, receive, outboundOf };
  }

  it('to be sent: one insert, the row sending on its number, its WhatsApp message queued', async () => {
    const s = setup();
    const r = await s.receive('K1', 'TRX 1 SUKSES');
    expect(r).toEqual({ duplicate: false, id: expect.any(Number), status: 'sending' });
    expect(s.runs).toEqual(['INSERT INTO outbox_messages']);
    expect(s.outboxRepo.get(r.id)).toMatchObject({
      kode: 'K1',
      status: 'sending',
      report_status: null,
      error_message: null,
      delivered_at: null,
      received_at: clock.now(),
      raw: '{"kode":"K1"}',
    });
    expect(s.db.prepare('SELECT number_id FROM outbox_messages WHERE id = ?').get(r.id)).toEqual({
      number_id: 'default',
    });
    expect(s.outboundOf(r.id)).toEqual([{ kind: 'outbox', status: 'queued', outbox_id: r.id, session_id: 'default' }]);

    // OtomaX repeats it: nothing is written, the same row answers.
    s.runs.length = 0;
    expect(await s.receive('K1', 'TRX 1 SUKSES')).toEqual({ duplicate: true, id: r.id, status: 'sending' });
    expect(s.runs).toEqual(['INSERT INTO outbox_messages']);
    expect(s.outboundOf(r.id)).toHaveLength(1);
  });

  it('too long for WhatsApp: one insert, refused on its row with 40 for OtomaX, nothing queued', async () => {
    const s = setup();
    const r = await s.receive('K2', 'x'.repeat(WHATSAPP_TEXT_LIMIT + 1));
    expect(r.status).toBe('too_long');
    expect(s.runs).toEqual(['INSERT INTO outbox_messages']);
    expect(s.outboxRepo.get(r.id)).toMatchObject({ status: 'too_long', report_status: 40, delivered_at: null });
    expect(s.outboxRepo.get(r.id)?.error_message).toContain(String(WHATSAPP_TEXT_LIMIT + 1));
    expect(s.outboundOf(r.id)).toEqual([]);
  });

  it('carried by the auto-reply already sent: one insert, delivered with 20 for OtomaX, nothing queued', async () => {
    const s = setup();
    s.replies.set('SALDO 5000', { kind: 'carried' });
    const r = await s.receive('K3', 'SALDO 5000');
    expect(r.status).toBe('duplicate_text');
    expect(s.runs).toEqual(['INSERT INTO outbox_messages']);
    expect(s.outboxRepo.get(r.id)).toMatchObject({
      status: 'duplicate_text',
      report_status: 20,
      delivered_at: clock.now(),
      error_message: null,
    });
    expect(s.outboundOf(r.id)).toEqual([]);
  });

  it('the same text still queued as the auto-reply: one insert, linked to it (its number with it)', async () => {
    const s = setup();
    const reply = s.outboundRepo.insert(
      { sessionId: 'second', toPhone: '6281100000001', text: 'SALDO 7000', kind: 'auto_reply' },
      clock.now(),
    );
    s.replies.set('SALDO 7000', { kind: 'pending', outboundId: reply.id });
    const r = await s.receive('K4', 'SALDO 7000');
    expect(r.status).toBe('sending');
    expect(s.runs).toEqual(['INSERT INTO outbox_messages']);
    expect(s.outboxRepo.get(r.id)).toMatchObject({ status: 'sending', report_status: null });
    expect(s.outboundOf(r.id)).toEqual([
      { kind: 'auto_reply', status: 'queued', outbox_id: r.id, session_id: 'second' },
    ]);
    expect(s.db.prepare('SELECT number_id FROM outbox_messages WHERE id = ?').get(r.id)).toEqual({
      number_id: 'second',
    });
  });
});

describe("the window's row of a callback", () => {
  let t: TempDb | null = null;
  afterEach(() => t?.cleanup());

  it('is read a loop turn after the callback is stored, not before its answer to OtomaX', async () => {
    t = tempDb();
    const db = t.db;
    const outboundRepo = createOutboundRepo(db);
    const rows: number[] = [];
    const pipeline = createOutboxPipeline({
      db,
      outbox: createOutboxRepo(db),
      outbound: {
        insert: (row, now) => outboundRepo.insert(row, now),
        wake: () => undefined,
        release: () => undefined,
        isOurs: outboundRepo.isOurs,
        autoReplyWithText: outboundRepo.autoReplyWithText,
        linkOutbox: outboundRepo.linkOutbox,
      },
      otomax: () => null,
      settings: () => ({ outboxMaxAgeHours: 24 }) as Settings,
      sessionId: 'default',
      clock,
      log: silentLogger(),
      metrics: createMetrics(),
      reachability: createOtomaxReachability(clock),
      onRow: (id) => rows.push(id),
      commits: createGroupCommit(db),
    });
    const r = await pipeline.receive(
      { kode: 'W1', recipient: '6281100000001', text: 'TRX OK', kodeInbox: null, kodeTransaksi: 1, kodeReseller: null },
      '{}',
    );
    // What the route does next, in this same turn: answer OtomaX. The window's read has not run yet.
    expect(rows).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(rows).toEqual([r.id]);
  });
});
