import { useTranslation } from 'react-i18next';
import type { NumberTrafficDto } from '../../../../shared/dto';
import { formatNumber } from '../../lib/format';

/** Status with several numbers: what each one received and sent today. */
export function NumbersTodayCard({ numbers }: { numbers: NumberTrafficDto[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <div className="card" data-testid="numbers-today">
      <h2>{t('flowNumbers.todayTitle')}</h2>
      <table className="table">
        <thead>
          <tr>
            <th>{t('flowNumbers.todayNumber')}</th>
            <th className="num">{t('flowNumbers.todayReceived')}</th>
            <th className="num">{t('flowNumbers.todaySent')}</th>
          </tr>
        </thead>
        <tbody>
          {numbers.map((n) => (
            <tr key={n.id}>
              <td>{n.name ?? t('flowNumbers.unknown')}</td>
              <td className="num">{formatNumber(n.received, lang)}</td>
              <td className="num">{formatNumber(n.sent, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">{t('flowNumbers.todayHint')}</p>
    </div>
  );
}
