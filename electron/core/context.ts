import type { Bootstrapped } from './bootstrap';
import { createSettingsService } from './config/settings-service';
import { createGroupCommit } from './db/durable';
import { createSettingsRepo } from './db/settings-repo';
import { walSyncFor } from './db/wal-sync';
import { createStateRepo, type StateRepo } from './db/state-repo';
import type { CoreContext } from './engine-types';
import { createHostCheck } from './http/host-check';
import { createHttpServer } from './http/server';
import type { Clock } from './kernel/clock';
import { createEngineEvents } from './kernel/events';
import { createLogger } from './kernel/logger';
import { createMetrics } from './kernel/metrics';

/**
 * What every feature is built on: the clock, the root logger, the events, the database, the settings (flag > env >
 * saved > default), the HTTP server (API key, Host checks) the features register their routes on, the metrics
 * registry, and the owner's small runtime state (switch flips, the callback secret's sealed row).
 */
export function createCoreContext(deps: Bootstrapped, clock: Clock): { ctx: CoreContext; state: StateRepo } {
  const settingsRepo = createSettingsRepo(deps.db);
  const settings = createSettingsService({
    boot: deps.boot,
    repo: settingsRepo,
    secrets: deps.secrets,
    clock,
    log: createLogger(deps.log, 'settings'),
  });
  const http = createHttpServer({
    log: deps.log,
    apiKey: () => settings.apiKey(),
    hostAllowed: createHostCheck(() => {
      const s = settings.get();
      return { listenHost: s.host, callbackBaseUrl: s.callbackBaseUrl };
    }),
  });
  const ctx: CoreContext = {
    clock,
    log: deps.log,
    db: deps.db,
    settings,
    events: createEngineEvents(),
    http,
    metrics: createMetrics(),
    // The groups commit with NORMAL and fsync the WAL off the loop (db/wal-sync.ts); callers answer after the fsync.
    // The WAL's pages are copied into the database file on a timer, between groups, not inside a message's commit.
    commits: createGroupCommit(deps.db, {
      walSync: walSyncFor(deps.db),
      checkpoint: { everyMs: 500, safetyPages: 4000 },
    }),
  };
  return { ctx, state: createStateRepo(settingsRepo) };
}
