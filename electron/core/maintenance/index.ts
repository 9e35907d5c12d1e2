import type { CoreContext } from '../engine-types';
import { createLogger } from '../kernel/logger';
import { createPruner } from './pruner';

const RETENTION_EVERY_MS = 6 * 3_600_000;

/** Retention: traffic older than the owner's retention days is pruned at start and every six hours. */
export function createMaintenance(ctx: CoreContext) {
  const { clock, settings } = ctx;
  const pruner = createPruner({
    db: ctx.db,
    log: createLogger(ctx.log, 'maintenance'),
    cutoff: () => clock.now() - settings.get().retentionDays * 86_400_000,
  });
  const prune = () => void pruner.run();
  let timer: NodeJS.Timeout | null = null;
  return {
    start() {
      prune();
      timer = setInterval(prune, RETENTION_EVERY_MS);
      timer.unref?.();
    },
    /** Waits for the step in hand, so the database is never closed under it. */
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await pruner.stop();
    },
  };
}
