/**
 * Issue 15: after each WhatsApp send of an outbox message, its result (20/40) and then OtomaX's acknowledgement of
 * UpdateStatusOutbox were each a synced commit of their own, outside the group commit; at 50 sends a second that
 * is a hundred syncs, each one stopping the loop the callbacks are answered on. Both now join the group commit,
 * and the report still goes out only after the result is on disk.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGroupCommit } from '../../../electron/core/db/durable';
import { createOutboxRepo } from '../../../electron/core/forwarder/outbox-repo';
import type { OtomaxPort, OutboundPort } from '../../../electron/core/forwarder/ports';
import { createOutboundRepo } from '../../../electron/core/whatsapp/outbound-repo';
import { testOutboxPipeline } from '../../fakes/outbox-pipeline';
import { tempDb, type TempDb } from '../../fakes/wa-test-env';

const clock = { now: () => Date.now() };

describe('outbox results and reports through the group commit', () => {
  let t: TempDb | null = null;
  afterEach(() => t?.cleanup());

  it('the 20 result and the reported mark are written inside the group commit; the report follows the result', async () => {
    t = tempDb();
    const db = t.db;
    /** Each write of an outbox row's result or report: inside a group item or not. */
    const writes: { sql: string; inGroup: boolean }[] = [];
    let inGroup = false;
    const prepare = db.prepare.bind(db);
    db.prepare = ((source: string) => {
      const stmt = prepare(source);
      if (/^UPDATE outbox_messages SET (status|reported_at|report_attempts)/.test(source.trim())) {
        const run = stmt.run.bind(stmt) as (...a: unknown[]) => unknown;
        (stmt as { run: unknown }).run = (...a: unknown[]) => {
          writes.push({ sql: source.trim().slice(0, 50), inGroup });
          return run(...a);
        };
      }
      return stmt;
    }) as TempDb['db']['prepare'];
    const group = createGroupCommit(db);
    const commits = {
      run: <T>(fn: () => T) =>
        group.run(() => {
          inGroup = true;
          try {
            return fn();
          } finally {
            inGroup = false;
          }
        }),
      ride: <T>(fn: () => T, maxDelayMs?: number) => group.ride(fn, maxDelayMs),
      pending: () => group.pending(),
    };
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
    // OtomaX hears a result only once it is on disk: a second connection sees only committed rows.
    const reportedStatusOnDisk: (string | undefined)[] = [];
    const otomax: OtomaxPort = {
      insertInbox: () => Promise.reject(new Error('not used')),
      async updateStatusOutbox(kode, status) {
        const reader = new Database((t as TempDb).file, { readonly: true });
        try {
          const row = reader.prepare('SELECT status FROM outbox_messages WHERE kode = ?').get(kode);
          reportedStatusOnDisk.push((row as { status: string } | undefined)?.status);
        } finally {
          reader.close();
        }
        return { kode, status };
      },
    };
    const pipeline = testOutboxPipeline({
      db,
      outbox: outboxRepo,
      outbound,
      otomax: () => otomax,
      clock,
      commits,
    });
    const received = await Promise.all(
      [1, 2, 3].map((i) =>
        pipeline.receive(
          {
            kode: `K${i}`,
            recipient: `6281100000${i}`,
            text: `TRX ${i} SUKSES`,
            kodeInbox: null,
            kodeTransaksi: i,
            kodeReseller: 'R1',
          },
          '{}',
        ),
      ),
    );
    pipeline.start();
    writes.length = 0;
    for (const r of received) {
      pipeline.onSendOutcome({
        outboundId: 0,
        waId: 'x',
        kind: 'outbox',
        outboxId: r.id,
        inboundId: null,
        status: 'sent',
        at: Date.now(),
        createdAt: Date.now(),
        sentAt: Date.now(),
      });
    }
    const reported = () => received.filter((r) => outboxRepo.get(r.id)?.reported_at !== null).length;
    await vi.waitFor(() => expect(reported()).toBe(3), { timeout: 5000, interval: 5 });
    await pipeline.stop();

    expect(reportedStatusOnDisk).toEqual(['sent', 'sent', 'sent']);
    // 3 results (status 20) and 3 reported marks: every one inside a group item.
    expect(writes).toHaveLength(6);
    expect(writes.filter((w) => !w.inGroup)).toEqual([]);
    for (const r of received) expect(outboxRepo.get(r.id)?.report_status).toBe(20);
  });
});
