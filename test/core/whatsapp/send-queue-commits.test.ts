import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGroupCommit } from '../../../electron/core/db/durable';
import { systemClock } from '../../../electron/core/kernel/clock';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { createOutboundRepo } from '../../../electron/core/whatsapp/outbound-repo';
import { createSendQueue, type SendQueue } from '../../../electron/core/whatsapp/send-queue';
import { createFakeWhatsAppSession, type FakeWhatsAppSession } from '../../fakes/fake-whatsapp-session';
import { tempDb, type TempDb } from '../../fakes/wa-test-env';

/**
 * Issue 15: each send wrote its sending mark, its sent mark and each receipt as a synced commit of its own (about
 * five syncs a message at 50/s), and every sync stops the engine's loop, so OtomaX's callbacks waited behind them.
 * With the engine's group commit, these marks join the loop turn's one synced transaction; the sending mark is
 * still on disk before the send leaves.
 */
describe('send queue marks through the group commit', () => {
  let t: TempDb;
  let session: FakeWhatsAppSession;
  let queue: SendQueue;
  /** Each status write of the queue (sending, sent, receipt): whether it ran inside a group commit item. */
  let writes: { sql: string; inGroup: boolean }[];
  let inGroup: boolean;
  let groupItems: number;

  beforeEach(() => {
    t = tempDb();
    writes = [];
    inGroup = false;
    groupItems = 0;
    const prepare = t.db.prepare.bind(t.db);
    t.db.prepare = ((source: string) => {
      const stmt = prepare(source);
      if (/SET status = '(sending|sent)'|SET status = @status/.test(source)) {
        for (const method of ['run', 'get', 'all'] as const) {
          const real = (stmt[method] as (...a: unknown[]) => unknown).bind(stmt);
          (stmt as unknown as Record<string, unknown>)[method] = (...a: unknown[]) => {
            writes.push({ sql: source.replace(/\s+/g, ' ').slice(0, 60), inGroup });
            return real(...a);
          };
        }
      }
      return stmt;
    }) as TempDb['db']['prepare'];
    const group = createGroupCommit(t.db);
    session = createFakeWhatsAppSession();
    queue = createSendQueue({
      db: t.db,
      session,
      ratePerSecond: () => 1000,
      clock: systemClock,
      log: silentLogger(),
      random: () => 0.5,
      commits: {
        run: (fn) =>
          group.run(() => {
            inGroup = true;
            groupItems++;
            try {
              return fn();
            } finally {
              inGroup = false;
            }
          }),
      },
    });
  });
  afterEach(async () => {
    await queue.stop();
    t.cleanup();
  });

  it('the sending mark, the sent mark and the receipts are written inside the group commit, none on its own', async () => {
    const ids = Array.from({ length: 5 }, (_, i) =>
      queue.insertOutbound(
        { sessionId: 'default', toPhone: `62811000000${i}`, text: `m${i}`, kind: 'outbox' },
        Date.now(),
      ),
    );
    const sent: number[] = [];
    queue.on('sent', (e) => sent.push(e.outboundId));
    queue.start();
    await vi.waitFor(() => expect(sent).toHaveLength(5), { timeout: 5000, interval: 5 });
    const receipts: number[] = [];
    queue.on('receipt', (e) => receipts.push(e.outboundId));
    for (const { waId } of ids) session.receipt({ waId, status: 'delivered', at: Date.now() });
    await vi.waitFor(() => expect(receipts).toHaveLength(5), { timeout: 5000, interval: 5 });

    // 5 sending marks, 5 sent marks, 5 receipts: every one inside a group item (the loop turn's one sync).
    expect(writes).toHaveLength(15);
    expect(writes.filter((w) => !w.inGroup)).toEqual([]);
    expect(groupItems).toBeGreaterThanOrEqual(15);
    const repo = createOutboundRepo(t.db);
    for (const { id } of ids) expect(repo.get(id)?.status).toBe('delivered');
  });

  it('the sending mark is committed before the send leaves', async () => {
    // A second connection sees only committed rows: at the moment of the send the row must already say sending.
    const reader = new Database(t.file, { readonly: true });
    const seen: string[] = [];
    session.sendImpl = async (_jid, text, opts) => {
      const r = reader.prepare('SELECT status FROM outbound_messages WHERE wa_id = ?').get(opts.messageId) as {
        status: string;
      };
      seen.push(r.status);
      return { waId: opts.messageId, message: new TextEncoder().encode(text) };
    };
    try {
      for (let i = 0; i < 3; i++) {
        queue.insertOutbound(
          { sessionId: 'default', toPhone: `62811000001${i}`, text: `m${i}`, kind: 'outbox' },
          Date.now(),
        );
      }
      queue.start();
      await vi.waitFor(() => expect(seen).toHaveLength(3), { timeout: 5000, interval: 5 });
      expect(seen).toEqual(['sending', 'sending', 'sending']);
    } finally {
      reader.close();
    }
  });
});
