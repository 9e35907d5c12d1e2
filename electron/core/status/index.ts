import type { SessionStatus } from '../../../shared/dto';
import type { KeychainState } from '../../../shared/dto';
import type { StateRepo } from '../db/state-repo';
import { schemaVersion } from '../db/open';
import type { CoreContext } from '../engine-types';
import type { Forwarder } from '../forwarder';
import { createLogger } from '../kernel/logger';
import type { MetricsFeature } from '../metrics';
import type { OtomaxFeature } from '../otomax';
import type { WhatsAppFeature } from '../whatsapp';
import { computeBanners, createBannerTracker } from './banners';
import { statusCommands } from './commands';
import { createHealthReport } from './health';
import { registerHealthRoute } from './health-route';
import { computeOverall } from './overall';
import { createSetupChecklist } from './setup-checklist';
import { createOverallTracker } from './tracker';

export interface StatusFeatureDeps {
  version: string;
  host: 'electron' | 'headless';
  databasePath: string;
  keychain: KeychainState;
  /** The engine's own lifecycle. */
  lifecycle: () => 'starting' | 'ready' | 'stopping';
  state: StateRepo;
  whatsapp: WhatsAppFeature;
  otomax: OtomaxFeature;
  forwarder: Forwarder;
  metrics: MetricsFeature;
  /** The other live WhatsApp numbers (not the primary) with their state: one down needs attention. */
  numbers?: () => readonly { id: string; name: string; status: SessionStatus | null }[];
}

/**
 * The one overall state and what reads it: banners, GET /otomax/health, the first-run checklist. It recomputes
 * whenever something it shows may have changed (session, reachability, callback, pauses, switches, the tick).
 */
export function createStatusFeature(ctx: CoreContext, d: StatusFeatureDeps) {
  const { clock, settings, events, db } = ctx;
  const { whatsapp: wa, otomax, forwarder } = d;
  const { reachability } = otomax;
  const switches = forwarder.switches;

  registerHealthRoute(
    ctx.http,
    createHealthReport({
      status: d.lifecycle,
      version: d.version,
      host: d.host,
      clock,
      databasePath: d.databasePath,
      schemaVersion: schemaVersion(db),
      keychain: d.keychain,
      session: () => wa.session(),
      baileysVersion: wa.baileysVersion,
      settings,
      otomaxConfigured: () => otomax.configured(),
      reachability,
      switches,
      overall: () => overall.current(),
      callback: () => {
        const c = otomax.callback.snapshot();
        return { state: c.state, checkedAt: c.checkedAt };
      },
    }),
    () => settings.apiKey(),
  );

  const banners = createBannerTracker(
    () =>
      computeBanners({
        now: clock.now(),
        session: wa.session().status(),
        keychain: d.keychain,
        otomax: reachability.snapshot(),
        otomaxEnabled: switches().forwarding,
        callback: otomax.callback.snapshot(),
        pausedChats: forwarder.pauses.list(),
        numbers: d.numbers?.() ?? [],
      }),
    (shown) => events.emit('banners:changed', shown),
  );
  const overall = createOverallTracker(
    () =>
      computeOverall({
        now: clock.now(),
        starting: d.lifecycle() === 'starting',
        session: wa.session().status(),
        forwarding: switches().forwarding,
        otomax: { configured: otomax.configured(), ...reachability.snapshot() },
        forwardQueue: forwarder.waiting(),
        unreported: forwarder.unreported(),
        heldReplies: wa.heldCount(),
        needsCheck: forwarder.needsCheck(),
        banners: banners.current(),
        numbers: d.numbers?.() ?? [],
      }),
    (next) => events.emit('overall:changed', next),
  );
  const refresh = () => {
    banners.refresh();
    overall.refresh();
  };
  forwarder.pauses.onChange(() => refresh());
  wa.onStatus(() => refresh());
  otomax.callback.onChange(() => refresh());
  reachability.onChange(() => refresh());
  otomax.onClientChanged(() => refresh());
  d.metrics.onTick(() => refresh());
  settings.onChange((_s, changed) => {
    if (changed.includes('otomaxEnabled') || changed.includes('otomaxAutoReplyEnabled')) refresh();
  });

  const checklist = createSetupChecklist({
    whatsappOpen: () => wa.session().status().state === 'open',
    otomaxConfigured: () => otomax.configured(),
    otomaxReachable: () => reachability.snapshot().reachable === true,
    otomax: () => otomax.get(),
    ownCallbackUrl: otomax.ownCallbackUrl,
    forwarding: () => switches().forwarding,
    state: d.state,
    clock,
    log: createLogger(ctx.log, 'status'),
  });
  otomax.onTested(() => checklist.markTested());

  return {
    refresh,
    banners: () => banners.current(),
    commands: statusCommands({ banners: () => banners.current(), overall: () => overall.current(), checklist }),
  };
}
