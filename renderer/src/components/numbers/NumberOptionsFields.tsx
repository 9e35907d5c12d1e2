import { useTranslation } from 'react-i18next';
import type { WaNumberOptions } from '../../../../shared/dto';
import { Field } from '../Field';

/** The on/off options a number may set for itself; each null = "follow the general settings". */
export const SWITCH_OPTIONS = [
  'forwardIncoming',
  'forwardOutgoing',
  'forwardGroups',
  'forwardMedia',
  'autoReply',
] as const;
export type SwitchOption = (typeof SWITCH_OPTIONS)[number];

/** The global values, to say what "follow the general settings" means today (absent while settings load). */
export type OptionGlobals = Partial<{ [K in SwitchOption]: boolean } & { defaultReseller: string }>;

export const EMPTY_OPTIONS: WaNumberOptions = {
  defaultReseller: null,
  forwardIncoming: null,
  forwardOutgoing: null,
  forwardGroups: null,
  forwardMedia: null,
  autoReply: null,
};

const toChoice = (v: boolean | null): string => (v === null ? 'inherit' : v ? 'on' : 'off');
const fromChoice = (s: string): boolean | null => (s === 'inherit' ? null : s === 'on');

/** Only what the owner changed, so a save does not overwrite the rest (reseller '' = follow the general one). */
export function changedOptions(before: WaNumberOptions, after: WaNumberOptions): Partial<WaNumberOptions> {
  const out: Partial<WaNumberOptions> = {};
  const reseller = after.defaultReseller?.trim() || null;
  if (reseller !== before.defaultReseller) out.defaultReseller = reseller;
  for (const k of SWITCH_OPTIONS) if (after[k] !== before[k]) out[k] = after[k];
  return out;
}

/**
 * A number's own options in its edit form: the default reseller as text, each switch "follow the general settings",
 * "Ya" or "Tidak". The general setting's current value is named next to "follow", so the owner sees what it means.
 */
export function NumberOptionsFields({
  value,
  globals,
  onChange,
  resellerError,
}: {
  value: WaNumberOptions;
  globals: OptionGlobals;
  onChange: (next: WaNumberOptions) => void;
  resellerError: string | null;
}) {
  const { t } = useTranslation();
  const yesNo = (b: boolean) => (b ? t('numberOptions.on') : t('numberOptions.off'));
  const globalReseller = globals.defaultReseller;
  return (
    <fieldset className="number-options" data-testid="number-options">
      <legend>{t('numberOptions.title')}</legend>
      <p className="hint">{t('numberOptions.hint')}</p>
      <Field
        label={t('numberOptions.resellerLabel')}
        hint={
          globalReseller === undefined
            ? t('numberOptions.resellerHint')
            : t('numberOptions.resellerHintNow', { value: globalReseller || t('numberOptions.resellerNone') })
        }
        error={resellerError}
      >
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            type="text"
            maxLength={50}
            className="number-reseller-input"
            value={value.defaultReseller ?? ''}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onChange={(e) => onChange({ ...value, defaultReseller: e.target.value === '' ? null : e.target.value })}
          />
        )}
      </Field>
      {SWITCH_OPTIONS.map((k) => {
        const g = globals[k];
        return (
          <Field key={k} label={t(`numberOptions.${k}`)}>
            {({ id, describedBy }) => (
              <select
                id={id}
                aria-describedby={describedBy}
                value={toChoice(value[k])}
                onChange={(e) => onChange({ ...value, [k]: fromChoice(e.target.value) })}
              >
                <option value="inherit">
                  {g === undefined ? t('numberOptions.inherit') : t('numberOptions.inheritNow', { value: yesNo(g) })}
                </option>
                <option value="on">{t('numberOptions.on')}</option>
                <option value="off">{t('numberOptions.off')}</option>
              </select>
            )}
          </Field>
        );
      })}
    </fieldset>
  );
}
