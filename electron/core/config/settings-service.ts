import { randomBytes } from 'node:crypto';
import type { FieldReason } from '../../../shared/settings-meta';
import type {
  SecretFlags,
  SecretSettingKey,
  SettingKey,
  SettingSource,
  Settings,
  SettingsPatch,
  SettingsView,
} from '../../../shared/settings';
import type { Clock } from '../kernel/clock';
import type { SettingsRepo } from '../db/settings-repo';
import { AppError } from '../kernel/errors';
import type { Logger } from '../kernel/logger';
import type { SecretStore } from '../secrets/secret-store';
import { type BootConfig, resolveSettings, validatePatch } from './load';
import { DEFINITIONS, parseSetting, SECRET_DEFINITIONS, SETTING_KEYS } from './schema';

export interface SettingsService {
  get(): Settings;
  /** Where each value in force came from (a flag or env var fixes it). */
  sources(): Record<SettingKey, SettingSource>;
  view(): Promise<SettingsView>;
  /** Validate and save; secrets go to the keychain. Throws AppError('VALIDATION') with `fields`. */
  save(patch: SettingsPatch): Promise<SettingsView>;
  /** A secret in force: flag/env first, then the keychain. */
  secret(key: SecretSettingKey): Promise<string | null>;
  /** The local API key, created (and kept in the keychain when there is one) on first use. */
  apiKey(): Promise<string>;
  rotateApiKey(): Promise<string>;
  onChange(listener: (settings: Settings, changed: SettingKey[]) => void): () => void;
}

export class ValidationError extends AppError {
  readonly fields: Record<string, string>;
  readonly reasons: Record<string, FieldReason>;
  constructor(fields: Record<string, { message: string; reason: FieldReason }>) {
    const first = Object.entries(fields)[0];
    super(
      'VALIDATION',
      first ? `${first[0]}: ${first[1].message}` : 'invalid settings',
      first ? { field: first[0] } : {},
    );
    this.fields = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.message]));
    this.reasons = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.reason]));
  }
}

export interface SettingsServiceDeps {
  boot: BootConfig;
  repo: SettingsRepo;
  secrets: SecretStore | null;
  clock: Clock;
  log: Logger;
}

