import type { Logger } from '../kernel/logger';
import type { Db } from '../db/open';
import { pruneTrafficInSteps } from '../db/retention';

/**
 * Retention in the background: one prune at a time, in small steps; stop() waits for the step in hand so the
 * database is never closed under it.
 */
export function createPruner(deps: { db: Db; log: Logger; cutoff: () => number }) {
  let running: Promise<void> | null = null;
  let stopping = false;
  const once = async () => {
    try {
      const r = await pruneTrafficInSteps(deps.db, deps.cutoff(), { shouldStop: () => stopping });
      if (r.inbound + r.outbound + r.outbox + r.attempts + r.campaigns) deps.log.info(r, 'old traffic pruned');
    } catch (e) {
      deps.log.error({ err: e }, 'pruning failed');
    }
  };
  return {
    run(): Promise<void> {
      if (stopping) return Promise.resolve();
      running ??= once().finally(() => {
        running = null;
      });
      return running;
    },
    async stop(): Promise<void> {
      stopping = true;
      await running;
    },
  };
}
