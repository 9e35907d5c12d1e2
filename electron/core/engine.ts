import type { FastifyInstance } from 'fastify';
import type { Dispatcher } from 'undici';
import type { ForwardingState } from '../../shared/dto';
import { createDispatcher } from './api/dispatch';
import { coreCommands } from './api/core-commands';
import { computeBanners, createBannerTracker } from './banners';
import type { Bootstrapped } from './bootstrap';
import { type Clock, systemClock } from './clock';
import { createCallbackSecret } from './callback-secret';
import { createSettingsService } from './config/settings-service';
import { createPruner } from './db/pruner';
import { createSettingsRepo } from './db/settings-repo';
import type { EngineApi, EngineEvents } from './engine-types';
import { createEngineEvents } from './events';
import { createFlowQuery } from './forwarder/flow-query';
import { createInboundPipeline } from './forwarder/inbound';
import { createInboundRepo } from './forwarder/inbound-repo';
import { createOutboxPipeline } from './forwarder/outbox';
import { createOutboxRepo } from './forwarder/outbox-repo';
import { createReplyLimiter } from './forwarder/reply-limiter';
import { registerCallbackRoute } from './http/callback-route';
import { createHealthReport } from './engine-health';
import { registerHealthRoute } from './http/health-route';
import { registerOtomaxRoutes } from './http/otomax-routes';
import { createHttpServer } from './http/server';
import { createLogger } from './logger';
import { createMetrics } from './metrics/metrics';
import { createSnapshotQuery, startOfLocalDay } from './metrics/snapshot';
import { parseOutboxPayload } from './otomax/callback-payload';
import { createOtomaxHolder } from './otomax-holder';
import { createOtomaxReachability } from './otomax-state';
import { createQontakWiring } from './qontak-wiring';
import { createStateRepo } from './state-repo';
import { createSwitches } from './switches';
import { createWhatsAppWiring, type WhatsAppWiringOptions } from './whatsapp-wiring';

