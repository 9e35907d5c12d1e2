/**
 * An OtomaX slot is held from a forward's start until OtomaX has answered, not through the answer's commit and sync:
 * the next message's InsertInbox leaves while the previous answer is still being recorded (issue 15: holding the slot
 * through the record halved the answers that shared one sync), and a stop waits for the answers still being recorded
 * before the database may close. Real SQLite file, real group commit; only the answer's settling is held back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createGroupCommit, type GroupCommit } from '../../../electron/core/db/durable';
import { createInboundPipeline, type InboundPipeline } from '../../../electron/core/forwarder/inbound';
import { createInboundRepo } from '../../../electron/core/forwarder/inbound-repo';
import type { OtomaxPort } from '../../../electron/core/forwarder/ports';
import { tempDb, type TempDb } from '../../fakes/wa-test-env';
import { incomingMessage as message, pipelineDeps, until } from '../../helpers/inbound-pipeline';

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

describe('the OtomaX slot and the answer’s record', () => {
  let t: TempDb | null = null;
  let pipeline: InboundPipeline | null = null;
  /** Lets the held answers settle (a failed check must not leave the stop below waiting). */
  let openGate = () => undefined as void;
  afterEach(async () => {
    openGate();
    await pipeline?.stop();
    pipeline = null;
    t?.cleanup();
    t = null;
  });

  it('one slot: the next InsertInbox leaves while the answer before it is still being recorded; stop waits for both', async () => {
    const db = (t = tempDb());
    const repo = createInboundRepo(db.db);
    // Which group-commit items wrote an answer: their settling waits at the gate (the commit itself is real).
    let answering = false;
    const inbound = {
      ...repo,
      setAnswer: (...a: Parameters<typeof repo.setAnswer>) => {
        answering = true;
        return repo.setAnswer(...a);
      },
    };
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const real = createGroupCommit(db.db);
    const commits: GroupCommit = {
      ...real,
      run: (fn, o) => {
        let answer = false;
        return real
          .run(() => {
            answering = false;
            const v = fn();
            answer = answering;
            return v;
          }, o)
          .then(async (v) => {
            if (answer) await gate;
            return v;
          });
      },
    };
    const calls: string[] = [];
    const otomax: OtomaxPort = {
      insertInbox: (body) => {
        calls.push(body.pesan);
        return Promise.resolve({ kode_inbox: calls.length, status: 20, statusDesc: null, pesan: '', raw: '{}' });
      },
      updateStatusOutbox: () => Promise.resolve({}),
    };
    const deps = pipelineDeps(db.db, otomax, { settings: { otomaxConcurrency: 1 }, over: { inbound, commits } });
    const metrics = deps.metrics;
    pipeline = createInboundPipeline(deps);
    pipeline.start();
    const forwarded = async () =>
      (await metrics.registry.getSingleMetric('jembatan_forwarded_total')?.get())?.values[0]?.value ?? 0;

    expect(await pipeline.accept(message('A'))).toBe('logged');
    expect(await pipeline.accept(message('B'))).toBe('logged');
    // Both InsertInbox calls went with one slot, though neither answer has finished its record (the gate holds both).
    await until('both InsertInbox calls', () => calls.length === 2);
    expect(calls).toEqual(['TRX A', 'TRX B']);
    expect(await forwarded()).toBe(0);

    let stopped = false;
    const stopping = pipeline.stop().then(() => (stopped = true));
    await turns(20);
    expect(stopped).toBe(false);
    openGate();
    await stopping;
    pipeline = null;
    expect(await forwarded()).toBe(2);
    const rows = db.db.prepare('SELECT wa_id, status, attempts FROM inbound_messages ORDER BY id').all();
    expect(rows).toEqual([
      { wa_id: 'A', status: 'forwarded', attempts: 1 },
      { wa_id: 'B', status: 'forwarded', attempts: 1 },
    ]);
    expect(calls).toEqual(['TRX A', 'TRX B']);
  });
});
