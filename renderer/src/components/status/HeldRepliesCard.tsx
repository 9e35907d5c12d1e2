import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format';

/** Auto-replies the engine holds (a chat over its per-minute limit, or paused): never dropped silently. */
export function HeldRepliesCard({ held }: { held: number }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="card">
      <h2>{t('status.heldTitle')}</h2>
      <p className={`big-state tone-${held > 0 ? 'busy' : 'ok'}`} data-testid="held-replies">
        <span className="dot" aria-hidden="true" />
        {t('status.heldCount', { count: held, n: formatNumber(held, i18n.language) })}
      </p>
      <p className="muted">{held > 0 ? t('status.heldHint') : t('status.heldNone')}</p>
    </div>
  );
}
