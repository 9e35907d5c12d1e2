/**
 * OtomaX hangs with one slot while messages keep coming: they wait in the queue until their _exp passes. When OtomaX
 * comes back, the waiting messages expire together: each is stored as expired with its "try again" notice (both or
 * neither), in a few shared commits instead of one synced commit each run back to back, which held the engine's
 * event loop for as many syncs as there were messages. Real SQLite file, real group commit (FULL: each commit synced).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ForwardingState } from '../../../shared/dto';
import { defaultSettings } from '../../../electron/core/config/schema';
import { createGroupCommit } from '../../../electron/core/db/durable';
import { createInboundPipeline, type InboundPipeline } from '../../../electron/core/forwarder/inbound';
import { createInboundRepo } from '../../../electron/core/forwarder/inbound-repo';
import type {
  IncomingMessage,
  InsertInboxAnswer,
  NewOutbound,
  OtomaxPort,
} from '../../../electron/core/forwarder/ports';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { createMetrics } from '../../../electron/core/kernel/metrics';
import { createOtomaxReachability } from '../../../electron/core/otomax/reachability';
import { countCommits } from '../../helpers/count-commits';
import { tempDb, type TempDb } from '../../fakes/wa-test-env';

const clock = { now: () => Date.now() };
const N = 200;
/** The messages' _exp passes this long after they arrive (WhatsApp time 30 s + this before now). */
const EXP_IN_MS = 400;

const message = (i: number): IncomingMessage => ({
  sessionId: 'default',
  waKey: `default|62812000${String(i % 5)}@s.whatsapp.net||M${i}`,
  waId: `M${i}`,
  chatJid: `62812000${String(i % 5)}@s.whatsapp.net`,
  participantJid: null,
  senderPhone: `62812000${String(i % 5)}`,
  senderLid: null,
  pushName: null,
  fromMe: false,
  isGroup: false,
  isMedia: false,
  text: `S5.0811${String(i).padStart(7, '0')}.1234`,
  timestampMs: Date.now() - 30_000 + EXP_IN_MS,
});

async function until(what: string, ok: () => boolean, ms = 5_000) {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`${what}: not reached in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('messages that expire together in the queue', () => {
  let t: TempDb | null = null;
  let pipeline: InboundPipeline | null = null;
  let answer: (a: InsertInboxAnswer) => void = () => undefined;
  afterEach(async () => {
    answer({ kode_inbox: 1, status: 20, statusDesc: null, pesan: '', raw: '{}' });
    await pipeline?.stop();
    pipeline = null;
    t?.cleanup();
    t = null;
    vi.restoreAllMocks();
  });

  it('are stored as expired with one notice each, in a few shared commits', async () => {
    const commits = countCommits();
    const db = (t = tempDb());
    const calls: string[] = [];
    const otomax: OtomaxPort = {
      insertInbox: (body) => {
        calls.push(body.pesan);
        return new Promise((resolve) => (answer = resolve));
      },
      updateStatusOutbox: () => Promise.resolve({}),
    };
    const notices: NewOutbound[] = [];
    const metrics = createMetrics();
    pipeline = createInboundPipeline({
      db: db.db,
      inbound: createInboundRepo(db.db),
      commits: createGroupCommit(db.db),
      outbound: {
        insert: (row) => (notices.push(row), { id: notices.length, waId: `OUT${notices.length}` }),
        wake: () => undefined,
        release: () => undefined,
        isOurs: () => false,
        autoReplyWithText: () => null,
        linkOutbox: () => undefined,
      },
      otomax: () => otomax,
      markRead: () => Promise.resolve(),
      settings: () => ({ ...defaultSettings(), otomaxConcurrency: 1, otomaxReplyOnExpired: true }),
      switches: () => ({ forwarding: true, autoReply: false }) as ForwardingState,
      ownPhone: () => null,
      clock,
      log: silentLogger(),
      metrics,
      reachability: createOtomaxReachability(clock),
      limiter: { note: () => false },
      onRow: () => undefined,
    });
    pipeline.start();

    const logged = await Promise.all(Array.from({ length: N }, (_, i) => pipeline?.accept(message(i))));
    expect(logged).toEqual(Array(N).fill('logged'));
    await until('the first InsertInbox', () => calls.length === 1);
    // OtomaX holds the one slot past every message's _exp; then it answers the first.
    await new Promise((r) => setTimeout(r, EXP_IN_MS + 100));
    const before = commits.count();
    answer({ kode_inbox: 1, status: 20, statusDesc: null, pesan: '', raw: '{}' });
    const expired = () =>
      (
        db.db.prepare("SELECT count(*) AS n FROM inbound_messages WHERE status = 'expired'").get() as {
          n: number;
        }
      ).n;
    await until('the rest expired', () => expired() === N - 1);
    await until('their notices queued', () => notices.length === N - 1);
    const used = commits.count() - before;

    expect(calls).toHaveLength(1);
    expect(new Set(notices.map((n) => n.inboundId)).size).toBe(N - 1);
    expect(notices.every((n) => n.kind === 'expired_notice')).toBe(true);
    // The first one's answer, then the 199 expiries: one synced commit each before (200 or more).
    expect(used).toBeLessThanOrEqual(10);
    const status = db.db.prepare("SELECT status FROM inbound_messages WHERE wa_id = 'M0'").get() as { status: string };
    expect(status.status).toBe('forwarded');
  });
});
