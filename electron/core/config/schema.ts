import { z } from 'zod';
import type { SecretSettingKey, SettingKey, Settings } from '../../../shared/settings';

const bool = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])])
  .transform((v) => (typeof v === 'boolean' ? v : ['true', '1', 'yes', 'on'].includes(v)));
const int = (min: number, max: number) =>
  z
    .union([
      z.number(),
      z
        .string()
        .trim()
        .regex(/^-?\d+$/, 'expected a whole number')
        .transform(Number),
    ])
    .pipe(z.number().int().min(min).max(max));
const httpUrl = z
  .string()
  .trim()
  .url('expected a URL like http://host:port/')
  .refine((u) => /^https?:\/\//i.test(u), 'expected an http:// or https:// URL');
const optionalUrl = z.union([z.literal(''), httpUrl]);

/** One definition per setting: its schema, default, and the env var / flag that may set it. */
interface Definition {
  schema: z.ZodType<unknown>;
  default: unknown;
  env?: string;
  flag?: string;
  /** Expected form, for error lines. */
  form: string;
  restart?: boolean;
}

export const DEFINITIONS: Record<SettingKey, Definition> = {
  otomaxEnabled: { schema: bool, default: false, env: 'OTOMAX_ENABLED', flag: 'otomax-enabled', form: 'true or false' },
  otomaxApiUrl: {
    schema: httpUrl,
    default: 'http://localhost:5000/',
    env: 'OTOMAX_API_URL',
    flag: 'otomax-api-url',
    form: 'a URL like http://localhost:5000/',
  },
  otomaxAppId: {
    schema: z.string().trim().max(200),
    default: '',
    env: 'OTOMAX_APP_ID',
    flag: 'otomax-app-id',
    form: 'text',
  },
  otomaxDefaultReseller: {
    schema: z.string().trim().max(50),
    default: '',
    env: 'OTOMAX_DEFAULT_RESELLER',
    flag: 'otomax-default-reseller',
    form: 'a reseller code or empty',
  },
  otomaxDefaultKodeTerminal: {
    schema: int(0, 1_000_000),
    default: 1,
    env: 'OTOMAX_DEFAULT_KODE_TERMINAL',
    flag: 'otomax-default-kode-terminal',
    form: 'a whole number',
  },
  otomaxForwardIncoming: {
    schema: bool,
    default: true,
    env: 'OTOMAX_FORWARD_INCOMING',
    flag: 'otomax-forward-incoming',
    form: 'true or false',
  },
  otomaxForwardOutgoing: {
    schema: bool,
    default: false,
    env: 'OTOMAX_FORWARD_OUTGOING',
    flag: 'otomax-forward-outgoing',
    form: 'true or false',
  },
  otomaxForwardGroups: {
    schema: bool,
    default: false,
    env: 'OTOMAX_FORWARD_GROUPS',
    flag: 'otomax-forward-groups',
    form: 'true or false',
  },
  otomaxForwardMedia: {
    schema: bool,
    default: false,
    env: 'OTOMAX_FORWARD_MEDIA',
    flag: 'otomax-forward-media',
    form: 'true or false',
  },
  otomaxAutoReplyEnabled: {
    schema: bool,
    default: true,
    env: 'OTOMAX_AUTO_REPLY_ENABLED',
    flag: 'otomax-auto-reply-enabled',
    form: 'true or false',
  },
  otomaxReplyOnExpired: {
    schema: bool,
    default: true,
    env: 'OTOMAX_REPLY_ON_EXPIRED',
    flag: 'otomax-reply-on-expired',
    form: 'true or false',
  },
  otomaxTimeoutMs: {
    schema: int(1000, 120_000),
    default: 30_000,
    env: 'OTOMAX_TIMEOUT_MS',
    flag: 'otomax-timeout-ms',
    form: 'milliseconds, 1000 to 120000',
  },
  otomaxRetries: {
    schema: int(0, 10),
    default: 3,
    env: 'OTOMAX_RETRIES',
    flag: 'otomax-retries',
    form: 'a whole number 0 to 10',
  },
  otomaxConcurrency: {
    schema: int(1, 64),
    default: 8,
    env: 'OTOMAX_CONCURRENCY',
    flag: 'otomax-concurrency',
    form: 'a whole number 1 to 64',
  },
  callbackBaseUrl: {
    schema: optionalUrl,
    default: '',
    env: 'JEMBATAN_CALLBACK_BASE_URL',
    flag: 'callback-base-url',
    form: 'a URL like http://192.168.1.10:3000 or empty',
  },
  whatsapp: {
    schema: z.enum(['baileys', 'simulated']),
    default: 'baileys',
    env: 'JEMBATAN_WHATSAPP',
    flag: 'whatsapp',
    form: 'baileys or simulated',
    restart: true,
  },
  sendRatePerSecond: {
    schema: int(1, 50),
    default: 5,
    env: 'JEMBATAN_SEND_RATE',
    flag: 'send-rate',
    form: 'messages per second, 1 to 50',
  },
  replyLimitPerMinute: {
    schema: int(1, 600),
    default: 20,
    env: 'JEMBATAN_REPLY_LIMIT',
    flag: 'reply-limit',
    form: 'replies per chat per minute, 1 to 600',
  },
  outboxMaxAgeHours: {
    schema: int(1, 168),
    default: 6,
    env: 'JEMBATAN_OUTBOX_MAX_AGE_HOURS',
    flag: 'outbox-max-age-hours',
    form: 'hours, 1 to 168',
  },
  waVersion: {
    schema: z.union([z.literal(''), z.string().regex(/^\d+\.\d+\.\d+$/, 'expected a version like 2.3000.1023223821')]),
    default: '',
    env: 'JEMBATAN_WA_VERSION',
    flag: 'wa-version',
    form: 'a version like 2.3000.1023223821 or empty',
  },
  qontakApiUrl: {
    schema: httpUrl,
    default: 'https://api.mekari.com',
    env: 'QONTAK_API_URL',
    flag: 'qontak-api-url',
    form: 'a URL like https://api.mekari.com',
  },
  qontakClientId: {
    schema: z.string().trim().max(200),
    default: '',
    env: 'QONTAK_CLIENT_ID',
    flag: 'qontak-client-id',
    form: 'text',
  },
  qontakRatePerSecond: {
    schema: int(1, 20),
    default: 2,
    env: 'QONTAK_RATE',
    flag: 'qontak-rate',
    form: 'broadcasts per second, 1 to 20',
  },
  host: {
    schema: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .regex(/^[\w.:-]+$/, 'expected a host name or IP address'),
    default: '127.0.0.1',
    env: 'JEMBATAN_HOST',
    flag: 'host',
    form: 'a host name or IP address',
    restart: true,
  },
  port: {
    schema: int(0, 65535),
    default: 3000,
    env: 'JEMBATAN_PORT',
    flag: 'port',
    form: 'a port number 0 to 65535',
    restart: true,
  },
  dataDir: {
    schema: z.string().trim(),
    default: '',
    env: 'JEMBATAN_DATA_DIR',
    flag: 'data-dir',
    form: 'a folder path',
    restart: true,
  },
  retentionDays: {
    schema: int(1, 3650),
    default: 90,
    env: 'JEMBATAN_RETENTION_DAYS',
    flag: 'retention-days',
    form: 'days, 1 to 3650',
  },
  logLevel: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']),
    default: 'info',
    env: 'JEMBATAN_LOG_LEVEL',
    flag: 'log-level',
    form: 'fatal, error, warn, info, debug or trace',
  },
  debug: { schema: bool, default: false, env: 'DEBUG_MODE', flag: 'debug', form: 'true or false' },
};

