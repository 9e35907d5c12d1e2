import type { CommandInput, CommandName, CommandOutput, EventName, Events } from '../../shared/api';
import type { FlowRow, MetricsSnapshot, SessionStatus } from '../../shared/dto';
import type { Result } from '../../shared/result';
import type { Settings, SettingsView } from '../../shared/settings';
import type { ApiClient, ConnectionInfo } from '../../renderer/src/api/types';

type Handler<C extends CommandName> = (
  input: CommandInput<C>,
) => Result<CommandOutput<C>> | Promise<Result<CommandOutput<C>>>;
export type Handlers = { [C in CommandName]?: Handler<C> };

export const NOW = Date.UTC(2025, 9, 18, 5, 30, 0);

export function settingsView(over: Partial<Settings> = {}): SettingsView {
  const values: Settings = {
    otomaxEnabled: true,
    otomaxApiUrl: 'http://localhost:5000/',
    otomaxAppId: 'APPID123',
    otomaxDefaultReseller: '',
    otomaxDefaultKodeTerminal: 1,
    otomaxForwardIncoming: true,
    otomaxForwardOutgoing: false,
    otomaxForwardGroups: false,
    otomaxForwardMedia: false,
    otomaxAutoReplyEnabled: true,
    otomaxReplyOnExpired: true,
    otomaxCheckReply: 'Transaksi Anda sedang kami cek. Mohon jangan kirim ulang dulu; kami kabari segera.',
    otomaxLateNotice: 'Maaf, pesan Anda terlambat kami terima.',
    otomaxTroubleNotice: 'Maaf, server kami sedang mengalami gangguan.',
    otomaxTimeoutMs: 30000,
    otomaxRetries: 3,
    otomaxConcurrency: 8,
    callbackBaseUrl: '',
    whatsapp: 'baileys',
    sendRatePerSecond: 5,
    replyLimitPerMinute: 20,
    outboxMaxAgeHours: 6,
    waVersion: '',
    qontakApiUrl: 'https://api.mekari.com',
    qontakClientId: '',
    qontakRatePerSecond: 2,
    host: '127.0.0.1',
    port: 3000,
    dataDir: '',
    retentionDays: 90,
    logLevel: 'info',
    debug: false,
    ...over,
  };
  const sources = Object.fromEntries(Object.keys(values).map((k) => [k, 'default'])) as SettingsView['sources'];
  return {
    values,
    secrets: { hasOtomaxAppKey: true, hasOtomaxDevKey: false, hasApiKey: true, hasQontakClientSecret: false },
    sources,
    restartRequired: ['host', 'port', 'dataDir', 'whatsapp'],
  };
}

export function metrics(over: Partial<MetricsSnapshot['today']> = {}): MetricsSnapshot {
  return {
    at: NOW,
    today: {
      received: 12,
      forwarded: 11,
      autoReplies: 9,
      expired: 1,
      duplicates: 2,
      errors: 0,
      outboxReceived: 7,
      outboxDelivered: 6,
      outboxFailed: 0,
      senderUnknown: 0,
      ...over,
    },
    byStatus: {},
    queues: { forward: 0, send: 1, outboxReport: 0 },
    otomax: {
      reachable: true,
      lastOkAt: NOW,
      lastErrorAt: null,
      lastError: null,
      unreachableSince: null,
      latencyP50Ms: 85,
      latencyP95Ms: 240,
    },
    perMinute: Array.from({ length: 60 }, (_, i) => ({
      t: NOW - (60 - i) * 60_000,
      messages: i % 7,
      errors: i % 13 === 0 ? 1 : 0,
    })),
  };
}

export function flowRow(n: number, over: Partial<FlowRow> = {}): FlowRow {
  return {
    id: `in:${n}`,
    direction: 'in',
    time: NOW - n * 1000,
    phone: `62812000${String(n).padStart(5, '0')}`,
    name: `Reseller ${n}`,
    text: `S10.0812${n}.1234`,
    status: 'forwarded',
    otomaxStatus: 21,
    otomaxDesc: 'Sukses Masuk Outbox',
    kodeInbox: 1000 + n,
    replyText: `Trx ${n} diproses`,
    replyStatus: 'sent',
    latencyMs: 120,
    error: null,
    ...over,
  };
}

export const openSession: SessionStatus = {
  sessionId: 's1',
  state: 'open',
  since: NOW,
  phone: '6281234567890',
  name: 'Toko Pulsa',
};

const ok = <T>(value: T): Result<T> => ({ ok: true, value });

function defaults(): Handlers {
  return {
    'app:info': () =>
      ok({
        version: '0.1.0',
        host: 'headless',
        dataDir: '/tmp/j',
        databasePath: '/tmp/j/db',
        keychain: { available: true },
        whatsappMode: 'simulated',
        apiUrl: 'http://127.0.0.1:3000',
      }),
    'session:get': () => ok(openSession),
    'forwarding:get': () => ok({ forwarding: true, autoReply: true }),
    'forwarding:set': ({ enabled }) => ok({ forwarding: enabled, autoReply: true }),
    'autoreply:set': ({ enabled }) => ok({ forwarding: true, autoReply: enabled }),
    'metrics:get': () => ok(metrics()),
    'banners:get': () => ok([]),
    'overall:get': () => ok({ level: 'ok', problems: [] }),
    'settings:get': () => ok(settingsView()),
    'log:page': () => ok({ rows: [flowRow(1), flowRow(2)], nextCursor: null, total: 2 }),
    'callback:get': () => ok({ url: 'http://127.0.0.1:3000/otomax/callback/s3cr3t' }),
    'broadcast:list': () => ok([]),
  };
}

export interface FakeApi extends ApiClient {
  calls: { name: CommandName; input: unknown }[];
  callsOf: <C extends CommandName>(name: C) => CommandInput<C>[];
  emit: <E extends EventName>(name: E, payload: Events[E]) => void;
  handle: <C extends CommandName>(name: C, h: Handler<C>) => void;
  listenerCount: () => number;
  /** Every language the window told the shell, in order. */
  shellLanguages: string[];
}

/** An Api from shared/api.ts with canned results, a call log and an event emitter. */
export function createFakeApi(handlers: Handlers = {}): FakeApi {
  const table: Handlers = { ...defaults(), ...handlers };
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const calls: { name: CommandName; input: unknown }[] = [];
  const info: ConnectionInfo = { state: 'ready', failures: 0, nextRetryAt: null, epoch: 1 };
  const shellLanguages: string[] = [];
  return {
    calls,
    shellLanguages,
    shellLanguage: (lang) => shellLanguages.push(lang),
    callsOf: <C extends CommandName>(name: C) =>
      calls.filter((c) => c.name === name).map((c) => c.input as CommandInput<C>),
    async invoke<C extends CommandName>(name: C, input: CommandInput<C>): Promise<Result<CommandOutput<C>>> {
      calls.push({ name, input });
      const h = table[name] as Handler<C> | undefined;
      if (!h) return { ok: false, error: { code: 'NOT_FOUND', message: `no fake for ${name}` } };
      return h(input);
    },
    on<E extends EventName>(name: E, listener: (payload: Events[E]) => void) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
    emit(name, payload) {
      for (const l of listeners.get(name) ?? []) l(payload);
    },
    handle(name, h) {
      (table as Record<string, unknown>)[name] = h;
    },
    listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
    connection: { get: () => info, subscribe: () => () => undefined },
    close: () => undefined,
  };
}
