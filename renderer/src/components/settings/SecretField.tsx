import { useTranslation } from 'react-i18next';
import type { EditableSecret } from '../../lib/settings-fields';
import { Field } from '../Field';

export interface SecretFieldProps {
  name: EditableSecret;
  saved: boolean;
  /** undefined: unchanged; null: to be removed; text: to be replaced. */
  value: string | null | undefined;
  onChange: (value: string | null) => void;
  error: string | undefined;
}

/** A write-only secret: the window never learns it, it only knows whether one is saved. */
export function SecretField({ name, saved, value, onChange, error }: SecretFieldProps) {
  const { t } = useTranslation();
  const removing = value === null;
  const badge = (
    <span className={`badge ${saved && !removing ? 'badge-ok' : ''}`} data-testid={`secret-${name}`}>
      {removing ? t('settings.secretRemoving') : saved ? t('settings.secretSaved') : t('settings.secretMissing')}
    </span>
  );
  return (
    <Field
      label={t(`settings.fields.${name}.label`)}
      hint={t(`settings.fields.${name}.hint`)}
      error={error}
      badge={badge}
    >
      {({ id, describedBy, invalid }) => (
        <div className="input-row">
          <input
            id={id}
            name={name}
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            placeholder={saved ? t('settings.secretReplace') : t('settings.secretEnter')}
            value={value ?? ''}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onChange={(e) => onChange(e.target.value)}
          />
          {saved && !removing && (
            <button type="button" className="btn btn-ghost" onClick={() => onChange(null)}>
              {t('settings.secretRemove')}
            </button>
          )}
          {removing && (
            <button type="button" className="btn btn-ghost" onClick={() => onChange('')}>
              {t('common.undo')}
            </button>
          )}
        </div>
      )}
    </Field>
  );
}
