import { useTranslation } from 'react-i18next';
import type { RejectedRow } from '../../../../shared/dto';
import { rejectReason } from './reject-reason';

export function RejectedTable({ rows }: { rows: readonly RejectedRow[] }) {
  const { t } = useTranslation();
  if (rows.length === 0) return null;
  return (
    <div className="rejected" data-testid="rejected">
      <h3>{t('broadcast.rejectedTitle', { count: rows.length })}</h3>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th className="num">{t('broadcast.row')}</th>
              <th>{t('broadcast.phone')}</th>
              <th>{t('broadcast.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.row}-${r.phone}`}>
                <td className="num">{r.row}</td>
                <td className="mono">{r.phone || '—'}</td>
                <td>{rejectReason(t, r.reason)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
