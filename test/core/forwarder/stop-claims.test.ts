/**
 * A stop puts the claimed rows back. A row the accept commit claimed is on disk as 'forwarding' (attempts 1) before
 * its InsertInbox leaves. If the pipeline stops while that row still waits in the queue (another row holds the only
 * slot), or when the claim's commit settles only after the stop, nothing was sent: the row goes back to 'queued' with
 * its attempt taken back (inbound.releaseForward), so the next start sends it once. Left 'forwarding', the next start
 * would flag it "perlu dicek" and never send it. The pipeline on a real SQLite file, OtomaX a port that answers when
 * the test says so, real timers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGroupCommit, type GroupCommit } from '../../../electron/core/db/durable';
import { createInboundPipeline, type InboundPipeline } from '../../../electron/core/forwarder/inbound';
import type { InsertInboxAnswer, OtomaxPort } from '../../../electron/core/forwarder/ports';
import { tempDb, type TempDb } from '../../fakes/wa-test-env';
import { incomingMessage, pipelineDeps } from '../../helpers/inbound-pipeline';

const RESELLER = '6281234567890';

const message = (id: string) => incomingMessage(id, { text: `S5.0812${id}.1234` }, RESELLER);

interface Row {
  wa_id: string;
  status: string;
  attempts: number;
  error_class: string | null;
}

describe('stop: the claimed rows whose InsertInbox never left go back to queued', () => {
  let t: TempDb;
  /** InsertInbox as OtomaX got it (pesan), in order. */
  let calls: string[];
  /** While true, OtomaX keeps each InsertInbox until answerAll(). */
  let holding: boolean;
  let waiting: (() => void)[];
  /** While set, the accept commits settle only once it resolves (their sync slow); the rows are on disk already. */
  let gate: Promise<void> | null;
  let pipelines: InboundPipeline[];

  const answer = (): InsertInboxAnswer => ({
    kode_inbox: 100 + calls.length,
    status: 20,
    statusDesc: 'OK',
    pesan: '',
    raw: '{}',
  });
  const otomax: OtomaxPort = {
    insertInbox(body, opts) {
      calls.push(body.pesan);
      const startedAt = Date.now();
      // The answer, recorded as the transport records each attempt.
      const done = () => {
        opts.onAttempt({
          attempt: 1,
          startedAt,
          finishedAt: Date.now(),
          outcome: 'ok',
          httpStatus: 200,
          error: null,
          latencyMs: Date.now() - startedAt,
        });
        return answer();
      };
      if (!holding) return Promise.resolve(done());
      return new Promise((resolve) => waiting.push(() => resolve(done())));
    },
    updateStatusOutbox: () => Promise.resolve({}),
  };
  const answerAll = () => {
    for (const go of waiting.splice(0)) go();
  };

  /** The engine's pipeline with concurrency 1, on `t`'s database; its group commit can be held by `gate`. */
  const make = (): InboundPipeline => {
    const real = createGroupCommit(t.db);
    const commits: GroupCommit = {
      ...real,
      run: (fn, o) => {
        const g = gate;
        const p = real.run(fn, o);
        return g ? p.then(async (v) => (await g, v)) : p;
      },
    };
    const p = createInboundPipeline(
      pipelineDeps(t.db, otomax, { settings: { otomaxConcurrency: 1 }, over: { commits } }),
    );
    pipelines.push(p);
    return p;
  };

  const rows = () =>
    Object.fromEntries(
      (
        t.db.prepare('SELECT wa_id, status, attempts, error_class FROM inbound_messages ORDER BY id').all() as Row[]
      ).map((r) => [r.wa_id, { status: r.status, attempts: r.attempts, error_class: r.error_class }]),
    );
  const tries = (waId: string) =>
    (
      t.db
        .prepare(
          'SELECT count(*) AS n FROM forward_attempts a JOIN inbound_messages i ON i.id = a.inbound_id WHERE i.wa_id = ?',
        )
        .get(waId) as { n: number }
    ).n;
  const until = async (pred: () => boolean, what: string, ms = 5_000) => {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const turns = async (n = 5) => {
    for (let i = 0; i < n; i++) await new Promise<void>((r) => setImmediate(r));
  };

  beforeEach(() => {
    t = tempDb();
    calls = [];
    holding = true;
    waiting = [];
    gate = null;
    pipelines = [];
  });
  afterEach(async () => {
    holding = false;
    answerAll();
    for (const p of pipelines) await p.stop();
    t.cleanup();
  });

  /** After a stop, a new pipeline on the same database: recover, then start, as the engine does. */
  const restart = async () => {
    const p = make();
    await p.recover();
    p.start();
    return p;
  };

  it('claimed and waiting for the slot at the stop: queued again with its attempt taken back, sent once after the restart', async () => {
    const first = make();
    first.start();
    // B waits in the database (left queued): the once-a-second sweep hands it to the queue.
    t.db
      .prepare(
        `INSERT INTO inbound_messages (session_id, wa_key, wa_id, chat_jid, sender_phone, text, wa_timestamp, received_at,
           expires_at, status) VALUES ('default', 'k|B', 'B', ?, ?, 'S5.0812B.1234', ?, ?, ?, 'queued')`,
      )
      .run(`${RESELLER}@s.whatsapp.net`, RESELLER, Date.now(), Date.now(), Date.now() + 30_000);
    // A comes in while the slot is free: its commit claims it ('forwarding', attempts 1), and its sync is slow.
    let open!: () => void;
    gate = new Promise<void>((r) => (open = r));
    const accepted = first.accept(message('A'));
    await until(() => rows().A?.status === 'forwarding', 'A logged as forwarding');
    gate = null;
    expect(rows().A).toEqual({ status: 'forwarding', attempts: 1, error_class: null });
    // Meanwhile the sweep gives the slot to B: its InsertInbox is out, and OtomaX holds it.
    await until(() => calls.length === 1, 'the InsertInbox of B', 3_000);
    expect(calls).toEqual(['S5.0812B.1234']);
    // A's commit settles: A is handed to the queue, behind B.
    open();
    expect(await accepted).toBe('logged');
    // C and D find the slot taken: logged queued, waiting in the queue unclaimed.
    expect(await first.accept(message('C'))).toBe('logged');
    expect(await first.accept(message('D'))).toBe('logged');
    await turns();
    expect(calls).toHaveLength(1);
    expect(rows()).toMatchObject({
      A: { status: 'forwarding', attempts: 1 },
      B: { status: 'forwarding', attempts: 1 },
      C: { status: 'queued', attempts: 0 },
      D: { status: 'queued', attempts: 0 },
    });

    // Stop: A never left, so it is queued again at once; the stop waits for B's InsertInbox in flight.
    let stopped = false;
    const stopping = first.stop().then(() => (stopped = true));
    await turns();
    expect(rows().A).toEqual({ status: 'queued', attempts: 0, error_class: null });
    expect(tries('A')).toBe(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(stopped).toBe(false);
    // OtomaX answers B: its answer is stored (it reached OtomaX), and the stop ends. Nothing else was sent.
    answerAll();
    await stopping;
    expect(calls).toEqual(['S5.0812B.1234']);
    expect(rows()).toEqual({
      B: { status: 'forwarded', attempts: 1, error_class: null },
      A: { status: 'queued', attempts: 0, error_class: null },
      C: { status: 'queued', attempts: 0, error_class: null },
      D: { status: 'queued', attempts: 0, error_class: null },
    });

    // The next start sends each of the others once (A not flagged "perlu dicek"), B not again.
    holding = false;
    await restart();
    await until(() => Object.values(rows()).every((r) => r.status === 'forwarded'), 'all forwarded');
    expect([...calls].sort()).toEqual(['S5.0812A.1234', 'S5.0812B.1234', 'S5.0812C.1234', 'S5.0812D.1234']);
    expect(calls.filter((c) => c === 'S5.0812A.1234')).toHaveLength(1);
    expect(rows()).toMatchObject({ A: { status: 'forwarded', attempts: 1 } });
    for (const id of ['A', 'B', 'C', 'D']) expect(tries(id), id).toBe(1);
  });

  it('claimed by a commit that settles after the stop: queued again, nothing sent, sent once after the restart', async () => {
    const first = make();
    first.start();
    let open!: () => void;
    gate = new Promise<void>((r) => (open = r));
    const accepted = first.accept(message('E'));
    await until(() => rows().E?.status === 'forwarding', 'E logged as forwarding');
    gate = null;
    // The stop comes while E's commit is still settling: nothing is in flight, so it ends at once.
    await first.stop();
    expect(rows().E).toEqual({ status: 'forwarding', attempts: 1, error_class: null });
    open();
    expect(await accepted).toBe('logged');
    await turns();
    expect(calls).toEqual([]);
    expect(rows().E).toEqual({ status: 'queued', attempts: 0, error_class: null });
    expect(tries('E')).toBe(0);

    holding = false;
    await restart();
    await until(() => rows().E?.status === 'forwarded', 'E forwarded');
    expect(calls).toEqual(['S5.0812E.1234']);
    expect(rows().E).toEqual({ status: 'forwarded', attempts: 1, error_class: null });
  });
});
