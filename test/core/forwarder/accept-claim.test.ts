/**
 * When the queue can take a new message at once, its logged row and its 'forwarding' mark are one commit (one sync
 * instead of two before the InsertInbox, issue 15). What must stay true: the row is on disk as 'forwarding' before
 * its InsertInbox reaches OtomaX (a crash then flags it "check before resending", never sends it again), and the
 * caller is answered only after that commit. The whole host on a temp folder, the simulator on loopback.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEnv, type Env } from '../../helpers/engine-env';

let env: Env | null = null;
afterEach(async () => {
  vi.restoreAllMocks();
  await env?.stop();
  env = null;
});

const RESELLER = '6281234567890';

describe('a message the queue takes at once', () => {
  it('is logged and marked forwarding in one commit, on disk before its InsertInbox reaches OtomaX', async () => {
    let dataDir = '';
    /** The row as another connection reads it from the file when OtomaX gets the InsertInbox. */
    const onDiskAtOtomax: { status: string; attempts: number }[] = [];
    const e = await startEnv({
      sim: {
        resellers: [{ kode: 'R0001', phone: RESELLER, saldo: 1e12, pin: '1234' }],
        callback: { delayMs: 1e9 },
        onEvent: (event) => {
          if (event !== 'inbox') return;
          const db = new Database(join(dataDir, 'jembatan.db'), { readonly: true });
          try {
            onDiskAtOtomax.push(
              db.prepare('SELECT status, attempts FROM inbound_messages ORDER BY id DESC LIMIT 1').get() as {
                status: string;
                attempts: number;
              },
            );
          } finally {
            db.close();
          }
        },
      },
      argv: ['--otomax-auto-reply-enabled=false', '--otomax-concurrency=8'],
    });
    env = e;
    dataDir = e.dataDir;
    // Count the outermost transactions (each one commit, each synced) from the message to its InsertInbox: the
    // BEGIN each one runs (better-sqlite3's transaction wrapper runs it as a statement; the engine builds its
    // wrappers once, so counting the calls of db.transaction() would miss them).
    let commits = 0;
    /** Updates of the row before its InsertInbox: a claimed row is inserted already 'forwarding'. */
    let updates = 0;
    const probe = new Database(':memory:');
    const stmtProto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as { run: (...a: unknown[]) => unknown };
    probe.close();
    const run = stmtProto.run;
    // Only the transactions that write the message's table count: the engine's other writers (the search index's
    // slices, the state it keeps) may commit in between on a slow machine, and they are not this message's commits.
    let writesInbound = false;
    vi.spyOn(stmtProto, 'run').mockImplementation(function (this: Database.Statement, ...a: unknown[]) {
      if (!this.database.inTransaction && /^\s*BEGIN/i.test(this.source)) writesInbound = false;
      if (this.database.inTransaction && /^\s*(INSERT|UPDATE)\b[^;]*\binbound_messages\b/i.test(this.source))
        writesInbound = true;
      if (/^\s*COMMIT/i.test(this.source) && writesInbound && e.sim.inbox.length === 0) commits++;
      if (/^\s*UPDATE inbound_messages/i.test(this.source) && e.sim.inbox.length === 0) updates++;
      return run.apply(this, a);
    });
    // The insert returns its row (INSERT ... RETURNING *): it runs as a read.
    const probe2 = new Database(':memory:');
    const getProto = Object.getPrototypeOf(probe2.prepare('SELECT 1')) as { get: (...a: unknown[]) => unknown };
    probe2.close();
    const get = getProto.get;
    vi.spyOn(getProto, 'get').mockImplementation(function (this: Database.Statement, ...a: unknown[]) {
      if (this.database.inTransaction && /^\s*(INSERT|UPDATE)\b[^;]*\binbound_messages\b/i.test(this.source))
        writesInbound = true;
      return get.apply(this, a);
    });
    const r = await e.incoming({ from: RESELLER, text: 'S5.081234567890.1234', id: 'CLAIM1' });
    expect(r.status).toBe(200);
    await e.waitFor(() => e.sim.inbox.length === 1, 10_000, 'InsertInbox');
    expect(onDiskAtOtomax).toEqual([{ status: 'forwarding', attempts: 1 }]);
    // Before: the logged row, then the 'forwarding' mark, each its own commit.
    expect(commits).toBe(1);
    // Before: the insert (status 'queued'), then an update to 'forwarding' in the same commit.
    expect(updates).toBe(0);
    await e.waitFor(async () => {
      const m = await e.h.engine.api.invoke('metrics:get', undefined);
      return m.ok && m.value.today.forwarded === 1;
    }, 10_000);
    expect(e.sim.inbox).toHaveLength(1);
  });

  it('a burst beyond the free slots: every message goes once, the rest the usual way', async () => {
    const e = await startEnv({
      sim: { resellers: [{ kode: 'R0001', phone: RESELLER, saldo: 1e12, pin: '1234' }], callback: { delayMs: 1e9 } },
      argv: ['--otomax-auto-reply-enabled=false', '--otomax-concurrency=2'],
    });
    env = e;
    const N = 30;
    // The rows the queue could not take at once are handed to it as logged: none is read again by id to go out.
    let readsById = 0;
    const probe = new Database(':memory:');
    const stmtProto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as { get: (...a: unknown[]) => unknown };
    probe.close();
    const get = stmtProto.get;
    vi.spyOn(stmtProto, 'get').mockImplementation(function (this: Database.Statement, ...a: unknown[]) {
      if (/^SELECT \* FROM inbound_messages WHERE id = \?$/.test(this.source)) readsById++;
      return get.apply(this, a);
    });
    const sent = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        e.incoming({ from: RESELLER, text: `S5.0811${String(i).padStart(7, '0')}.1234`, id: `CB${i}` }),
      ),
    );
    expect(sent.map((s) => s.status)).toEqual(Array(N).fill(200));
    await e.waitFor(async () => {
      const m = await e.h.engine.api.invoke('metrics:get', undefined);
      return m.ok && m.value.today.forwarded >= N;
    }, 30_000);
    const pesan = e.sim.inbox.map((x) => x.pesan);
    expect(pesan).toHaveLength(N);
    expect(new Set(pesan).size).toBe(N);
    // Before: one read for each of the 28 or so rows that waited for a slot. On a busy machine the burst can span a
    // tick of the once-a-second sweep, which may take a row committed but not yet handed over by its accept (its sync
    // still running): that row is read once by id, and the accept's hand-over finds it scheduled (never sent twice,
    // as the inbox check above shows). Seen once in a full run with the cores loaded.
    expect(readsById).toBeLessThanOrEqual(2);
    const db = new Database(join(e.dataDir, 'jembatan.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT DISTINCT status, attempts FROM inbound_messages').all()).toEqual([
        { status: 'forwarded', attempts: 1 },
      ]);
    } finally {
      db.close();
    }
  });
});
