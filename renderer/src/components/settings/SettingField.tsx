import { useTranslation } from 'react-i18next';
import type { SettingKey, SettingSource } from '../../../../shared/settings';
import { FIELDS } from '../../lib/settings-fields';
import { Field } from '../Field';

export interface SettingFieldProps {
  name: SettingKey;
  value: string;
  onChange: (value: string) => void;
  source: SettingSource;
  restart: boolean;
  error: string | undefined;
}

/** One setting: its control by kind, read-only with its origin when an env var or flag fixed it. */
export function SettingField({ name, value, onChange, source, restart, error }: SettingFieldProps) {
  const { t } = useTranslation();
  const spec = FIELDS[name];
  const locked = source === 'env' || source === 'flag';
  const label = t(`settings.fields.${name}.label`);
  const badge = (
    <span className="badges">
      {locked && (
        <span className="badge badge-locked" data-testid={`source-${name}`}>
          {source === 'env'
            ? t('settings.fromEnv', { name: spec.env })
            : t('settings.fromFlag', { name: `--${spec.flag}` })}
        </span>
      )}
      {restart && <span className="badge">{t('settings.restartBadge')}</span>}
    </span>
  );
  const hint = t(`settings.fields.${name}.hint`);

  if (spec.field.kind === 'bool') {
    return (
      <div className={`field field-check ${error ? 'field-invalid' : ''}`}>
        <label className="check">
          <input
            type="checkbox"
            name={name}
            checked={value === 'true'}
            disabled={locked}
            onChange={(e) => onChange(e.target.checked ? 'true' : 'false')}
          />
          <span>{label}</span>
          {badge}
        </label>
        <p className="hint">{hint}</p>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
    );
  }

  const field = spec.field;
  return (
    <Field label={label} hint={hint} error={error} badge={badge}>
      {({ id, describedBy, invalid }) => {
        const common = {
          id,
          name,
          'aria-describedby': describedBy,
          'aria-invalid': invalid || undefined,
          disabled: locked,
          readOnly: locked,
        };
        if (field.kind === 'enum') {
          return (
            <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
              {field.options.map((o) => (
                <option key={o} value={o}>
                  {t(`settings.options.${o}`, { defaultValue: o })}
                </option>
              ))}
            </select>
          );
        }
        if (field.kind === 'int') {
          return (
            <input
              {...common}
              type="number"
              inputMode="numeric"
              min={field.min}
              max={field.max}
              step={1}
              value={value}
              onChange={(e) => onChange(e.target.value)}
            />
          );
        }
        if (field.kind === 'text' && field.multiline) {
          // A message resellers read: room to see all of it, and spelling checked.
          return (
            <textarea
              {...common}
              className="setting-multiline"
              rows={3}
              maxLength={field.max}
              value={value}
              onChange={(e) => onChange(e.target.value)}
            />
          );
        }
        return (
          <input
            {...common}
            type="text"
            inputMode={field.kind === 'url' ? 'url' : 'text'}
            spellCheck={false}
            autoComplete="off"
            value={value}
            onChange={(e) => onChange(e.target.value)}
          />
        );
      }}
    </Field>
  );
}
