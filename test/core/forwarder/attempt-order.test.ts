/**
 * The InsertInbox attempt records share the group commit's sync with the other messages in flight (issue 15: one
 * synced commit per attempt was the pipeline's largest cost). The ordering rules that keep the log honest: an
 * attempt record is never on disk after the outcome it led to (answered, failed, expired, queued again), and the
 * window hears of a first failed try only once that try is stored. Real parts: a migrated SQLite file, the real
 * group commit (held open by a gate where the test says so), the OtomaX client against the simulator on loopback.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGroupCommit, type GroupCommit } from '../../../electron/core/db/durable';
import { openDatabase, type Db } from '../../../electron/core/db/open';
import { createForwardStep } from '../../../electron/core/forwarder/inbound-forward';
import { createReplyStep } from '../../../electron/core/forwarder/inbound-reply';
import { createInboundRepo, type InboundRepo } from '../../../electron/core/forwarder/inbound-repo';
import { createReplyDedupe } from '../../../electron/core/forwarder/reply-dedupe';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { createMetrics } from '../../../electron/core/kernel/metrics';
import { createOtomaxClient } from '../../../electron/core/otomax/client';
import { INSERT_INBOX_TTL_MS } from '../../../electron/core/otomax/exp';
import { SETTINGS_META } from '../../../shared/settings-meta';
import { startOtomaxSim, type OtomaxSim } from '../../sim/otomax/sim';
import { tempDir } from '../../helpers/tmp';

const RESELLER = '6281234567890';
const clock = { now: () => Date.now() };
const log = silentLogger();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A group commit whose items after the first `pass` wait until release() (the commit held open). */
function gated(inner: GroupCommit, pass: number) {
  let seen = 0;
  let open = false;
  const held: (() => void)[] = [];
  const run: GroupCommit['run'] = <T>(fn: () => T): Promise<T> => {
    if (open || seen++ < pass) return inner.run(fn);
    return new Promise<T>((resolve, reject) => held.push(() => inner.run(fn).then(resolve, reject)));
  };
  return {
    commits: { run, ride: inner.ride, pending: () => inner.pending() + held.length } satisfies GroupCommit,
    held: () => held.length,
    release() {
      open = true;
      held.splice(0).forEach((go) => go());
    },
  };
}

async function setup(o: { gate?: number; trigger?: boolean; retries?: number } = {}) {
  const t = tempDir('attempt-order-');
  const file = join(t.dir, 'j.db');
  const db: Db = openDatabase(file);
  const sim: OtomaxSim = await startOtomaxSim({
    resellers: [{ kode: 'R0001', phone: RESELLER, saldo: 1e12, pin: '1234' }],
    callback: { delayMs: 1e9 },
  });
  const client = createOtomaxClient({
    baseUrl: sim.url,
    appId: 'APPID123',
    appKey: 'appkey-secret',
    devKey: 'devkey-secret',
    clock,
    log,
    backoffMs: [50],
    ...(o.retries === undefined ? {} : { retries: o.retries }),
  });
  const reader = new Database(file, { readonly: true });
  cleanups.push(async () => {
    reader.close();
    await client.close();
    await sim.close();
    db.close();
    t.cleanup();
  });
  if (o.trigger) {
    // An outcome written while its row has no stored attempt aborts the write: the test sees the order break.
    db.exec(`CREATE TEMP TRIGGER outcome_after_attempt BEFORE UPDATE OF status ON main.inbound_messages
      WHEN OLD.status = 'forwarding' AND (
        (NEW.status = 'forwarded'
          AND NOT EXISTS (SELECT 1 FROM main.forward_attempts WHERE inbound_id = NEW.id AND outcome = 'ok'))
        OR (NEW.status IN ('failed', 'expired', 'queued')
          AND NOT EXISTS (SELECT 1 FROM main.forward_attempts WHERE inbound_id = NEW.id)))
      BEGIN SELECT RAISE(ABORT, 'outcome before its attempt'); END`);
  }
  const inbound: InboundRepo = createInboundRepo(db);
  const group = createGroupCommit(db);
  const gate = gated(group, o.gate ?? Infinity);
  const metrics = createMetrics();
  const shown: { status: string; attempts: number }[] = [];
  const onRow = (id: number) =>
    shown.push({
      status: (reader.prepare('SELECT status FROM inbound_messages WHERE id = ?').pluck().get(id) as string) ?? '',
      attempts: reader.prepare('SELECT count(*) FROM forward_attempts WHERE inbound_id = ?').pluck().get(id) as number,
    });
  const replies = createReplyStep({
    transaction: (fn) => db.transaction(fn)(),
    commits: gate.commits,
    inbound,
    outbound: { insert: () => ({ id: 0, waId: 'X' }), wake: () => undefined },
    dedupe: createReplyDedupe({ outboxHasText: () => false, autoReplyWithText: () => null }),
    limiter: { note: () => false },
    markRead: () => Promise.resolve(),
    settings: () => ({
      otomaxLateNotice: SETTINGS_META.otomaxLateNotice.default,
      otomaxTroubleNotice: 'x',
      otomaxReplyOnExpired: false,
      otomaxCheckReply: '',
    }),
    autoReply: () => false,
    reachability: { ok: () => undefined },
    clock,
    log,
    metrics,
    onRow,
  });
  const later: number[] = [];
  const forward = createForwardStep({
    inbound,
    commits: gate.commits,
    otomax: () => client,
    replies,
    settings: () => ({ otomaxDefaultReseller: 'R0001', otomaxDefaultKodeTerminal: 1 }),
    switches: () => ({ forwarding: true }),
    ownPhone: () => null,
    later: (id) => later.push(id),
    stopped: () => false,
    clock,
    log,
    metrics,
    reachability: { error: () => undefined },
    onRow,
  });
  const now = clock.now();
  const row = inbound.insert({
    sessionId: 'default',
    waKey: 'default|k1',
    waId: 'W1',
    chatJid: `${RESELLER}@s.whatsapp.net`,
    participantJid: null,
    senderPhone: RESELLER,
    senderLid: null,
    pushName: null,
    fromMe: false,
    isGroup: false,
    isMedia: false,
    text: 'S10.081234567890.1234',
    waTimestamp: now,
    receivedAt: now,
    expiresAt: now + INSERT_INBOX_TTL_MS,
    status: 'queued',
  });
  if (!row) throw new Error('row not inserted');
  const stored = () => ({
    status: reader.prepare('SELECT status FROM inbound_messages WHERE id = ?').pluck().get(row.id) as string,
    attempts: reader
      .prepare('SELECT outcome FROM forward_attempts WHERE inbound_id = ? ORDER BY id')
      .pluck()
      .all(row.id) as string[],
  });
  return { sim, forward, row, gate, stored, shown, later };
}

