import type { SecretSettingKey, SettingKey, Settings, SettingsPatch } from '../../../shared/settings';
import { SETTINGS_META, type SettingKind, type SettingMeta, type SettingSection } from '../../../shared/settings-meta';

/** How each setting is edited: shared/settings-meta.ts, the same description the engine validates with. */
export type FieldKind = SettingKind;
export type SectionId = SettingSection;
export type FieldSpec = SettingMeta;
export const FIELDS: Record<SettingKey, FieldSpec> = SETTINGS_META;

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
