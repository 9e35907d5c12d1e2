import { useTranslation } from 'react-i18next';
import type { ResultError } from '../../../shared/result';

/**
 * A command's failure in the owner's language: what happened and what to do next, from the error code and its
 * params. The engine's own message is English for the log and is never shown.
 */
export function ErrorText({ error, className }: { error: ResultError | null | undefined; className?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const params = { ...error.params };
  const headline = t(`errors.${error.code}`, { ...params, defaultValue: t('errors.INTERNAL') });
  const help = t(`errorHelp.${error.code}`, { ...params, defaultValue: t('errorHelp.INTERNAL') });
  return (
    <p className={`error-text ${className ?? ''}`} role="alert" data-code={error.code}>
      <strong>{headline}.</strong> {help}
    </p>
  );
}
