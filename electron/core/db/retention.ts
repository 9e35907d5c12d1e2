import type { Db } from './open';

export interface PruneResult {
  inbound: number;
  outbound: number;
  outbox: number;
  attempts: number;
  campaigns: number;
}

/** One DELETE per table and step: rows older than the cutoff, at most `batch` of them. */
const STEPS: { key: keyof PruneResult; sql: string }[] = [
  {
    key: 'attempts',
    sql: `DELETE FROM forward_attempts WHERE id IN (SELECT id FROM forward_attempts WHERE started_at < ? LIMIT ?)`,
  },
  {
    key: 'outbound',
    sql: `DELETE FROM outbound_messages WHERE id IN (SELECT id FROM outbound_messages WHERE created_at < ? AND status NOT IN ('queued','sending') LIMIT ?)`,
  },
  {
    key: 'outbox',
    sql: `DELETE FROM outbox_messages WHERE id IN (SELECT id FROM outbox_messages WHERE received_at < ? AND status NOT IN ('received','sending') AND (report_status IS NULL OR reported_at IS NOT NULL) LIMIT ?)`,
  },
  {
    key: 'inbound',
    sql: `DELETE FROM inbound_messages WHERE id IN (SELECT id FROM inbound_messages WHERE received_at < ? AND status NOT IN ('received','queued','forwarding') LIMIT ?)`,
  },
  // Finished broadcast campaigns go with their recipients (ON DELETE CASCADE); running ones stay.
  {
    key: 'campaigns',
    sql: `DELETE FROM qontak_campaigns WHERE id IN (SELECT id FROM qontak_campaigns WHERE created_at < ? AND status = 'done' LIMIT ?)`,
  },
];

const empty = (): PruneResult => ({ inbound: 0, outbound: 0, outbox: 0, attempts: 0, campaigns: 0 });

/**
 * Delete traffic older than the retention window. Rows still in flight are kept whatever their age,
 * so pruning can never lose a message that has not reached its end state.
 */
export function pruneTraffic(db: Db, olderThan: number, batch = 5000): PruneResult {
  const result = empty();
  for (const step of STEPS) {
    const stmt = db.prepare(step.sql);
    for (;;) {
      const changes = stmt.run(olderThan, batch).changes;
      result[step.key] += changes;
      if (changes < batch) break;
    }
  }
  return result;
}

/** Rows per step of the background prune: one step (with its index and search-index upkeep) stays well under 50 ms. */
export const PRUNE_BATCH = 200;

/**
 * The same pruning in small steps with a turn of the event loop between them, so a year of old rows never holds
 * up forwarding. `shouldStop` is asked between steps (the engine stopping). Each loop ends when a step deletes
 * fewer rows than a batch, and every step deletes rows that exist, so it ends.
 */
export async function pruneTrafficInSteps(
  db: Db,
  olderThan: number,
  opts: { batch?: number; shouldStop?: () => boolean } = {},
): Promise<PruneResult> {
  const batch = opts.batch ?? PRUNE_BATCH;
  const result = empty();
  for (const step of STEPS) {
    const stmt = db.prepare(step.sql);
    for (;;) {
      if (opts.shouldStop?.()) return result;
      const changes = stmt.run(olderThan, batch).changes;
      result[step.key] += changes;
      if (changes < batch) break;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  return result;
}
