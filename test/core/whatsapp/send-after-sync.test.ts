import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGroupCommit, type ClosableGroupCommit } from '../../../electron/core/db/durable';
import { createWalSync, type WalSync } from '../../../electron/core/db/wal-sync';
import { systemClock } from '../../../electron/core/kernel/clock';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { createSendQueue, type SendQueue } from '../../../electron/core/whatsapp/send-queue';
import { createFakeWhatsAppSession, type FakeWhatsAppSession } from '../../fakes/fake-whatsapp-session';
import { tempDb, type TempDb } from '../../fakes/wa-test-env';

/**
 * Issue 15: the engine's group commit makes its rows visible before their fsync (it runs off the loop). The send
 * queue reads queued rows from the table, so it can see an outbox callback's queued send before that row is on
 * disk. Its 'sending' mark goes through the same group commit and is awaited before the send: the send leaves only
 * after a later fsync, which covers the callback's row too (WAL syncs are cumulative).
 */
describe('a WhatsApp send never precedes the sync covering its rows', () => {
  let t: TempDb;
  let session: FakeWhatsAppSession;
  let queue: SendQueue;
  let group: ClosableGroupCommit;
  /** fsyncs asked for, held until released; finished ones counted. */
  let held: (() => void)[];
  let synced: number;

  beforeEach(() => {
    t = tempDb();
    held = [];
    synced = 0;
    const real = createWalSync(t.file);
    const port: WalSync = {
      sync: (done) =>
        held.push(() =>
          real.sync((err) => {
            synced++;
            done(err);
          }),
        ),
      close: () => real.close(),
    };
    group = createGroupCommit(t.db, { walSync: port });
    session = createFakeWhatsAppSession();
    queue = createSendQueue({
      db: t.db,
      session,
      ratePerSecond: () => 1000,
      clock: systemClock,
      log: silentLogger(),
      random: () => 0.5,
      commits: group,
    });
  });
  afterEach(async () => {
    // The queue's last marks and close() wait for fsyncs: release them as they are asked for meanwhile.
    const releaser = setInterval(() => held.splice(0).forEach((go) => go()), 5);
    try {
      await queue.stop();
      await group.close();
    } finally {
      clearInterval(releaser);
      t.cleanup();
    }
  });

  it('a send queued by a callback commit waits for the fsync of that commit and of its sending mark', async () => {
    const reader = new Database(t.file, { readonly: true });
    const sends: { syncedAtSend: number; statusAtSend: string }[] = [];
    session.sendImpl = async (_jid, text, opts) => {
      const r = reader.prepare('SELECT status FROM outbound_messages WHERE wa_id = ?').get(opts.messageId) as {
        status: string;
      };
      sends.push({ syncedAtSend: synced, statusAtSend: r.status });
      return { waId: opts.messageId, message: new TextEncoder().encode(text) };
    };
    try {
      queue.start();
      // The callback's commit: its row and its send queued, in the group (as forwarder/outbox.ts receive does).
      // With another caller in the same loop turn (a busy engine: the group goes off the loop).
      const stored = Promise.all([
        group.run(() =>
          queue.insertOutbound(
            { sessionId: 'default', toPhone: '628110000001', text: 'R#1 SUKSES', kind: 'outbox' },
            Date.now(),
          ),
        ),
        group.run(() => undefined),
      ]);
      let answered = false;
      void stored.then(() => (answered = true));
      // Committed and visible, the queue polls and wakes meanwhile: nothing leaves while no fsync has finished.
      await vi.waitFor(() => expect(reader.prepare('SELECT count(*) FROM outbound_messages').pluck().get()).toBe(1), {
        timeout: 2000,
        interval: 5,
      });
      // Another callback's wake (or the queue's own timer) pumps now: the queue reads the committed row and starts it.
      for (let i = 0; i < 30; i++) {
        queue.wake();
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(held.length).toBeGreaterThanOrEqual(1);
      expect(answered).toBe(false);
      // The queue did take the row meanwhile: its 'sending' mark is in the group commit and waits for an fsync, either
      // committed (visible) or held until the running fsync ends (the group commit commits what arrives during an
      // fsync as one transaction when it ends); nothing has been sent.
      const status = reader.prepare('SELECT status FROM outbound_messages').pluck().get();
      expect(status === 'sending' || (status === 'queued' && group.pending() >= 1)).toBe(true);
      expect(sends).toEqual([]);
      // Release the fsyncs one by one as they are asked for (bounded): the callback's, then the sending mark's.
      for (const until = Date.now() + 5000; !sends.length && Date.now() < until;) {
        held.splice(0).forEach((go) => go());
        await new Promise((r) => setTimeout(r, 5));
        if (answered) queue.wake(); // what outbox.ts receive does once its commit is synced
      }
      expect(answered).toBe(true);
      expect(sends).toHaveLength(1);
      // At the send: the row says 'sending' and at least the callback's fsync and the mark's have finished.
      expect(sends[0]?.statusAtSend).toBe('sending');
      expect(sends[0]?.syncedAtSend).toBeGreaterThanOrEqual(2);
    } finally {
      reader.close();
    }
  });
});