export interface EngineDeps extends Bootstrapped {
  host: 'electron' | 'headless';
  version: string;
  clock?: Clock;
  /** Tests: the OtomaX client's HTTP dispatcher and backoff. */
  otomaxDispatcher?: Dispatcher;
  otomaxBackoffMs?: readonly number[];
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

const SESSION_ID = 'default';
const RETENTION_EVERY_MS = 6 * 3_600_000;
const TICK_MS = 5_000;

/** The one object both hosts create: the whole product minus the window. */
export function createEngine(deps: EngineDeps): Engine {
  const clock = deps.clock ?? systemClock;
  const log = createLogger(deps.log, 'engine');
  const { db } = deps;
  const events = createEngineEvents();
  const settingsRepo = createSettingsRepo(db);
  const settings = createSettingsService({
    boot: deps.boot,
    repo: settingsRepo,
    secrets: deps.secrets,
    clock,
    log: createLogger(deps.log, 'settings'),
  });
  const state = createStateRepo(db);
  const metrics = createMetrics();
  const reachability = createOtomaxReachability(clock);
  const otomax = createOtomaxHolder({
    settings,
    clock,
    log: createLogger(deps.log, 'otomax'),
    ...(deps.otomaxDispatcher ? { dispatcher: deps.otomaxDispatcher } : {}),
    ...(deps.otomaxBackoffMs ? { backoffMs: deps.otomaxBackoffMs } : {}),
  });

  const owner = createSwitches(state, () => settings.get(), clock);
  const switches = owner.get;

  const callbackSecret = createCallbackSecret(deps.secrets, clock);

  const http = createHttpServer({ log: deps.log, apiKey: () => settings.apiKey() });
  let listenUrl = '';
  const ownCallbackUrl = async () => {
    const s = settings.get();
    const base = s.callbackBaseUrl || listenUrl || `http://${s.host}:${s.port}`;
    return `${base.replace(/\/+$/, '')}/otomax/callback/${await callbackSecret.get()}`;
  };

  const inboundRepo = createInboundRepo(db);
  const outboxRepo = createOutboxRepo(db);
  const flow = createFlowQuery(db, inboundRepo);
  const emitRow = (direction: 'in' | 'outbox', id: number) => {
    if (!events.listening('message:logged')) return;
    const row = flow.row(direction, id);
    if (row) events.emit('message:logged', row);
  };

  const wa = createWhatsAppWiring({
    sessionId: SESSION_ID,
    mode: settings.get().whatsapp,
    db,
    secrets: deps.secrets,
    dataKeyFromEnv: deps.boot.dataKey,
    settings,
    clock,
    log: deps.log,
    http,
    options: deps.whatsapp ?? {},
    simSentLog: deps.boot.simSentLog,
  });

  const limiter = createReplyLimiter(() => settings.get().replyLimitPerMinute, clock);
  const inbound = createInboundPipeline({
    db,
    inbound: inboundRepo,
    outbound: wa.outbound,
    otomax: () => otomax.get(),
    markRead: (m) => wa.session().markRead(m),
    settings: () => settings.get(),
    switches,
    ownPhone: () => wa.session().status().phone ?? null,
    clock,
    log: createLogger(deps.log, 'inbound'),
    metrics,
    reachability,
    limiter,
    onRow: (id) => emitRow('in', id),
  });
  const outbox = createOutboxPipeline({
    db,
    outbox: outboxRepo,
    outbound: wa.outbound,
    otomax: () => otomax.get(),
    settings: () => settings.get(),
    sessionId: SESSION_ID,
    clock,
    log: createLogger(deps.log, 'outbox'),
    metrics,
    reachability,
    onRow: (id) => emitRow('outbox', id),
  });
  // Re-deliveries dropped today (the log keeps one row per message, so they are counted here).
  const duplicates = { day: 0, n: 0 };
  wa.onMessage((m) => {
    if (inbound.accept(m) !== 'duplicate') return;
    const day = startOfLocalDay(clock.now());
    if (day !== duplicates.day) Object.assign(duplicates, { day, n: 0 });
    duplicates.n++;
  });
  const sendTimes = db.prepare<[number], { created_at: number; sent_at: number | null }>(
    'SELECT created_at, sent_at FROM outbound_messages WHERE id = ?',
  );
  wa.onSendOutcome((o) => {
    if (o.status === 'sent') {
      const t = sendTimes.get(o.outboundId);
      if (t?.sent_at) metrics.waSendLatency.observe((t.sent_at - t.created_at) / 1000);
    } else metrics.errors.inc({ class: 'whatsapp_send' });
    outbox.onSendOutcome(o);
    if (o.inboundId !== null) emitRow('in', o.inboundId);
  });
  metrics.setQueueDepths(() => ({ forward: inbound.depth(), send: wa.depth(), outboxReport: outbox.depth() }));

  const qontak = createQontakWiring({ db, settings, clock, log: deps.log, events, http });

  registerCallbackRoute(http, {
    matches: (candidate) => callbackSecret.matches(candidate),
    verifyToken: (token, body) => otomax.verify(token, body),
    receive(json, raw) {
      const p = parseOutboxPayload(json);
      const r = outbox.receive(p, raw);
      return { kode: p.kode, duplicate: r.duplicate, status: r.status };
    },
    log: createLogger(deps.log, 'callback'),
  });
  registerOtomaxRoutes(http, { client: () => otomax.get(), settings: () => settings.get(), ownCallbackUrl, clock });
  http.get('/metrics', async (_req, reply) => reply.type('text/plain; version=0.0.4').send(await metrics.text()));

  let status: 'starting' | 'ready' | 'stopping' = 'starting';
  registerHealthRoute(
    http,
    createHealthReport({
      status: () => status,
      version: deps.version,
      host: deps.host,
      clock,
      databasePath: deps.databasePath,
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
      keychain: deps.keychain,
      session: () => wa.session(),
      baileysVersion: wa.baileysVersion,
      settings,
      otomaxConfigured: () => otomax.configured(),
      reachability,
      switches,
    }),
  );

  const snapshot = createSnapshotQuery(db, clock);
  const metricsSnapshot = () =>
    snapshot({
      duplicates: duplicates.day === startOfLocalDay(clock.now()) ? duplicates.n : 0,
      queues: { forward: inbound.depth(), send: wa.depth(), outboxReport: outbox.depth() },
      otomax: reachability.snapshot(),
    });
  const banners = createBannerTracker(
    () =>
      computeBanners({
        now: clock.now(),
        session: wa.session().status(),
        keychain: deps.keychain,
        otomax: reachability.snapshot(),
        otomaxEnabled: switches().forwarding,
      }),
    (shown) => events.emit('banners:changed', shown),
  );
  wa.onStatus((s) => {
    events.emit('session:status', s);
    banners.refresh();
  });
  reachability.onChange(() => {
    banners.refresh();
    // OtomaX is back: report pending outbox statuses now rather than after the backoff.
    if (reachability.snapshot().reachable) outbox.kick();
  });

  settings.onChange((s, changed) => {
    // Saving the setting itself makes it the switch again.
    if (changed.includes('otomaxEnabled')) owner.reset('forwarding');
    if (changed.includes('otomaxAutoReplyEnabled')) owner.reset('autoReply');
    if (changed.includes('otomaxConcurrency')) inbound.setConcurrency(s.otomaxConcurrency);
    deps.log.level = s.debug ? 'debug' : s.logLevel;
    void otomax.refresh().then(() => outbox.kick());
    void settings.view().then((v) => events.emit('settings:changed', v));
    events.emit('forwarding:changed', switches());
  });

  const setSwitch = (key: 'forwarding' | 'autoReply', enabled: boolean): ForwardingState => {
    const now = owner.set(key, enabled);
    log.info(now, 'switches changed');
    events.emit('forwarding:changed', now);
    banners.refresh();
    return now;
  };

  const handlers = {
    ...coreCommands({
      version: deps.version,
      host: deps.host,
      dataDir: deps.boot.dataDir,
      databasePath: deps.databasePath,
      keychain: deps.keychain,
      settings,
      otomax,
      session: () => wa.session(),
      switches,
      setSwitch,
      flow,
      metrics: metricsSnapshot,
      banners: banners.current,
      ownCallbackUrl,
      rotateCallback: async () => {
        await callbackSecret.rotate();
        const url = await ownCallbackUrl();
        // Tell OtomaX at once; the old URL keeps working for a grace period meanwhile.
        if (otomax.configured()) {
          await otomax
            .get()
            .setOutboxCallback(url)
            .catch((e: unknown) =>
              log.warn({ err: e }, 'rotated the callback secret, but OtomaX was not told the new URL'),
            );
        }
        return url;
      },
      apiUrl: () => listenUrl,
    }),
    ...qontak.commands,
  };
  const api = createDispatcher(handlers, log);

  const timers: NodeJS.Timeout[] = [];
  const pruner = createPruner({
    db,
    log,
    cutoff: () => clock.now() - settings.get().retentionDays * 86_400_000,
  });
  const prune = () => void pruner.run();

  return {
    api,
    events,
    http,
    url: () => listenUrl,
    apiKey: () => settings.apiKey(),
    async start() {
      await otomax.refresh();
      const s = settings.get();
      await http.listen({ host: s.host, port: s.port });
      const addr = http.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : s.port;
      const host = s.host === '0.0.0.0' || s.host === '::' ? '127.0.0.1' : s.host;
      listenUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
      prune();
      inbound.recover();
      inbound.start();
      outbox.start();
      await wa.start();
      await qontak.start();
      timers.push(setInterval(prune, RETENTION_EVERY_MS));
      timers.push(
        setInterval(() => {
          events.emit('metrics:tick', metricsSnapshot());
          banners.refresh();
        }, TICK_MS),
      );
      timers.forEach((t) => t.unref?.());
      if (callbackSecret.ephemeral() && otomax.configured()) {
        // Without a keychain the callback secret lasts one run: tell OtomaX the new URL.
        otomax
          .get()
          .setOutboxCallback(await ownCallbackUrl())
          .catch((e: unknown) => log.warn({ err: e }, 'could not register the callback URL with OtomaX'));
      }
      status = 'ready';
      log.info({ url: listenUrl, whatsapp: wa.session().mode, keychain: deps.keychain.available }, 'engine ready');
    },
    async stop() {
      if (status === 'stopping') return;
      status = 'stopping';
      timers.forEach(clearInterval);
      await http.close();
      // Stop taking work first, then close the OtomaX client: it ends backoff waits at once and gives calls in
      // flight a short grace, so a retry schedule cannot hold the app open past the OS's patience.
      const draining = [inbound.stop(), outbox.stop(), qontak.stop()];
      await otomax.close();
      await Promise.all(draining);
      await wa.stop();
      await pruner.stop();
      db.close();
      log.info('engine stopped');
      await deps.closeLog();
    },
  };
}
