/**
 * OtomaX hangs with one slot while messages keep coming: they wait in the queue until their _exp passes. When OtomaX
 * comes back, the waiting messages expire together: each is stored as expired with its "try again" notice (both or
 * neither), in a few shared commits instead of one synced commit each run back to back, which held the engine's
 * event loop for as many syncs as there were messages. Real SQLite file, real group commit (FULL: each commit synced).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGroupCommit } from '../../../electron/core/db/durable';
import { createInboundPipeline, type InboundPipeline } from '../../../electron/core/forwarder/inbound';
import type { InsertInboxAnswer, OtomaxPort } from '../../../electron/core/forwarder/ports';
import { tempDb, type TempDb } from '../../fakes/wa-test-env';
import { countCommits } from '../../helpers/count-commits';
import { incomingMessage, pipelineDeps, until } from '../../helpers/inbound-pipeline';

const N = 200;
/** The messages' _exp passes this long after they arrive (WhatsApp time 30 s + this before now). */
const EXP_IN_MS = 400;

/** Message i from one of 5 resellers, its _exp EXP_IN_MS from now. */
const message = (i: number) =>
  incomingMessage(
    `M${i}`,
    { text: `S5.0811${String(i).padStart(7, '0')}.1234`, timestampMs: Date.now() - 30_000 + EXP_IN_MS },
    `62812000${String(i % 5)}`,
  );

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
    const deps = pipelineDeps(db.db, otomax, {
      settings: { otomaxConcurrency: 1, otomaxReplyOnExpired: true },
      over: { commits: createGroupCommit(db.db) },
    });
    const notices = deps.queued;
    pipeline = createInboundPipeline(deps);
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
