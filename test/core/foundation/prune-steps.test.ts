import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/open';
import { createPruner } from '../../../electron/core/maintenance/pruner';
import { pruneTrafficInSteps } from '../../../electron/core/db/retention';
import { indexSearch, seedLog } from '../../helpers/seed-log';
import { tempDir } from '../../helpers/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);

/** 3,000 inbound messages 100-130 days old, 1,500 outbox messages, and 200 recent ones; some old ones in flight. */
function seeded() {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const db = openDatabase(join(t.dir, 'j.db'));
  seedLog(db, { inbound: 3000, outbox: 1500, start: NOW - 130 * DAY, stepMs: 800_000 });
  db.prepare("UPDATE inbound_messages SET status = 'queued' WHERE id IN (5, 6)").run();
  const recent = NOW - DAY;
  db.prepare(
    `INSERT INTO inbound_messages (wa_key, wa_id, chat_jid, sender_phone, text, wa_timestamp, received_at, expires_at, status)
     SELECT 'new' || id, 'n' || id, chat_jid, sender_phone, text, ?, ?, ?, 'forwarded' FROM inbound_messages WHERE id <= 200`,
  ).run(recent, recent, recent + 30_000);
  indexSearch(db);
  cleanups.unshift(() => db.close());
  return db;
}

const count = (db: ReturnType<typeof seeded>, table: string) =>
  (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('retention in steps', () => {
  it('deletes the old finished rows in small steps and lets the event loop run between them', async () => {
    const db = seeded();
    let turns = 0;
    let spinning = true;
    const spin = () => {
      turns++;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    const r = await pruneTrafficInSteps(db, NOW - 90 * DAY, { batch: 100 });
    spinning = false;
    expect(r.inbound).toBe(2998);
    expect(r.outbox).toBe(1500);
    // Thousands of rows in steps of 100: the loop ran between the steps, not once at the end.
    expect(turns).toBeGreaterThan(40);
    expect(count(db, 'inbound_messages')).toBe(202);
    expect(count(db, 'outbox_messages')).toBe(0);
    // The search index and the counters followed the deletes.
    expect(db.prepare("SELECT n FROM flow_counts WHERE name = 'inbound'").get()).toEqual({ n: 202 });
    expect(
      db.prepare("SELECT count(*) AS n FROM inbound_text_search WHERE inbound_text_search MATCH 'SAL'").get(),
    ).toEqual({
      n: (
        db.prepare("SELECT count(*) AS n FROM inbound_messages WHERE text LIKE '%SAL%'").get() as {
          n: number;
        }
      ).n,
    });
  });

  it('stops between steps when asked, and the pruner waits for the step in hand before the database closes', async () => {
    const db = seeded();
    let asked = 0;
    const partial = await pruneTrafficInSteps(db, NOW - 90 * DAY, { batch: 100, shouldStop: () => ++asked > 3 });
    expect(partial.attempts + partial.outbound + partial.outbox + partial.inbound).toBeLessThanOrEqual(300);

    const pruner = createPruner({ db, log: pino({ level: 'silent' }), cutoff: () => NOW - 90 * DAY });
    const running = pruner.run();
    expect(pruner.run()).toBe(running);
    await pruner.stop();
    await running;
    // Stopped early: old rows are left for the next run, and nothing is half-deleted.
    expect(count(db, 'inbound_messages')).toBeGreaterThan(202);
    expect(db.prepare("SELECT n FROM flow_counts WHERE name = 'inbound'").get()).toEqual({
      n: count(db, 'inbound_messages'),
    });
  });
});