async function until(what: string, ok: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`not reached: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('InsertInbox attempt records through the group commit', () => {
  it('a failed try: its attempt waits for the group commit, and the row is not failed on disk before it', async () => {
    // The first commit (the 'forwarding' mark) goes; everything after it is held open.
    const s = await setup({ gate: 1 });
    s.sim.fault('InsertInbox', { kind: 'status', status: 500, count: 1 });
    let done = false;
    const forwarding = s.forward(s.row.id).then(() => (done = true));
    await until('InsertInbox reached OtomaX and its attempt waits', () => s.sim.inbox.length + s.gate.held() >= 1);
    await until('the attempt record is queued', () => s.gate.held() === 1);
    await new Promise((r) => setTimeout(r, 100));
    // Held: no attempt on disk (it shares the next sync), and so no outcome either; the step waits.
    expect(s.stored()).toEqual({ status: 'forwarding', attempts: [] });
    expect(done).toBe(false);
    expect(s.shown.filter((r) => r.status === 'forwarding')).toEqual([{ status: 'forwarding', attempts: 0 }]);
    s.gate.release();
    await forwarding;
    expect(s.stored()).toEqual({ status: 'failed', attempts: ['http_5xx'] });
    // The first failed try was shown only once stored ("waiting for OtomaX" with its attempt).
    expect(s.shown).toContainEqual({ status: 'forwarding', attempts: 1 });
  });

  it('a try that OtomaX answers: the attempt commits with the answer or before it, never after', async () => {
    const s = await setup({ trigger: true });
    await s.forward(s.row.id);
    expect(s.stored()).toEqual({ status: 'forwarded', attempts: ['ok'] });
  });

  it('busy, then answered: every try is stored before the answer; the first one is shown once stored', async () => {
    const s = await setup({ trigger: true });
    s.sim.fault('InsertInbox', { kind: 'status', status: 503, count: 1 });
    await s.forward(s.row.id);
    expect(s.stored()).toEqual({ status: 'forwarded', attempts: ['http_5xx', 'ok'] });
    expect(s.shown).toContainEqual({ status: 'forwarding', attempts: 1 });
  });

  it('refused (OtomaX down, no retries left): queued again for later only after its try is stored', async () => {
    const s = await setup({ trigger: true, retries: 0 });
    await s.sim.down();
    await s.forward(s.row.id);
    expect(s.stored()).toEqual({ status: 'queued', attempts: ['refused'] });
    expect(s.later).toEqual([s.row.id]);
  });
});
