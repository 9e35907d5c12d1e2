import { useTranslation } from 'react-i18next';
import type { MetricsSnapshot } from '../../../../shared/dto';
import { formatDateTime, formatLatency } from '../../lib/format';

export function OtomaxCard({
  otomax,
  queues,
}: {
  otomax: MetricsSnapshot['otomax'];
  queues: MetricsSnapshot['queues'];
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const tone = otomax.reachable === null ? 'neutral' : otomax.reachable ? 'ok' : 'bad';
  const word =
    otomax.reachable === null
      ? t('status.otomaxUnknown')
      : otomax.reachable
        ? t('status.otomaxUp')
        : t('status.otomaxDown');
  return (
    <div className="card">
      <h2>{t('status.otomax')}</h2>
      <p className={`big-state tone-${tone}`} data-testid="otomax-state">
        <span className="dot" aria-hidden="true" />
        {word}
      </p>
      <dl className="facts facts-compact">
        <dt>{t('status.latency')}</dt>
        <dd>
          {formatLatency(otomax.latencyP50Ms, lang)} (p95 {formatLatency(otomax.latencyP95Ms, lang)})
        </dd>
        <dt>{t('status.lastOk')}</dt>
        <dd>{otomax.lastOkAt ? formatDateTime(otomax.lastOkAt, lang) : '—'}</dd>
        {otomax.lastError && (
          <>
            <dt>{t('status.lastError')}</dt>
            <dd className="error-inline">
              {otomax.lastErrorAt ? `${formatDateTime(otomax.lastErrorAt, lang)} · ` : ''}
              {t(`rowError.${otomax.lastErrorClass ?? 'other'}`, { defaultValue: t('rowError.other') })}
            </dd>
          </>
        )}
        {otomax.lastDroppedAt ? (
          <>
            <dt>{t('status.otomaxDropped')}</dt>
            <dd className="error-inline" data-testid="otomax-dropped">
              {t('status.otomaxDroppedHint', { time: formatDateTime(otomax.lastDroppedAt, lang) })}
            </dd>
          </>
        ) : null}
        <dt>{t('status.queues')}</dt>
        <dd>{t('status.queueValues', queues)}</dd>
      </dl>
    </div>
  );
}
