import { useCallback, useMemo, useState } from 'react';
import type { SettingKey, SettingsPatch, SettingsView } from '../../../shared/settings';
import type { ResultError } from '../../../shared/result';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/ApiContext';
import { fieldMessage } from '../lib/field-message';
import {
  buildPatch,
  toDraft,
  type EditableSecret,
  type SecretsDraft,
  type SettingsDraft,
} from '../lib/settings-fields';
import { useLoad } from './useCommand';
import { useEvent } from './useEvent';

export interface SettingsForm {
  view: SettingsView | null;
  loadError: ResultError | null;
  value: (key: SettingKey) => string;
  setValue: (key: SettingKey, value: string) => void;
  secret: (key: EditableSecret) => string | null | undefined;
  setSecret: (key: EditableSecret, value: string | null) => void;
  /** Each bad field's message (from settings:save's error.fields), in the window's language. */
  errors: Record<string, string>;
  error: ResultError | null;
  dirty: boolean;
  /** What changed, as settings:save would get it ("Uji koneksi" tests these values before they are saved). */
  patch: SettingsPatch;
  saving: boolean;
  /** Keys saved last time that only apply after a restart. */
  needsRestart: SettingKey[];
  savedAt: number | null;
  /** Resolves to the fields at fault when the engine refused, else null. */
  save: () => Promise<Record<string, string> | null>;
  reset: () => void;
}

/** The settings form: a draft over the engine's values, saved as one patch of what changed. */
export function useSettingsForm(): SettingsForm {
  const api = useApi();
  const { t } = useTranslation();
  const loaded = useLoad('settings:get', undefined);
  const [draft, setDraft] = useState<SettingsDraft>({});
  const [secrets, setSecrets] = useState<SecretsDraft>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ResultError | null>(null);
  const [saving, setSaving] = useState(false);
  const [needsRestart, setNeedsRestart] = useState<SettingKey[]>([]);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const view = loaded.value;

  // Another window, the tray or the engine changed settings: new base values; the owner's edits stay on top.
  useEvent('settings:changed', loaded.set);

  const patch = useMemo(() => (view ? buildPatch(view.values, draft, secrets) : {}), [view, draft, secrets]);

  const clearError = (key: string) =>
    setErrors((e) => {
      if (!(key in e)) return e;
      const next = { ...e };
      delete next[key];
      return next;
    });

  const save = useCallback(async () => {
    if (!view || Object.keys(patch).length === 0) return null;
    setSaving(true);
    setSavedAt(null);
    const r = await api.invoke('settings:save', patch);
    setSaving(false);
    if (r.ok) {
      loaded.set(r.value);
      setDraft({});
      setSecrets({});
      setErrors({});
      setError(null);
      setNeedsRestart((Object.keys(patch) as SettingKey[]).filter((k) => r.value.restartRequired.includes(k)));
      setSavedAt(Date.now());
      return null;
    }
    const raw = r.error.fields ?? (r.error.field ? { [r.error.field]: r.error.message } : {});
    const reasons = r.error.fieldReasons ?? {};
    const fields = Object.fromEntries(Object.entries(raw).map(([k, m]) => [k, fieldMessage(t, k, m, reasons[k])]));
    setError(r.error);
    setErrors(fields);
    return fields;
  }, [api, view, patch, loaded, t]);

  const reset = useCallback(() => {
    setDraft({});
    setSecrets({});
    setErrors({});
    setError(null);
  }, []);

  return {
    view,
    loadError: loaded.error,
    value: (key) => draft[key] ?? (view ? toDraft(view.values[key]) : ''),
    setValue: (key, value) => {
      setDraft((d) => ({ ...d, [key]: value }));
      setSavedAt(null);
      clearError(key);
    },
    secret: (key) => secrets[key],
    setSecret: (key, value) => {
      setSecrets((s) => ({ ...s, [key]: value }));
      setSavedAt(null);
      clearError(key);
    },
    errors,
    error,
    dirty: Object.keys(patch).length > 0,
    patch,
    saving,
    needsRestart,
    savedAt,
    save,
    reset,
  };
}
