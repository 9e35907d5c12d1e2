import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResultError } from '../../../../shared/result';
import { Field } from '../Field';

/** 0812-3456-7890 / +62 812… → 6281234567890 (what WhatsApp expects for a pairing code). */
export function normalizePhone(input: string): string {
  const digits = input.replace(/\D/g, '');
  return digits.startsWith('0') ? `62${digits.slice(1)}` : digits;
}

export function CodeForm({
  onSubmit,
  busy,
  error,
}: {
  onSubmit: (phone: string) => void;
  busy: boolean;
  error: ResultError | null;
}) {
  const { t } = useTranslation();
  const [phone, setPhone] = useState('');
  const [local, setLocal] = useState<string | null>(null);
  const submit = () => {
    const n = normalizePhone(phone);
    if (n.length < 10 || n.length > 15) {
      setLocal(t('pairing.phoneInvalid'));
      return;
    }
    setLocal(null);
    onSubmit(n);
  };
  return (
    <form
      className="code-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Field
        label={t('pairing.phoneLabel')}
        hint={t('pairing.phoneHint')}
        error={
          local ??
          (error?.field === 'phone' || error?.fields?.phone
            ? t('pairing.phoneInvalid')
            : error
              ? `${t(`errors.${error.code}`, { ...error.params, defaultValue: t('errors.INTERNAL') })}. ${t(`errorHelp.${error.code}`, { ...error.params, defaultValue: t('errorHelp.INTERNAL') })}`
              : null)
        }
      >
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            placeholder="0812 3456 7890"
            value={phone}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onChange={(e) => setPhone(e.target.value)}
          />
        )}
      </Field>
      <button type="submit" className="btn btn-primary" disabled={busy} aria-busy={busy || undefined}>
        {t('pairing.getCode')}
      </button>
    </form>
  );
}