/** Secrets: read from env/flags (used, never saved) or from the keychain. */
export const SECRET_DEFINITIONS: Record<
  SecretSettingKey,
  { env: string; flag: string; keychain: 'otomax.appKey' | 'otomax.devKey' | 'api.key' | 'qontak.clientSecret' }
> = {
  otomaxAppKey: { env: 'OTOMAX_APP_KEY', flag: 'otomax-app-key', keychain: 'otomax.appKey' },
  otomaxDevKey: { env: 'OTOMAX_DEV_KEY', flag: 'otomax-dev-key', keychain: 'otomax.devKey' },
  apiKey: { env: 'JEMBATAN_API_KEY', flag: 'api-key', keychain: 'api.key' },
  qontakClientSecret: { env: 'QONTAK_CLIENT_SECRET', flag: 'qontak-client-secret', keychain: 'qontak.clientSecret' },
};

/** Env-only switches that are not settings. */
export const EXTRA_ENV = { dataKey: 'JEMBATAN_DATA_KEY', simSentLog: 'JEMBATAN_SIM_SENT_LOG' } as const;

export const SETTING_KEYS = Object.keys(DEFINITIONS) as SettingKey[];

export function defaultSettings(): Settings {
  return Object.fromEntries(SETTING_KEYS.map((k) => [k, DEFINITIONS[k].default])) as unknown as Settings;
}

/** Validate one value; returns the parsed value or a message in the definition's words. */
export function parseSetting<K extends SettingKey>(
  key: K,
  raw: unknown,
): { ok: true; value: Settings[K] } | { ok: false; message: string } {
  const def = DEFINITIONS[key];
  const r = def.schema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data as Settings[K] };
  return { ok: false, message: `expected ${def.form}` };
}
