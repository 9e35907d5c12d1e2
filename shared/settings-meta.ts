import type { SecretSettingKey, SettingKey, Settings } from './settings';

/**
 * Every setting described once, as plain data: the engine builds its validation from it
 * (electron/core/config/schema.ts) and the window its form (renderer/src/lib/settings-fields.ts).
 */
export type SettingSection = 'otomax' | 'forwarding' | 'callback' | 'whatsapp' | 'qontak' | 'app';

export type SettingKind =
  | { kind: 'bool' }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'url'; optional?: boolean }
  /** pattern: a regular expression source the whole value must match; optional: '' is allowed too. */
  | { kind: 'text'; max: number; min?: number; pattern?: string; optional?: boolean; multiline?: boolean }
  | { kind: 'enum'; options: readonly string[] };

export interface SettingMeta<K extends SettingKey = SettingKey> {
  section: SettingSection;
  field: SettingKind;
  default: Settings[K];
  env: string;
  flag: string;
  /** The expected form, in English, for start-up errors and API answers. */
  form: string;
  /** Takes effect after a restart. */
  restart?: boolean;
}

/** Why a field was refused (the window says it in the owner's language). */
export type FieldReason = 'invalid' | 'locked' | 'keychain' | 'unknown';

const bool = { kind: 'bool' } as const;
const int = (min: number, max: number) => ({ kind: 'int', min, max }) as const;
/** Switches: the README's Configuration table says the same words (test/core/foundation/config.test.ts). */
export const BOOL_FORM = 'true or false (also yes/no, 1/0, on/off)';
const onOff = BOOL_FORM;

