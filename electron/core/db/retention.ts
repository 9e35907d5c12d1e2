import type { Db } from './open';

export interface PruneResult {
  inbound: number;
  outbound: number;
  outbox: number;
  attempts: number;
  campaigns: number;
}

/**
 * Delete traffic older than the retention window. Rows still in flight are kept whatever their age,
 * so pruning can never lose a message that has not reached its end state.
 */
export function pruneTraffic(db: Db, olderThan: number, batch = 5000): PruneResult {
  const run = (sql: string) => {
    let total = 0;
    for (;;) {
      const changes = db.prepare(sql).run(olderThan, batch).changes;
      total += changes;
      if (changes < batch) return total;
    }
  };
  const attempts = run(
    `DELETE FROM forward_attempts WHERE id IN (SELECT id FROM forward_attempts WHERE started_at < ? LIMIT ?)`,
  );
  const outbound = run(
    `DELETE FROM outbound_messages WHERE id IN (SELECT id FROM outbound_messages WHERE created_at < ? AND status NOT IN ('queued','sending') LIMIT ?)`,
  );
  const outbox = run(
    `DELETE FROM outbox_messages WHERE id IN (SELECT id FROM outbox_messages WHERE received_at < ? AND status NOT IN ('received','sending') AND (report_status IS NULL OR reported_at IS NOT NULL) LIMIT ?)`,
  );
  const inbound = run(
    `DELETE FROM inbound_messages WHERE id IN (SELECT id FROM inbound_messages WHERE received_at < ? AND status NOT IN ('received','queued','forwarding') LIMIT ?)`,
  );
  // Finished broadcast campaigns go with their recipients (ON DELETE CASCADE); running ones stay.
  const campaigns = run(
    `DELETE FROM qontak_campaigns WHERE id IN (SELECT id FROM qontak_campaigns WHERE created_at < ? AND status = 'done' LIMIT ?)`,
  );
  return { inbound, outbound, outbox, attempts, campaigns };
}
