import type { SecretSettingKey, SettingKey, Settings, SettingsPatch } from '../../../shared/settings';

/**
 * How each setting is edited. Mirrors electron/core/config/schema.ts (the renderer may not import the engine):
 * the Record type makes the compiler demand an entry for every setting, the env/flag names are shown next to
 * values an operator fixed from outside.
 */
export type FieldKind =
  | { kind: 'bool' }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'url'; optional?: boolean }
  | { kind: 'text' }
  | { kind: 'enum'; options: readonly string[] };

export type SectionId = 'otomax' | 'forwarding' | 'callback' | 'whatsapp' | 'qontak' | 'app';

export interface FieldSpec {
  section: SectionId;
  field: FieldKind;
  env: string;
  flag: string;
}

const bool = { kind: 'bool' } as const;
const int = (min: number, max: number) => ({ kind: 'int', min, max }) as const;
const text = { kind: 'text' } as const;

export const FIELDS: Record<SettingKey, FieldSpec> = {
  otomaxEnabled: { section: 'otomax', field: bool, env: 'OTOMAX_ENABLED', flag: 'otomax-enabled' },
  otomaxApiUrl: { section: 'otomax', field: { kind: 'url' }, env: 'OTOMAX_API_URL', flag: 'otomax-api-url' },
  otomaxAppId: { section: 'otomax', field: text, env: 'OTOMAX_APP_ID', flag: 'otomax-app-id' },
  otomaxDefaultReseller: {
    section: 'otomax',
    field: text,
    env: 'OTOMAX_DEFAULT_RESELLER',
    flag: 'otomax-default-reseller',
  },
  otomaxDefaultKodeTerminal: {
    section: 'otomax',
    field: int(0, 1_000_000),
    env: 'OTOMAX_DEFAULT_KODE_TERMINAL',
    flag: 'otomax-default-kode-terminal',
  },
  otomaxForwardIncoming: {
    section: 'forwarding',
    field: bool,
    env: 'OTOMAX_FORWARD_INCOMING',
    flag: 'otomax-forward-incoming',
  },
  otomaxForwardOutgoing: {
    section: 'forwarding',
    field: bool,
    env: 'OTOMAX_FORWARD_OUTGOING',
    flag: 'otomax-forward-outgoing',
  },
  otomaxForwardGroups: {
    section: 'forwarding',
    field: bool,
    env: 'OTOMAX_FORWARD_GROUPS',
    flag: 'otomax-forward-groups',
  },
  otomaxForwardMedia: { section: 'forwarding', field: bool, env: 'OTOMAX_FORWARD_MEDIA', flag: 'otomax-forward-media' },
  otomaxAutoReplyEnabled: {
    section: 'forwarding',
    field: bool,
    env: 'OTOMAX_AUTO_REPLY_ENABLED',
    flag: 'otomax-auto-reply-enabled',
  },
  otomaxReplyOnExpired: {
    section: 'forwarding',
    field: bool,
    env: 'OTOMAX_REPLY_ON_EXPIRED',
    flag: 'otomax-reply-on-expired',
  },
  otomaxTimeoutMs: {
    section: 'forwarding',
    field: int(1000, 120_000),
    env: 'OTOMAX_TIMEOUT_MS',
    flag: 'otomax-timeout-ms',
  },
  otomaxRetries: { section: 'forwarding', field: int(0, 10), env: 'OTOMAX_RETRIES', flag: 'otomax-retries' },
  otomaxConcurrency: {
    section: 'forwarding',
    field: int(1, 64),
    env: 'OTOMAX_CONCURRENCY',
    flag: 'otomax-concurrency',
  },
  callbackBaseUrl: {
    section: 'callback',
    field: { kind: 'url', optional: true },
    env: 'JEMBATAN_CALLBACK_BASE_URL',
    flag: 'callback-base-url',
  },
  whatsapp: {
    section: 'whatsapp',
    field: { kind: 'enum', options: ['baileys', 'simulated'] },
    env: 'JEMBATAN_WHATSAPP',
    flag: 'whatsapp',
  },
  sendRatePerSecond: { section: 'whatsapp', field: int(1, 50), env: 'JEMBATAN_SEND_RATE', flag: 'send-rate' },
  replyLimitPerMinute: { section: 'whatsapp', field: int(1, 600), env: 'JEMBATAN_REPLY_LIMIT', flag: 'reply-limit' },
  outboxMaxAgeHours: {
    section: 'whatsapp',
    field: int(1, 168),
    env: 'JEMBATAN_OUTBOX_MAX_AGE_HOURS',
    flag: 'outbox-max-age-hours',
  },
  waVersion: { section: 'whatsapp', field: text, env: 'JEMBATAN_WA_VERSION', flag: 'wa-version' },
  qontakApiUrl: { section: 'qontak', field: { kind: 'url' }, env: 'QONTAK_API_URL', flag: 'qontak-api-url' },
  qontakClientId: { section: 'qontak', field: text, env: 'QONTAK_CLIENT_ID', flag: 'qontak-client-id' },
  qontakRatePerSecond: { section: 'qontak', field: int(1, 20), env: 'QONTAK_RATE', flag: 'qontak-rate' },
  host: { section: 'app', field: text, env: 'JEMBATAN_HOST', flag: 'host' },
  port: { section: 'app', field: int(0, 65535), env: 'JEMBATAN_PORT', flag: 'port' },
  dataDir: { section: 'app', field: text, env: 'JEMBATAN_DATA_DIR', flag: 'data-dir' },
  retentionDays: { section: 'app', field: int(1, 3650), env: 'JEMBATAN_RETENTION_DAYS', flag: 'retention-days' },
  logLevel: {
    section: 'app',
    field: { kind: 'enum', options: ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] },
    env: 'JEMBATAN_LOG_LEVEL',
    flag: 'log-level',
  },
  debug: { section: 'app', field: bool, env: 'DEBUG_MODE', flag: 'debug' },
};