export const SETTINGS_META: { [K in SettingKey]: SettingMeta<K> } = {
  otomaxEnabled: {
    section: 'otomax',
    field: bool,
    default: false,
    env: 'OTOMAX_ENABLED',
    flag: 'otomax-enabled',
    form: onOff,
  },
  otomaxApiUrl: {
    section: 'otomax',
    field: { kind: 'url' },
    default: 'http://localhost:5000/',
    env: 'OTOMAX_API_URL',
    flag: 'otomax-api-url',
    form: 'a URL like http://localhost:5000/',
  },
  otomaxAppId: {
    section: 'otomax',
    field: { kind: 'text', max: 200 },
    default: '',
    env: 'OTOMAX_APP_ID',
    flag: 'otomax-app-id',
    form: 'text',
  },
  otomaxDefaultReseller: {
    section: 'otomax',
    field: { kind: 'text', max: 50 },
    default: '',
    env: 'OTOMAX_DEFAULT_RESELLER',
    flag: 'otomax-default-reseller',
    form: 'a reseller code or empty',
  },
  otomaxDefaultKodeTerminal: {
    section: 'otomax',
    field: int(0, 1_000_000),
    default: 1,
    env: 'OTOMAX_DEFAULT_KODE_TERMINAL',
    flag: 'otomax-default-kode-terminal',
    form: 'a whole number',
  },
  otomaxForwardIncoming: {
    section: 'forwarding',
    field: bool,
    default: true,
    env: 'OTOMAX_FORWARD_INCOMING',
    flag: 'otomax-forward-incoming',
    form: onOff,
  },
  otomaxForwardOutgoing: {
    section: 'forwarding',
    field: bool,
    default: false,
    env: 'OTOMAX_FORWARD_OUTGOING',
    flag: 'otomax-forward-outgoing',
    form: onOff,
  },
  otomaxForwardGroups: {
    section: 'forwarding',
    field: bool,
    default: false,
    env: 'OTOMAX_FORWARD_GROUPS',
    flag: 'otomax-forward-groups',
    form: onOff,
  },
  otomaxForwardMedia: {
    section: 'forwarding',
    field: bool,
    default: false,
    env: 'OTOMAX_FORWARD_MEDIA',
    flag: 'otomax-forward-media',
    form: onOff,
  },
  otomaxAutoReplyEnabled: {
    section: 'forwarding',
    field: bool,
    default: true,
    env: 'OTOMAX_AUTO_REPLY_ENABLED',
    flag: 'otomax-auto-reply-enabled',
    form: onOff,
  },
  otomaxReplyOnExpired: {
    section: 'forwarding',
    field: bool,
    default: true,
    env: 'OTOMAX_REPLY_ON_EXPIRED',
    flag: 'otomax-reply-on-expired',
    form: onOff,
  },
  otomaxCheckReply: {
    section: 'forwarding',
    field: { kind: 'text', max: 1000, optional: true },
    default: 'Transaksi Anda sedang kami cek. Mohon jangan kirim ulang dulu; kami kabari segera.',
    env: 'OTOMAX_CHECK_REPLY',
    flag: 'otomax-check-reply',
    form: 'the text sent once when OtomaX may or may not have a message, or empty for none',
  },
  otomaxLateNotice: {
    section: 'forwarding',
    field: { kind: 'text', min: 1, max: 1000, multiline: true },
    default: 'Maaf, pesan Anda terlambat kami terima sehingga tidak diproses. Silakan kirim ulang pesan Anda.',
    env: 'OTOMAX_LATE_NOTICE',
    flag: 'otomax-late-notice',
    form: 'text, 1 to 1000 characters',
  },
  otomaxTroubleNotice: {
    section: 'forwarding',
    field: { kind: 'text', min: 1, max: 1000, multiline: true },
    default:
      'Maaf, server kami sedang mengalami gangguan sehingga pesan Anda belum diproses. Silakan kirim ulang beberapa saat lagi.',
    env: 'OTOMAX_TROUBLE_NOTICE',
    flag: 'otomax-trouble-notice',
    form: 'text, 1 to 1000 characters',
  },
  otomaxTimeoutMs: {
    section: 'forwarding',
    field: int(1000, 120_000),
    default: 30_000,
    env: 'OTOMAX_TIMEOUT_MS',
    flag: 'otomax-timeout-ms',
    form: 'milliseconds, 1000 to 120000',
  },
  otomaxRetries: {
    section: 'forwarding',
    field: int(0, 10),
    default: 3,
    env: 'OTOMAX_RETRIES',
    flag: 'otomax-retries',
    form: 'a whole number 0 to 10',
  },
  otomaxConcurrency: {
    section: 'forwarding',
    field: int(1, 64),
    default: 8,
    env: 'OTOMAX_CONCURRENCY',
    flag: 'otomax-concurrency',
    form: 'a whole number 1 to 64',
  },
  callbackBaseUrl: {
    section: 'callback',
    field: { kind: 'url', optional: true },
    default: '',
    env: 'JEMBATAN_CALLBACK_BASE_URL',
    flag: 'callback-base-url',
    form: 'a URL like http://192.168.1.10:3000 or empty',
  },
  whatsapp: {
    section: 'whatsapp',
    field: { kind: 'enum', options: ['baileys', 'simulated'] },
    default: 'baileys',
    env: 'JEMBATAN_WHATSAPP',
    flag: 'whatsapp',
    form: 'baileys or simulated',
    restart: true,
  },
  sendRatePerSecond: {
    section: 'whatsapp',
    field: int(1, 50),
    // 1/s with ±25% jitter: Baileys #1248 sees rate-overlimit (429) at about 3/s. See docs/whatsapp.md.
    default: 1,
    env: 'JEMBATAN_SEND_RATE',
    flag: 'send-rate',
    form: 'messages per second, 1 to 50',
  },
  replyLimitPerMinute: {
    section: 'whatsapp',
    field: int(1, 600),
    default: 20,
    env: 'JEMBATAN_REPLY_LIMIT',
    flag: 'reply-limit',
    form: 'replies per chat per minute, 1 to 600',
  },
  outboxMaxAgeHours: {
    section: 'whatsapp',
    field: int(1, 168),
    default: 6,
    env: 'JEMBATAN_OUTBOX_MAX_AGE_HOURS',
    flag: 'outbox-max-age-hours',
    form: 'hours, 1 to 168',
  },
  waVersion: {
    section: 'whatsapp',
    field: { kind: 'text', max: 40, pattern: '\\d+\\.\\d+\\.\\d+', optional: true },
    default: '',
    env: 'JEMBATAN_WA_VERSION',
    flag: 'wa-version',
    form: 'a version like 2.3000.1023223821 or empty',
  },
  qontakApiUrl: {
    section: 'qontak',
    field: { kind: 'url' },
    default: 'https://api.mekari.com',
    env: 'QONTAK_API_URL',
    flag: 'qontak-api-url',
    form: 'a URL like https://api.mekari.com',
  },
  qontakClientId: {
    section: 'qontak',
    field: { kind: 'text', max: 200 },
    default: '',
    env: 'QONTAK_CLIENT_ID',
    flag: 'qontak-client-id',
    form: 'text',
  },
  qontakRatePerSecond: {
    section: 'qontak',
    field: int(1, 20),
    default: 2,
    env: 'QONTAK_RATE',
    flag: 'qontak-rate',
    form: 'broadcasts per second, 1 to 20',
  },
  host: {
    section: 'app',
    field: { kind: 'text', min: 1, max: 255, pattern: '[\\w.:-]+' },
    default: '127.0.0.1',
    env: 'JEMBATAN_HOST',
    flag: 'host',
    form: 'a host name or IP address',
    restart: true,
  },
  port: {
    section: 'app',
    field: int(0, 65535),
    default: 3000,
    env: 'JEMBATAN_PORT',
    flag: 'port',
    form: 'a port number 0 to 65535',
    restart: true,
  },
  dataDir: {
    section: 'app',
    field: { kind: 'text', max: 4096 },
    default: '',
    env: 'JEMBATAN_DATA_DIR',
    flag: 'data-dir',
    form: 'a folder path',
    restart: true,
  },
  retentionDays: {
    section: 'app',
    field: int(1, 3650),
    default: 90,
    env: 'JEMBATAN_RETENTION_DAYS',
    flag: 'retention-days',
    form: 'days, 1 to 3650',
  },
  logLevel: {
    section: 'app',
    field: { kind: 'enum', options: ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] },
    default: 'info',
    env: 'JEMBATAN_LOG_LEVEL',
    flag: 'log-level',
    form: 'fatal, error, warn, info, debug or trace',
  },
  debug: { section: 'app', field: bool, default: false, env: 'DEBUG_MODE', flag: 'debug', form: onOff },
};

/** Secrets: set by env var or flag (used, never saved) or kept in the keychain. */
export const SECRET_META: Record<SecretSettingKey, { env: string; flag: string }> = {
  otomaxAppKey: { env: 'OTOMAX_APP_KEY', flag: 'otomax-app-key' },
  otomaxDevKey: { env: 'OTOMAX_DEV_KEY', flag: 'otomax-dev-key' },
  apiKey: { env: 'JEMBATAN_API_KEY', flag: 'api-key' },
  qontakClientSecret: { env: 'QONTAK_CLIENT_SECRET', flag: 'qontak-client-secret' },
};
