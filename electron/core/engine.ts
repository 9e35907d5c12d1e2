import type { FastifyInstance } from 'fastify';
import type { Dispatcher } from 'undici';
import type { ForwardingState } from '../../shared/dto';
import { createDispatcher } from './api/dispatch';
import { coreCommands } from './api/core-commands';
import { replyCommands } from './api/reply-commands';
import { computeBanners, createBannerTracker } from './banners';
import type { Bootstrapped } from './bootstrap';
import { type Clock, systemClock } from './clock';
import { createCallbackCheck } from './callback-check';
import { createCallbackSecret } from './callback-secret';
import { createSettingsService } from './config/settings-service';
import { createGroupCommit } from './db/durable';
import { createPruner } from './db/pruner';
import { createSettingsRepo } from './db/settings-repo';
import type { EngineApi, EngineEvents } from './engine-types';
import { createEngineEvents } from './events';
import { checkCommands } from './forwarder/check-commands';
import { createChatPauses } from './forwarder/chat-pauses';
import { createFlowQuery } from './forwarder/flow-query';
import { createInboundPipeline } from './forwarder/inbound';
import { createInboundRepo } from './forwarder/inbound-repo';
import { createOutboxPipeline } from './forwarder/outbox';
import { createOutboxRepo } from './forwarder/outbox-repo';
import { createReplyLimiter } from './forwarder/reply-limiter';
import { registerCallbackRoute } from './http/callback-route';
import { createHealthReport } from './engine-health';
import { createHostCheck } from './http/host-check';
import { registerHealthRoute } from './http/health-route';
import { registerOtomaxRoutes } from './http/otomax-routes';
import { createHttpServer } from './http/server';
import { createLogger } from './logger';
import { createMetrics, observeOtomaxAttempt } from './metrics/metrics';
import { createSnapshotQuery, startOfLocalDay } from './metrics/snapshot';
import { parseOutboxPayload } from './otomax/callback-payload';
import { createOtomaxHolder } from './otomax-holder';
import { createOtomaxReachability } from './otomax-state';
import { createQontakWiring } from './qontak-wiring';
import { callbackSecretStore } from './secrets/sealed-store';
import { createStateRepo } from './state-repo';
import { createSetupChecklist } from './setup-checklist';
import { createSwitches } from './switches';
import { computeOverall } from './status/overall';
import { createOtomaxProbe } from './status/otomax-probe';
import { createOverallTracker } from './status/tracker';
import { testOtomaxConnection } from './otomax-test';
import { createWhatsAppWiring, type WhatsAppWiringOptions } from './whatsapp-wiring';

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
    onAttempt: (a) => observeOtomaxAttempt(metrics, a),
  });

  const owner = createSwitches({ state, settings, clock });
  const switches = owner.get;

  const callbackSecret = createCallbackSecret(
    callbackSecretStore({ secrets: deps.secrets, dataKey: deps.boot.dataKey, rows: state, clock, log }),
    clock,
  );

  const http = createHttpServer({
    log: deps.log,
    apiKey: () => settings.apiKey(),
    hostAllowed: createHostCheck(() => {
      const s = settings.get();
      return { listenHost: s.host, callbackBaseUrl: s.callbackBaseUrl };
    }),
  });
  let listenUrl = '';
  const ownCallbackUrl = async () => {
    const s = settings.get();
    const base = s.callbackBaseUrl || listenUrl || `http://${s.host}:${s.port}`;
    return `${base.replace(/\/+$/, '')}/otomax/callback/${await callbackSecret.get()}`;
  };
  const callbackCheck = createCallbackCheck({ otomax, ownUrl: ownCallbackUrl, clock, log });

  const inboundRepo = createInboundRepo(db);
  const outboxRepo = createOutboxRepo(db);
  const flow = createFlowQuery(db, inboundRepo);
  const emitRow = (direction: 'in' | 'outbox', id: number) => {
    if (!events.listening('message:logged')) return;
    const row = flow.row(direction, id);
    if (row) events.emit('message:logged', row);
  };

  const pauses = createChatPauses(state);
  const wa = createWhatsAppWiring({
    isPaused: (phone) => pauses.isPaused(phone),
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

  const limiter = createReplyLimiter(() => settings.get().replyLimitPerMinute, clock, pauses);
  wa.onHeld((e) => {
    metrics.repliesLimited.inc();
    if (e.inboundId !== null) emitRow('in', e.inboundId);
  });
  // One group commit for the callbacks, the forwarding marks and the answers: one sync per loop turn (issue 15).
  const commits = createGroupCommit(db);
  const inbound = createInboundPipeline({
    commits,
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
    commits,
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

  const qontak = createQontakWiring({
    db,
    settings,
    clock,
    log: deps.log,
    events,
    http,
    onSend: (outcome) => metrics.qontakSends.inc({ outcome }),
  });

  registerCallbackRoute(http, {
    matches: (candidate) => callbackSecret.matches(candidate),
    verifyToken: (token, body) => otomax.verify(token, body),
    async receive(json, raw) {
      const p = parseOutboxPayload(json);
      const r = await outbox.receive(p, raw);
      return { kode: p.kode, duplicate: r.duplicate, status: r.status };
    },
    log: createLogger(deps.log, 'callback'),
    refused: (code) => metrics.callbacksRefused.inc({ status: String(code) }),
  });
  registerOtomaxRoutes(http, {
    client: () => otomax.get(),
    settings: () => settings.get(),
    ownCallbackUrl,
    clock,
    afterRegister: () => callbackCheck.check(),
  });
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
      overall: () => overall.current(),
      callback: () => {
        const c = callbackCheck.snapshot();
        return { state: c.state, checkedAt: c.checkedAt };
      },
    }),
    () => settings.apiKey(),
  );

  const snapshot = createSnapshotQuery(db, clock);
  const metricsSnapshot = () => ({
    ...snapshot({
      duplicates: duplicates.day === startOfLocalDay(clock.now()) ? duplicates.n : 0,
      queues: { forward: inbound.depth(), send: wa.depth(), outboxReport: outbox.depth() },
      otomax: reachability.snapshot(),
      needsCheck: inboundRepo.countUncertain(),
    }),
    heldReplies: wa.heldCount(),
  });
  const emitChecked = (id: number) => {
    emitRow('in', id);
    events.emit('metrics:tick', metricsSnapshot());
  };
  const banners = createBannerTracker(
    () =>
      computeBanners({
        now: clock.now(),
        session: wa.session().status(),
        keychain: deps.keychain,
        otomax: reachability.snapshot(),
        otomaxEnabled: switches().forwarding,
        callback: callbackCheck.snapshot(),
        pausedChats: pauses.list(),
      }),
    (shown) => events.emit('banners:changed', shown),
  );
  const overall = createOverallTracker(
    () =>
      computeOverall({
        now: clock.now(),
        starting: status === 'starting',
        session: wa.session().status(),
        forwarding: switches().forwarding,
        otomax: { configured: otomax.configured(), ...reachability.snapshot() },
        forwardQueue: inboundRepo.waiting(),
        unreported: outboxRepo.unreportedSummary(),
        heldReplies: wa.heldCount(),
        needsCheck: inboundRepo.countUncertain(),
        banners: banners.current(),
      }),
    (next) => events.emit('overall:changed', next),
  );
  const refreshState = () => {
    banners.refresh();
    overall.refresh();
  };
  pauses.onChange(() => refreshState());
  const probe = createOtomaxProbe({
    otomax,
    reachability,
    clock,
    log: createLogger(deps.log, 'otomax-probe'),
    everyMs: deps.otomaxProbeMs,
  });
  wa.onStatus((s) => {
    events.emit('session:status', s);
    refreshState();
  });
  callbackCheck.onChange(() => refreshState());
  reachability.onChange(() => {
    refreshState();
    // OtomaX is back: report pending outbox statuses now rather than after the backoff.
    if (reachability.snapshot().reachable) outbox.kick();
  });

  settings.onChange((s, changed) => {
    if (changed.includes('otomaxConcurrency')) inbound.setConcurrency(s.otomaxConcurrency);
    deps.log.level = s.debug ? 'debug' : s.logLevel;
    void otomax.refresh().then(() => {
      outbox.kick();
      probe.now();
      refreshState();
      void callbackCheck.check();
    });
    void settings.view().then((v) => events.emit('settings:changed', v));
    events.emit('forwarding:changed', switches());
    if (changed.includes('otomaxEnabled') || changed.includes('otomaxAutoReplyEnabled')) refreshState();
  });

  // The switch saves its setting; the settings listener above tells every window and the tray.
  const setSwitch = async (key: 'forwarding' | 'autoReply', enabled: boolean): Promise<ForwardingState> => {
    const now = await owner.set(key, enabled);
    log.info(now, 'switches changed');
    return now;
  };

  const otomaxDispatcher = deps.otomaxDispatcher ? { dispatcher: deps.otomaxDispatcher } : {};
  const checklist = createSetupChecklist({
    whatsappOpen: () => wa.session().status().state === 'open',
    otomaxConfigured: () => otomax.configured(),
    otomaxReachable: () => reachability.snapshot().reachable === true,
    otomax: () => otomax.get(),
    ownCallbackUrl,
    forwarding: () => switches().forwarding,
    state,
    clock,
    log,
  });
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
        await callbackCheck.check();
        return url;
      },
      apiUrl: () => listenUrl,
      afterRegister: () => callbackCheck.check(),
      testOtomax: async (input) => {
        const r = await testOtomaxConnection(
          { settings, clock, log: createLogger(deps.log, 'otomax'), ...otomaxDispatcher },
          input,
        );
        if (r.ok && !r.unsaved) checklist.markTested();
        return r;
      },
      checklist,
    }),
    ...qontak.commands,
    'overall:get': async () => overall.current(),
    ...checkCommands({ inbound: inboundRepo, flow, onChecked: (id) => emitChecked(id) }),
    ...replyCommands({ pauses, clock, wake: () => wa.outbound.wake(), log }),
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
      await owner.adoptLegacyFlips();
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
          refreshState();
        }, TICK_MS),
      );
      timers.forEach((t) => t.unref?.());
      // With neither keychain nor data key the callback secret lasts one run: tell OtomaX the new URL first.
      callbackCheck.start(callbackSecret.ephemeral());
      probe.start();
      status = 'ready';
      refreshState();
      log.info({ url: listenUrl, whatsapp: wa.session().mode, keychain: deps.keychain.available }, 'engine ready');
    },
    async stop() {
      if (status === 'stopping') return;
      status = 'stopping';
      timers.forEach(clearInterval);
      callbackCheck.stop();
      await probe.stop();
      await http.close();
      // Stop taking work first, then close the OtomaX client: it ends backoff waits at once and gives calls in
      // flight a short grace, so a retry schedule cannot hold the app open past the OS's patience.
      const draining = [inbound.stop(), outbox.stop(), qontak.stop()];
      await otomax.close();
      await Promise.all(draining);
      await wa.stop();
      await pruner.stop();
      db.close();
      deps.releaseLock();
      log.info('engine stopped');
      await deps.closeLog();
    },
  };
}
