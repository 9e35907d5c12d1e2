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
  'senderUnknown',
];

const BAD = new Set<keyof MetricsSnapshot['today']>(['errors', 'outboxFailed', 'expired', 'senderUnknown']);

export function Counters({ today }: { today: MetricsSnapshot['today'] }) {
  const { t, i18n } = useTranslation();
  return (
    <dl className="counters">
      {KEYS.map((k) => (
        <div key={k} className={`counter ${BAD.has(k) && (today[k] ?? 0) > 0 ? 'counter-bad' : ''}`}>
          <dt>{t(`status.counter.${k}`)}</dt>
          <dd data-testid={`counter-${k}`}>{formatNumber(today[k] ?? 0, i18n.language)}</dd>
        </div>
      ))}
    </dl>
  );
}
