import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format';

/** The tile for messages OtomaX may or may not have: the owner checks each in OtomaX, then marks it checked. */
export function NeedsCheckCard({ count }: { count: number }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="card">
      <h2>{t('status.needsCheck')}</h2>
      <p className={`big-state tone-${count > 0 ? 'bad' : 'ok'}`}>
        <span data-testid="needs-check-count">{formatNumber(count, i18n.language)}</span>
      </p>
      <p className="hint">{count > 0 ? t('status.needsCheckHint') : t('status.needsCheckNone')}</p>
    </div>
  );
}
