import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { SecretSettingKey, SettingKey, Settings, SettingSource } from '../../../shared/settings';
import { AppError } from '../kernel/errors';
import { parseDataKey } from '../secrets/data-key';
import {
  BOOT_FLAGS,
  DEFINITIONS,
  EXTRA_ENV,
  SECRET_DEFINITIONS,
  SETTING_KEYS,
  defaultSettings,
  parseSetting,
} from './schema';

export type Env = Record<string, string | undefined>;

/** What start-up knows before the database is open: flags and env vars, validated. */
export interface BootConfig {
  /** Values set by a flag or env var, already parsed. */
  overrides: Partial<Settings>;
  sources: Partial<Record<SettingKey, 'flag' | 'env'>>;
  /** Secrets from flags/env: used for this run, never saved. */
  secrets: Partial<Record<SecretSettingKey, string>>;
  dataKey: string | undefined;
  /** Simulated WhatsApp only: a file that records every send (crash tests). */
  simSentLog: string | undefined;
  /** Simulated WhatsApp only: the WebSocket (ws:// or wss://) each simulated number takes its messages from. */
  simFeed: string | undefined;
  /** Where the database and logs live. */
  dataDir: string;
}

const FLAG_TO_KEY = new Map<string, SettingKey>(
  SETTING_KEYS.flatMap((k) => (DEFINITIONS[k].flag ? [[DEFINITIONS[k].flag as string, k] as const] : [])),
);
const FLAG_TO_SECRET = new Map<string, SecretSettingKey>(
  (Object.keys(SECRET_DEFINITIONS) as SecretSettingKey[]).map((k) => [SECRET_DEFINITIONS[k].flag, k]),
);

const BOOT_FLAG_NAMES = new Set<string>(Object.values(BOOT_FLAGS).map((f) => f.flag));

/** A ws:// or wss:// URL. */
const wsUrl = z
  .string()
  .trim()
  .url()
  .refine((u) => /^wss?:\/\//i.test(u));

/** Parse `--name=value`, `--name value` and bare `--name` (true). Unknown flags are an error. */
export function parseFlags(argv: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--'))
      throw new AppError('CONFIG_INVALID', `unexpected argument "${arg}": flags look like --port=3000`);
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (!FLAG_TO_KEY.has(name) && !FLAG_TO_SECRET.has(name) && !BOOT_FLAG_NAMES.has(name)) {
      throw new AppError('CONFIG_INVALID', `unknown flag --${name} (see README: Configuration)`, { field: name });
    }
    let value: string;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !(argv[i + 1] as string).startsWith('--')) value = argv[++i] as string;
    else value = 'true';
    out.set(name, value);
  }
  return out;
}

export function defaultDataDir(env: Env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Jembatan');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Jembatan');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Jembatan');
}

/**
 * Read flags and env vars. A bad value stops start-up with one line naming the variable and the expected form.
 * Precedence: flag > env > (saved setting, applied later by resolveSettings) > default.
 */
export function loadBootConfig(argv: readonly string[], env: Env): BootConfig {
  const flags = parseFlags(argv);
  const overrides: Partial<Record<SettingKey, unknown>> = {};
  const sources: BootConfig['sources'] = {};
  for (const key of SETTING_KEYS) {
    const def = DEFINITIONS[key];
    const fromFlag = def.flag ? flags.get(def.flag) : undefined;
    const fromEnv = def.env ? env[def.env] : undefined;
    const raw = fromFlag ?? (fromEnv === '' ? undefined : fromEnv);
    if (raw === undefined) continue;
    const parsed = parseSetting(key, raw);
    const name = fromFlag !== undefined ? `--${def.flag}` : (def.env as string);
    if (!parsed.ok) throw new AppError('CONFIG_INVALID', `${name}: ${parsed.message}, got "${raw}"`, { field: key });
    overrides[key] = parsed.value;
    sources[key] = fromFlag !== undefined ? 'flag' : 'env';
  }
  const secrets: BootConfig['secrets'] = {};
  for (const key of Object.keys(SECRET_DEFINITIONS) as SecretSettingKey[]) {
    const def = SECRET_DEFINITIONS[key];
    const value = flags.get(def.flag) ?? env[def.env];
    if (value !== undefined && value !== '') secrets[key] = value;
  }
  const dataDir = (overrides.dataDir as string | undefined) || defaultDataDir(env);
  const dataKey = env[EXTRA_ENV.dataKey] || undefined;
  // A malformed key stops start-up here, like any other bad value, instead of WhatsApp staying off later.
  if (dataKey !== undefined) parseDataKey(dataKey);
  const simFeedDef = BOOT_FLAGS.simFeed;
  const simFeedFlag = flags.get(simFeedDef.flag);
  const simFeedRaw = simFeedFlag ?? (env[simFeedDef.env] || undefined);
  let simFeed: string | undefined;
  if (simFeedRaw !== undefined) {
    const parsed = wsUrl.safeParse(simFeedRaw);
    const name = simFeedFlag !== undefined ? `--${simFeedDef.flag}` : simFeedDef.env;
    if (!parsed.success) {
      throw new AppError('CONFIG_INVALID', `${name}: expected ${simFeedDef.form}, got "${simFeedRaw}"`, {
        field: 'simFeed',
      });
    }
    simFeed = parsed.data;
  }
  return {
    overrides: overrides as Partial<Settings>,
    sources,
    secrets,
    dataKey,
    simSentLog: env[EXTRA_ENV.simSentLog] || undefined,
    simFeed,
    dataDir,
  };
}

/** Combine default < saved < env < flag. Saved values that no longer validate fall back to the default. */
export function resolveSettings(
  boot: BootConfig,
  saved: Partial<Record<SettingKey, unknown>>,
): { values: Settings; sources: Record<SettingKey, SettingSource> } {
  const values = defaultSettings();
  const sources = Object.fromEntries(SETTING_KEYS.map((k) => [k, 'default'])) as Record<SettingKey, SettingSource>;
  const target = values as unknown as Record<SettingKey, unknown>;
  for (const key of SETTING_KEYS) {
    if (key in saved) {
      const parsed = parseSetting(key, saved[key]);
      if (parsed.ok) {
        target[key] = parsed.value;
        sources[key] = 'saved';
      }
    }
    if (key in boot.overrides) {
      target[key] = boot.overrides[key];
      sources[key] = boot.sources[key] ?? 'env';
    }
  }
  values.dataDir = boot.dataDir;
  return { values, sources };
}

/** Validate a patch from the UI or API: every field checked, every bad one reported. */
export function validatePatch(
  patch: Record<string, unknown>,
): { ok: true; value: Partial<Settings> } | { ok: false; errors: { field: string; message: string }[] } {
  const errors: { field: string; message: string }[] = [];
  const value: Partial<Record<SettingKey, unknown>> = {};
  for (const [field, raw] of Object.entries(patch)) {
    if (Object.hasOwn(SECRET_DEFINITIONS, field)) continue;
    if (!Object.hasOwn(DEFINITIONS, field)) {
      errors.push({ field, message: 'unknown setting' });
      continue;
    }
    const parsed = parseSetting(field as SettingKey, raw);
    if (parsed.ok) value[field as SettingKey] = parsed.value;
    else errors.push({ field, message: parsed.message });
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: value as Partial<Settings> };
}