export function createSettingsService(deps: SettingsServiceDeps): SettingsService {
  const { boot, repo, secrets, clock, log } = deps;
  let current = resolveSettings(boot, repo.all());
  let apiKeyInForce: Promise<string> | null = null;
  const listeners = new Set<(s: Settings, changed: SettingKey[]) => void>();

  const secret = async (key: SecretSettingKey): Promise<string | null> => {
    const fromBoot = boot.secrets[key];
    if (fromBoot) return fromBoot;
    if (!secrets) return null;
    try {
      return await secrets.get(SECRET_DEFINITIONS[key].keychain);
    } catch (e) {
      log.warn({ err: e, secret: key }, 'keychain read failed');
      return null;
    }
  };

  const flags = async (): Promise<SecretFlags> => ({
    hasOtomaxAppKey: Boolean(await secret('otomaxAppKey')),
    hasOtomaxDevKey: Boolean(await secret('otomaxDevKey')),
    hasApiKey: Boolean(boot.secrets.apiKey || apiKeyInForce || (await secret('apiKey'))),
    hasQontakClientSecret: Boolean(await secret('qontakClientSecret')),
  });

  const view = async (): Promise<SettingsView> => ({
    values: { ...current.values },
    secrets: await flags(),
    sources: { ...current.sources },
    restartRequired: SETTING_KEYS.filter((k) => DEFINITIONS[k].restart),
  });

  const service: SettingsService = {
    get: () => current.values,
    sources: () => current.sources,
    view,
    async save(patch) {
      const { otomaxAppKey, otomaxDevKey, apiKey, qontakClientSecret, ...plain } = patch;
      const checked = validatePatch(plain as Record<string, unknown>);
      const fieldErrors: Record<string, { message: string; reason: FieldReason }> = {};
      const refuse = (field: string, reason: FieldReason, message: string) =>
        (fieldErrors[field] = { message, reason });
      if (!checked.ok)
        for (const e of checked.errors)
          refuse(e.field, e.message === 'unknown setting' ? 'unknown' : 'invalid', e.message);
      const secretPatch: Partial<Record<SecretSettingKey, string>> = {
        otomaxAppKey,
        otomaxDevKey,
        apiKey,
        qontakClientSecret,
      };
      for (const [k, v] of Object.entries(secretPatch)) {
        if (v === undefined) continue;
        if (typeof v !== 'string' || v.length > 500 || /[\r\n]/.test(v))
          refuse(k, 'invalid', 'expected one line of text');
        else if (boot.secrets[k as SecretSettingKey])
          refuse(k, 'locked', `set by ${SECRET_DEFINITIONS[k as SecretSettingKey].env}; change it there`);
        else if (!secrets)
          refuse(
            k,
            'keychain',
            'the keychain is unavailable, so secrets cannot be saved; pass it as an environment variable',
          );
      }
      // A value fixed by a flag or env var cannot change here, whatever else in the patch is wrong.
      for (const k of Object.keys(plain).filter((f): f is SettingKey => Object.hasOwn(DEFINITIONS, f))) {
        const src = current.sources[k];
        const parsed = parseSetting(k, (plain as Record<string, unknown>)[k]);
        if ((src === 'flag' || src === 'env') && parsed.ok && parsed.value !== current.values[k]) {
          refuse(
            k,
            'locked',
            `set by ${src === 'flag' ? `--${DEFINITIONS[k].flag}` : DEFINITIONS[k].env}; change it there`,
          );
        }
      }
      if (Object.keys(fieldErrors).length) throw new ValidationError(fieldErrors);
      // Secrets first: if the keychain fails, no half-saved settings.
      for (const [k, v] of Object.entries(secretPatch) as [SecretSettingKey, string | undefined][]) {
        if (v === undefined || !secrets) continue;
        if (v === '') await secrets.delete(SECRET_DEFINITIONS[k].keychain);
        else await secrets.set(SECRET_DEFINITIONS[k].keychain, v);
        if (k === 'apiKey') apiKeyInForce = null;
      }
      const values = checked.ok ? checked.value : {};
      const changed = (Object.keys(values) as SettingKey[]).filter((k) => values[k] !== current.values[k]);
      if (Object.keys(values).length) repo.save(values, clock.now());
      current = resolveSettings(boot, repo.all());
      const secretChanged = Object.values(secretPatch).some((v) => v !== undefined);
      if (changed.length || secretChanged) {
        log.info(
          {
            changed,
            secrets: Object.keys(secretPatch).filter((k) => secretPatch[k as SecretSettingKey] !== undefined),
          },
          'settings saved',
        );
        for (const l of listeners) l(current.values, changed);
      }
      return view();
    },
    secret,
    apiKey() {
      // Read once and kept: every REST request asks. A failed keychain read is an error, never a reason to
      // mint a new key (that would lock out every client holding the old one).
      apiKeyInForce ??= (async () => {
        if (boot.secrets.apiKey) return boot.secrets.apiKey;
        if (!secrets) {
          log.warn('no keychain and no JEMBATAN_API_KEY: the local API key lasts only for this run');
          return randomBytes(24).toString('base64url');
        }
        const saved = await secrets.get('api.key');
        if (saved) return saved;
        const fresh = randomBytes(24).toString('base64url');
        await secrets.set('api.key', fresh);
        return fresh;
      })();
      apiKeyInForce.catch(() => (apiKeyInForce = null));
      return apiKeyInForce;
    },
    async rotateApiKey() {
      if (boot.secrets.apiKey)
        throw new AppError('CONFLICT', 'the API key is set by JEMBATAN_API_KEY or --api-key; change it there');
      const fresh = randomBytes(24).toString('base64url');
      if (secrets) await secrets.set('api.key', fresh);
      apiKeyInForce = Promise.resolve(fresh);
      return fresh;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return service;
}
