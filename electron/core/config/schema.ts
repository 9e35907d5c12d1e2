import { z } from 'zod';
import type { SecretSettingKey, SettingKey, Settings } from '../../../shared/settings';
import { SECRET_META, SETTINGS_META, type SettingKind, type SettingMeta } from '../../../shared/settings-meta';

// The words BOOL_FORM promises, in any case ("Yes", "TRUE" from a Windows env file).
const bool = z
  .union([
    z.boolean(),
    z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
      z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']),
    ),
  ])
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

/** One definition per setting: its schema, plus what shared/settings-meta.ts says of it. */
interface Definition {
  schema: z.ZodType<unknown>;
  default: unknown;
  env: string;
  flag: string;
  /** Expected form, for error lines. */
  form: string;
  restart?: boolean;
}

function schemaFor(field: SettingKind): z.ZodType<unknown> {
  switch (field.kind) {
    case 'bool':
      return bool;
    case 'int':
      return int(field.min, field.max);
    case 'url':
      return field.optional ? optionalUrl : httpUrl;
    case 'enum':
      return z.enum(field.options as [string, ...string[]]);
    case 'text': {
      let text = z
        .string()
        .trim()
        .min(field.min ?? 0)
        .max(field.max);
      if (field.pattern) text = text.regex(new RegExp(`^(?:${field.pattern})$`));
      return field.optional ? z.union([z.literal(''), text]) : text;
    }
  }
}

export const DEFINITIONS = Object.fromEntries(
  (Object.entries(SETTINGS_META) as [SettingKey, SettingMeta][]).map(([key, m]) => [
    key,
    {
      schema: schemaFor(m.field),
      default: m.default,
      env: m.env,
      flag: m.flag,
      form: m.form,
      ...(m.restart ? { restart: true } : {}),
    },
  ]),
) as Record<SettingKey, Definition>;

/** Secrets: read from env/flags (used, never saved) or from the keychain. */
type KeychainName = 'otomax.appKey' | 'otomax.devKey' | 'api.key' | 'qontak.clientSecret';
const KEYCHAIN_NAME: Record<SecretSettingKey, KeychainName> = {
  otomaxAppKey: 'otomax.appKey',
  otomaxDevKey: 'otomax.devKey',
  apiKey: 'api.key',
  qontakClientSecret: 'qontak.clientSecret',
};
export const SECRET_DEFINITIONS = Object.fromEntries(
  (Object.keys(SECRET_META) as SecretSettingKey[]).map((k) => [k, { ...SECRET_META[k], keychain: KEYCHAIN_NAME[k] }]),
) as Record<SecretSettingKey, { env: string; flag: string; keychain: KeychainName }>;

/** Env-only switches that are not settings. */
export const EXTRA_ENV = { dataKey: 'JEMBATAN_DATA_KEY', simSentLog: 'JEMBATAN_SIM_SENT_LOG' } as const;

/**
 * Start-up switches for development and the bench that are not settings (never saved, not in the window): a flag and
 * its env var, flag first, like a setting's.
 */
export const BOOT_FLAGS = {
  /** --whatsapp=simulated only: each simulated number takes its messages from this WebSocket (whatsapp/sim-feed.ts). */
  simFeed: {
    flag: 'whatsapp-sim-feed',
    env: 'JEMBATAN_WHATSAPP_SIM_FEED',
    form: 'a URL like ws://127.0.0.1:4000/feed',
  },
} as const;

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
