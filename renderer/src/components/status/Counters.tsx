import { useTranslation } from 'react-i18next';
import type { MetricsSnapshot } from '../../../../shared/dto';
import { formatNumber } from '../../lib/format';

const KEYS: (keyof MetricsSnapshot['today'])[] = [
  'received',
  'forwarded',
  'autoReplies',
  'expired',
  'duplicates',
  'errors',
  'outboxReceived',
  'outboxDelivered',
  'outboxFailed',
];

export function Counters({ today }: { today: MetricsSnapshot['today'] }) {
  const { t, i18n } = useTranslation();
  return (
    <dl className="counters">
      {KEYS.map((k) => (
        <div
          key={k}
          className={`counter ${(k === 'errors' || k === 'outboxFailed' || k === 'expired') && today[k] > 0 ? 'counter-bad' : ''}`}
        >
          <dt>{t(`status.counter.${k}`)}</dt>
          <dd data-testid={`counter-${k}`}>{formatNumber(today[k], i18n.language)}</dd>
        </div>
      ))}
    </dl>
  );
}
