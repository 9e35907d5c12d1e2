import { useTranslation } from 'react-i18next';
import type { BroadcastRecipientStatus, CampaignSummary } from '../../../../shared/dto';
import { formatNumber } from '../../lib/format';

export const RECIPIENT_STATUSES: BroadcastRecipientStatus[] = [
  'queued',
  'sending',
  'pending',
  'sent',
  'delivered',
  'read',
  'failed',
];
const FINISHED: BroadcastRecipientStatus[] = ['sent', 'delivered', 'read', 'failed'];

/** How far a campaign is: a bar for finished recipients and a count per status. */
export function CampaignProgress({ summary }: { summary: CampaignSummary }) {
  const { t, i18n } = useTranslation();
  const finished = FINISHED.reduce((n, s) => n + (summary.counts[s] ?? 0), 0);
  const pct = summary.total ? Math.round((finished / summary.total) * 100) : 0;
  return (
    <div className="campaign-progress">
      <div
        className="progress progress-large"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={summary.total}
        aria-valuenow={finished}
        aria-label={t('broadcast.progress')}
      >
        <span style={{ width: `${pct}%` }} />
      </div>
      <p aria-live="polite" data-testid="campaign-progress">
        {summary.done ? t('broadcast.done') : t('broadcast.inProgress')} ·{' '}
        {t('broadcast.finishedOf', {
          n: formatNumber(finished, i18n.language),
          total: formatNumber(summary.total, i18n.language),
        })}
      </p>
      <ul className="count-chips">
        {RECIPIENT_STATUSES.filter((s) => (summary.counts[s] ?? 0) > 0).map((s) => (
          <li key={s} className={`chip tone-${s === 'failed' ? 'bad' : FINISHED.includes(s) ? 'ok' : 'busy'}`}>
            {t(`broadcast.status.${s}`)}: {formatNumber(summary.counts[s] ?? 0, i18n.language)}
          </li>
        ))}
      </ul>
    </div>
  );
}
