import type { FastifyInstance } from 'fastify';
import type { Dispatcher } from 'undici';
import { createDispatcher, type HandlerMap } from './api/dispatch';
import type { Bootstrapped } from './bootstrap';
import { createSettingsFeature } from './config/settings-feature';
import { createCoreContext } from './context';
import type { EngineApi, EngineEvents } from './engine-types';
import { createForwarder, createForwarderState, createInboundRepo } from './forwarder';
import { listenAndResolveUrl } from './http/listen';
import { type Clock, systemClock } from './kernel/clock';
import { createLogger } from './kernel/logger';
import { createMaintenance } from './maintenance';
import { createMetricsFeature } from './metrics';
import { createNumbersFeature } from './numbers';
import { createOtomaxFeature } from './otomax';
import { createQontakFeature } from './qontak';
import { createStatusFeature } from './status';
import { createWhatsAppFeature, type WhatsAppWiringOptions } from './whatsapp';

export interface EngineDeps extends Bootstrapped {
  host: 'electron' | 'headless';
  version: string;
  clock?: Clock;
  /** Tests: the OtomaX client's HTTP dispatcher and backoff. */
  otomaxDispatcher?: Dispatcher;
  otomaxBackoffMs?: readonly number[];
  /** Tests: how often OtomaX is probed in the background (null: never; default every 10 s). */
  otomaxProbeMs?: number | null;
  /** Tests: a fake Baileys socket, a local WebSocket URL, the simulated session's pairing delay. */
  whatsapp?: WhatsAppWiringOptions;
}

export interface Engine {
  start(): Promise<void>;
  stop(): Promise<void>;
  api: EngineApi;
  events: EngineEvents;
  /** The HTTP server: hosts may add routes (the headless UI) before start(). */
  http: FastifyInstance;
  /** Base URL the HTTP server listens on (after start). */
  url(): string;
  /** The local REST API key in force (created on first use). */
  apiKey(): Promise<string>;
}

/** The one object both hosts create: the whole product minus the window. Builds, connects, orders start/stop. */
export function createEngine(deps: EngineDeps): Engine {
  const clock = deps.clock ?? systemClock;
  const log = createLogger(deps.log, 'engine');
  const { db } = deps;
  const { ctx, state } = createCoreContext(deps, clock);
  const { settings, http } = ctx;
  let listenUrl = '';
  let status: 'starting' | 'ready' | 'stopping' = 'starting';

  const otomax = createOtomaxFeature(ctx, {
    secrets: deps.secrets,
    dataKey: deps.boot.dataKey,
    rows: state,
    listenUrl: () => listenUrl,
    dispatcher: deps.otomaxDispatcher,
    backoffMs: deps.otomaxBackoffMs,
    probeMs: deps.otomaxProbeMs,
  });
  const forwarderState = createForwarderState(ctx, state);
  // Several WhatsApp numbers: the numbers ask the sessions lazily (WhatsApp is built next and asks them which run).
  const numbers = createNumbersFeature(ctx, { lastChat: createInboundRepo(db), sessions: () => whatsapp.sessions });
  const whatsapp = createWhatsAppFeature(ctx, {
    primaryId: numbers.primaryId,
    liveIds: numbers.liveIds,
    secrets: deps.secrets,
    dataKeyFromEnv: deps.boot.dataKey,
    options: deps.whatsapp ?? {},
    simSentLog: deps.boot.simSentLog,
    simFeed: deps.boot.simFeed,
    isPaused: (phone) => forwarderState.pauses.isPaused(phone),
    numberOptions: numbers.optionsFor,
  });
  const forwarder = createForwarder(ctx, forwarderState, {
    sessionId: numbers.primaryId(),
    numbers,
    state,
    otomax,
    whatsapp,
  });
  const qontak = createQontakFeature(ctx);
  const metrics = createMetricsFeature(ctx, { forwarder, whatsapp, otomax });
  const about = { version: deps.version, host: deps.host, databasePath: deps.databasePath, keychain: deps.keychain };
  const lifecycle = () => status;
  const statusFeature = createStatusFeature(ctx, {
    ...about,
    lifecycle,
    state,
    whatsapp,
    otomax,
    forwarder,
    metrics,
    numbers: numbers.others,
  });
  const app = createSettingsFeature(ctx, {
    ...about,
    dataDir: deps.boot.dataDir,
    whatsappMode: () => whatsapp.session().mode,
    apiUrl: () => listenUrl,
  });
  const maintenance = createMaintenance(ctx);
  // Each feature contributes its own commands; one dispatcher turns them into Results.
  const handlers: HandlerMap = {};
  for (const f of [app, whatsapp, numbers, forwarder, otomax, qontak, metrics, statusFeature])
    Object.assign(handlers, f.commands);
  const api = createDispatcher(handlers, log);

  return {
    api,
    events: ctx.events,
    http,
    url: () => listenUrl,
    apiKey: () => settings.apiKey(),
    async start() {
      await forwarder.adoptLegacyFlips();
      await otomax.refresh();
      listenUrl = await listenAndResolveUrl(http, settings.get());
      maintenance.start();
      forwarder.start();
      await whatsapp.start();
      numbers.start();
      await qontak.start();
      metrics.start();
      otomax.start();
      status = 'ready';
      statusFeature.refresh();
      log.info(
        { url: listenUrl, whatsapp: whatsapp.session().mode, keychain: deps.keychain.available },
        'engine ready',
      );
    },
    async stop() {
      if (status === 'stopping') return;
      status = 'stopping';
      metrics.stop();
      await otomax.stopWatching();
      await http.close();
      // Stop taking work first, then close the OtomaX client: it ends backoff waits at once and gives calls in
      // flight a short grace, so a retry schedule cannot hold the app open past the OS's patience.
      const draining = [forwarder.stop(), qontak.stop()];
      await otomax.close();
      await Promise.all(draining);
      await whatsapp.stop();
      await maintenance.stop();
      await ctx.commits.close(); // the last sends and receipts on disk, the fsync in flight done, the WAL handle closed
      db.close();
      deps.releaseLock();
      log.info('engine stopped');
      await deps.closeLog();
    },
  };
}