export const SECTIONS: readonly SectionId[] = ['otomax', 'forwarding', 'callback', 'whatsapp', 'qontak', 'app'];

/** Secrets edited in each section (apiKey has its own card: it is created, never typed). */
export const SECRET_FIELDS: Partial<Record<SectionId, readonly EditableSecret[]>> = {
  otomax: ['otomaxAppKey', 'otomaxDevKey'],
  qontak: ['qontakClientSecret'],
};

export const SECRET_FLAG = {
  otomaxAppKey: 'hasOtomaxAppKey',
  otomaxDevKey: 'hasOtomaxDevKey',
  qontakClientSecret: 'hasQontakClientSecret',
} as const;

export function fieldsOf(section: SectionId): SettingKey[] {
  return (Object.keys(FIELDS) as SettingKey[]).filter((k) => FIELDS[k].section === section);
}

export type SettingsDraft = Partial<Record<SettingKey, string>>;
export type EditableSecret = Exclude<SecretSettingKey, 'apiKey'>;
export type SecretsDraft = Partial<Record<EditableSecret, string | null>>;

/** The form keeps every value as the text of its input; this is what the input shows for a value. */
export function toDraft(value: Settings[SettingKey]): string {
  return typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value);
}

/**
 * Only what the owner changed goes to settings:save. Numbers that do not parse go as typed so the engine's
 * validation names the problem next to the field.
 */
export function buildPatch(values: Settings, draft: SettingsDraft, secrets: SecretsDraft): SettingsPatch {
  const patch: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(draft) as [SettingKey, string][]) {
    if (raw === toDraft(values[key])) continue;
    const kind = FIELDS[key].field.kind;
    if (kind === 'bool') patch[key] = raw === 'true';
    else if (kind === 'int') patch[key] = /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    else patch[key] = raw;
  }
  for (const [key, value] of Object.entries(secrets)) {
    // null = the owner pressed "remove" ('' deletes on the engine side); an emptied input changes nothing.
    if (value === null) patch[key] = '';
    else if (value) patch[key] = value;
  }
  return patch as SettingsPatch;
}
