import { useTranslation } from 'react-i18next';
import type { ResultError } from '../../../shared/result';

/** A command's failure in words: a translated headline for the code when there is one, then the engine's message. */
export function ErrorText({ error, className }: { error: ResultError | null | undefined; className?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const headline = t(`errors.${error.code}`, { defaultValue: '' });
  return (
    <p className={`error-text ${className ?? ''}`} role="alert">
      {headline ? <strong>{headline}. </strong> : null}
      {error.message}
    </p>
  );
}
