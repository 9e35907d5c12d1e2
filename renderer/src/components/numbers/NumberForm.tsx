import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WaNumber, WaNumberOptions } from '../../../../shared/dto';
import type { ResultError } from '../../../../shared/result';
import { ErrorText } from '../ErrorText';
import { Field } from '../Field';
import { changedOptions, EMPTY_OPTIONS, NumberOptionsFields, type OptionGlobals } from './NumberOptionsFields';
import { refusalText } from './refusal';

export interface NumberFormValue {
  name: string;
  kodeTerminal: number | null;
  fallbackId: string | null;
  /** Editing: only the options the owner changed (null = back to the general setting). */
  options?: Partial<WaNumberOptions>;
}

const TERMINAL_MAX = 1_000_000;

/** '' → null (the global default); a whole number in range → it; anything else → undefined (invalid). */
export function parseTerminal(text: string): number | null | undefined {
  const s = text.trim();
  if (s === '') return null;
  if (!/^\d{1,7}$/.test(s)) return undefined;
  const n = Number(s);
  return n <= TERMINAL_MAX ? n : undefined;
}

/**
 * Name and terminal of a number (adding one), plus its fallback (editing one). Checks what it can before the engine
 * does, and says the engine's refusals (a terminal already taken) next to the field at fault.
 */
export function NumberForm({
  initial,
  defaultTerminal,
  others,
  globals,
  submitLabel,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  initial?: WaNumber;
  defaultTerminal: number;
  /** Editing: the other live numbers, the choices for the fallback. Adding: undefined (no fallback or options). */
  others?: WaNumber[];
  /** Editing: the general settings' values, named next to "follow the general settings". */
  globals?: OptionGlobals;
  submitLabel: string;
  busy: boolean;
  error: ResultError | null;
  onSubmit: (v: NumberFormValue) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(initial?.name ?? '');
  const [terminal, setTerminal] = useState(initial?.kodeTerminal == null ? '' : String(initial.kodeTerminal));
  const [fallbackId, setFallbackId] = useState(initial?.fallbackId ?? '');
  const initialOptions = initial?.options ?? EMPTY_OPTIONS;
  const [options, setOptions] = useState<WaNumberOptions>(initialOptions);
  const [local, setLocal] = useState<{ name?: string; terminal?: string; reseller?: string }>({});
  const refusal = refusalText(t, error);
  const field = error?.field;

  const submit = () => {
    const kodeTerminal = parseTerminal(terminal);
    const problems = {
      ...(name.trim() === '' || name.trim().length > 40 ? { name: t('numbers.nameRequired') } : {}),
      ...(kodeTerminal === undefined ? { terminal: t('numbers.terminalInvalid') } : {}),
      ...((options.defaultReseller?.trim().length ?? 0) > 50 ? { reseller: t('numberOptions.resellerInvalid') } : {}),
    };
    setLocal(problems);
    if (problems.name || problems.terminal || problems.reseller || kodeTerminal === undefined) return;
    const changed = others ? changedOptions(initialOptions, options) : {};
    onSubmit({
      name: name.trim(),
      kodeTerminal,
      fallbackId: fallbackId === '' ? null : fallbackId,
      ...(Object.keys(changed).length > 0 ? { options: changed } : {}),
    });
  };

  return (
    <form
      className="number-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Field
        label={t('numbers.nameLabel')}
        hint={t('numbers.nameHint')}
        error={local.name ?? (field === 'name' ? t('numbers.nameRequired') : null)}
      >
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            type="text"
            maxLength={40}
            value={name}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </Field>
      <Field
        label={t('numbers.terminalLabel')}
        hint={t('numbers.terminalHint', { n: defaultTerminal })}
        error={local.terminal ?? (field === 'kodeTerminal' ? (refusal ?? t('numbers.terminalInvalid')) : null)}
      >
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            type="text"
            inputMode="numeric"
            className="number-terminal-input"
            placeholder={String(defaultTerminal)}
            value={terminal}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onChange={(e) => setTerminal(e.target.value)}
          />
        )}
      </Field>
      {others && (
        <Field
          label={t('numbers.fallbackLabel')}
          hint={t('numbers.fallbackHint')}
          error={field === 'fallbackId' ? refusal : null}
        >
          {({ id, describedBy, invalid }) => (
            <select
              id={id}
              value={fallbackId}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              onChange={(e) => setFallbackId(e.target.value)}
            >
              <option value="">{t('numbers.fallbackNone')}</option>
              {others.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {others && (
        <NumberOptionsFields
          value={options}
          globals={globals ?? {}}
          onChange={setOptions}
          resellerError={local.reseller ?? (field === 'defaultReseller' ? t('numberOptions.resellerInvalid') : null)}
        />
      )}
      {refusal && field !== 'kodeTerminal' && field !== 'fallbackId' && (
        <p className="error-text" role="alert">
          {refusal}
        </p>
      )}
      {!refusal && field !== 'name' && field !== 'kodeTerminal' && <ErrorText error={error} />}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy} aria-busy={busy || undefined}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            {t('numbers.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
