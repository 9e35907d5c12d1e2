import type { Dispatcher } from 'undici';
import type { OtomaxTestResult } from '../../../shared/dto';
import type { CoreContext } from '../engine-types';
import { createLogger } from '../kernel/logger';
import { observeOtomaxAttempt } from '../kernel/metrics';
import type { SecretStore } from '../secrets/secret-store';
import { callbackSecretStore, type SealedRows } from '../secrets/sealed-store';
import { createCallbackCheck } from './callback-check';
import { parseOutboxPayload, type OutboxPayload } from './callback-payload';
import { registerCallbackRoute } from './callback-route';
import { createCallbackSecret } from './callback-secret';
import { otomaxCommands } from './commands';
import { testOtomaxConnection } from './connection-test';
import { createOtomaxHolder } from './holder';
import { createOtomaxProbe } from './probe';
import { createOtomaxReachability } from './reachability';
import { registerOtomaxRoutes } from './routes';

export { classifyFailure, type Failure } from './classify';
export { formatOtomaxExp, INSERT_INBOX_TTL_MS } from './exp';
export { normalizePhone } from './phone';
export type { OutboxPayload } from './callback-payload';
export type { OtomaxReachability } from './reachability';
export type { InsertInboxBody, OtomaxClient } from './types';

export interface OtomaxFeatureDeps {
  secrets: SecretStore | null;
  /** JEMBATAN_DATA_KEY: without a keychain, the callback secret is sealed with it in the state table. */
  dataKey: string | undefined;
  rows: SealedRows;
  /** The URL the HTTP server listens on (known after start). */
  listenUrl: () => string;
  /** Tests: the client's HTTP dispatcher and backoff; how often OtomaX is probed (null: never). */
  dispatcher?: Dispatcher | undefined;
  backoffMs?: readonly number[] | undefined;
  probeMs?: number | null | undefined;
}

/** What the forwarder does with one outbox callback: store it and say how it went, after the commit that holds it. */
export type OutboxReceiver = (payload: OutboxPayload, raw: string) => Promise<{ duplicate: boolean; status: string }>;

/**
 * OtomaX: the client in force, its reachability and background probe, the outbox callback (secret path, receiver
 * route, rotation, the check that OtomaX holds our URL), the /otomax REST routes and the commands of Settings.
 */
export function createOtomaxFeature(ctx: CoreContext, d: OtomaxFeatureDeps) {
  const { settings, clock, metrics } = ctx;
  const log = createLogger(ctx.log, 'otomax');
  const dispatcher = d.dispatcher ? { dispatcher: d.dispatcher } : {};
  const reachability = createOtomaxReachability(clock);
  const holder = createOtomaxHolder({
    settings,
    clock,
    log,
    ...dispatcher,
    ...(d.backoffMs ? { backoffMs: d.backoffMs } : {}),
    onAttempt: (a) => observeOtomaxAttempt(metrics, a),
  });
  const callbackSecret = createCallbackSecret(
    callbackSecretStore({ secrets: d.secrets, dataKey: d.dataKey, rows: d.rows, clock, log }),
    clock,
  );
  const ownCallbackUrl = async () => {
    const s = settings.get();
    const base = s.callbackBaseUrl || d.listenUrl() || `http://${s.host}:${s.port}`;
    return `${base.replace(/\/+$/, '')}/otomax/callback/${await callbackSecret.get()}`;
  };
  const callbackCheck = createCallbackCheck({ otomax: holder, ownUrl: ownCallbackUrl, clock, log });
  const probe = createOtomaxProbe({
    otomax: holder,
    reachability,
    clock,
    log: createLogger(ctx.log, 'otomax-probe'),
    everyMs: d.probeMs,
  });

  registerOtomaxRoutes(ctx.http, {
    client: () => holder.get(),
    settings: () => settings.get(),
    ownCallbackUrl,
    clock,
    afterRegister: () => callbackCheck.check(),
  });

  // Settings saved: rebuild the client, then whoever waits on OtomaX (the outbox reports, the state) goes again.
  const clientChanged = new Set<() => void>();
  settings.onChange(() => {
    void holder.refresh().then(() => {
      for (const l of clientChanged) l();
      probe.now();
      void callbackCheck.check();
    });
  });

  const rotateCallback = async () => {
    await callbackSecret.rotate();
    const url = await ownCallbackUrl();
    // Tell OtomaX at once; the old URL keeps working for a grace period meanwhile.
    if (holder.configured()) {
      await holder
        .get()
        .setOutboxCallback(url)
        .catch((e: unknown) =>
          log.warn({ err: e }, 'rotated the callback secret, but OtomaX was not told the new URL'),
        );
    }
    await callbackCheck.check();
    return url;
  };
  const tested = new Set<() => void>();
  const testOtomax = async (input: Parameters<typeof testOtomaxConnection>[1]): Promise<OtomaxTestResult> => {
    const r = await testOtomaxConnection({ settings, clock, log, ...dispatcher }, input);
    if (r.ok && !r.unsaved) for (const l of tested) l();
    return r;
  };

  return {
    get: () => holder.get(),
    configured: () => holder.configured(),
    refresh: () => holder.refresh(),
    reachability,
    callback: { snapshot: () => callbackCheck.snapshot(), onChange: callbackCheck.onChange },
    ownCallbackUrl,
    commands: otomaxCommands({
      otomax: holder,
      ownCallbackUrl,
      rotateCallback,
      afterRegister: () => callbackCheck.check(),
      testOtomax,
    }),
    /** POST /otomax/callback/<secret>: the route is OtomaX's, what a callback becomes is the forwarder's. */
    receiveOutbox(receive: OutboxReceiver) {
      registerCallbackRoute(ctx.http, {
        matches: (candidate) => callbackSecret.matches(candidate),
        verifyToken: (token, body) => holder.verify(token, body),
        async receive(json, raw) {
          const p = parseOutboxPayload(json);
          const r = await receive(p, raw);
          return { kode: p.kode, duplicate: r.duplicate, status: r.status };
        },
        log: createLogger(ctx.log, 'callback'),
        refused: (code) => metrics.callbacksRefused.inc({ status: String(code) }),
      });
    },
    /** The client was rebuilt after a settings change. */
    onClientChanged(l: () => void) {
      clientChanged.add(l);
    },
    /** A test of the saved values succeeded (the setup checklist ticks its step). */
    onTested(l: () => void) {
      tested.add(l);
    },
    start() {
      // With neither keychain nor data key the callback secret lasts one run: tell OtomaX the new URL first.
      callbackCheck.start(callbackSecret.ephemeral());
      probe.start();
    },
    /** Stop the background checks (first thing on the way out). */
    async stopWatching() {
      callbackCheck.stop();
      await probe.stop();
    },
    /** Ends backoff waits at once and gives calls in flight a short grace. */
    close: () => holder.close(),
  };
}

export type OtomaxFeature = ReturnType<typeof createOtomaxFeature>;
