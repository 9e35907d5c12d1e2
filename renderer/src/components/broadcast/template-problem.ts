import { useTranslation } from 'react-i18next';
import type { TemplateProblem } from '../../../../shared/dto';

/** Why a template cannot be used, in the owner's language. */
export function useProblemText(): (p: TemplateProblem) => string {
  const { t } = useTranslation();
  return (p) =>
    p.kind === 'not_approved'
      ? t('broadcastMore.unusable.not_approved', { status: p.status })
      : p.kind === 'unsupported_header'
        ? t('broadcastMore.unusable.unsupported_header', { format: p.format })
        : t('broadcastMore.unusable.unsupported_button', { type: p.type });
}
