import { afterEach, beforeEach } from 'vitest';
import type { CampaignSummary } from '../../../shared/dto';
import type { Db } from '../../../electron/core/db/open';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { type CampaignServiceDeps, createCampaignService } from '../../../electron/core/qontak/campaigns';
import { type MekariSim, startMekariSim } from '../../sim/mekari/server';
import { simClient, tempDb } from './helpers';

export const FAST = {
  firstPollMs: 20,
  maxPollIntervalMs: 80,
  pollGapMs: 0,
  deliveredFinalAfterMs: 10_000,
  giveUpAfterMs: 20_000,
  pauseOnErrorMs: 30,
  maxSendAttempts: 3,
};
export const quickSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 10)));
export const phone = (i: number) => `0812${String(10_000_000 + i)}`;
export const intl = (i: number) => `62812${String(10_000_000 + i)}`;

/**
 * A simulator with a fast schedule, a real database file and services that are stopped after each test.
 * `db` can be reopened (a restart) with reopen().
 */
export function useCampaignFixture() {
  const f = {
    sim: undefined as unknown as MekariSim,
    db: undefined as unknown as Db,
    progress: [] as CampaignSummary[],
    tmp: undefined as unknown as ReturnType<typeof tempDb>,
    services: [] as { stop(): Promise<void> }[],
    makeService(overrides: Partial<CampaignServiceDeps> = {}) {
      const client = simClient(f.sim, silentLogger(), { sleep: quickSleep });
      const s = createCampaignService({
        db: f.db,
        client: () => client,
        clock: { now: () => Date.now() },
        log: silentLogger(),
        ratePerSecond: () => 400,
        onProgress: (summary) => f.progress.push(summary),
        timing: FAST,
        ...overrides,
      });
      f.services.push(s);
      return s;
    },
    reopen() {
      f.db.close();
      f.db = f.tmp.open();
    },
  };
  beforeEach(async () => {
    f.sim = await startMekariSim({
      schedule: { logAfterMs: 10, sentAfterMs: 20, deliveredAfterMs: 40, readAfterMs: 80 },
    });
    f.tmp = tempDb();
    f.db = f.tmp.open();
    f.progress = [];
  });
  afterEach(async () => {
    for (const s of f.services.splice(0)) await s.stop();
    await f.sim.close();
    f.db.close();
    f.tmp.cleanup();
  });
  return f;
}
