import type { Settings } from '../../shared/settings';
import { createOutboxPipeline, type OutboxPipelineDeps } from '../../electron/core/forwarder/outbox';
import { silentLogger } from '../../electron/core/kernel/logger';
import { createMetrics } from '../../electron/core/kernel/metrics';
import { createOtomaxReachability } from '../../electron/core/otomax/reachability';

/**
 * The outbox pipeline on a test's database, repositories, group commit and clock, with what the tests do not vary
 * filled in: 24 h for an outbox message, the primary number, a silent logger, fresh metrics, no window.
 */
export function testOutboxPipeline(
  deps: Pick<OutboxPipelineDeps, 'db' | 'outbox' | 'outbound' | 'otomax' | 'clock' | 'commits'> &
    Partial<OutboxPipelineDeps>,
): ReturnType<typeof createOutboxPipeline> {
  return createOutboxPipeline({
    settings: () => ({ outboxMaxAgeHours: 24 }) as Settings,
    sessionId: 'default',
    log: silentLogger(),
    metrics: createMetrics(),
    reachability: createOtomaxReachability(deps.clock),
    onRow: () => undefined,
    ...deps,
  });
}
