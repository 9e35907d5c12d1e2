import { useTranslation } from 'react-i18next';
import type { CampaignSummary } from '../../../../shared/dto';
import { useLoad } from '../../hooks/useCommand';
import { useEvent } from '../../hooks/useEvent';
import { formatDateTime, formatNumber } from '../../lib/format';
import { ErrorText } from '../ErrorText';

/** Past campaigns, newest first, kept current by broadcast:progress. */
export function CampaignList({ onOpen }: { onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const list = useLoad('broadcast:list', undefined);
  const { value, set, reload } = list;
  useEvent('broadcast:progress', (s: CampaignSummary) => {
    if (!value) return;
    if (!value.some((c) => c.id === s.id)) return reload();
    set(value.map((c) => (c.id === s.id ? s : c)));
  });
  const lang = i18n.language;
  return (
    <div className="card">
      <h2>{t('broadcast.history')}</h2>
      <ErrorText error={list.error} />
      {value && value.length === 0 && <p className="muted">{t('broadcast.noCampaigns')}</p>}
      {value && value.length > 0 && (
        <div className="table-scroll">
          <table className="table table-click">
            <thead>
              <tr>
                <th>{t('broadcast.when')}</th>
                <th>{t('broadcast.template')}</th>
                <th className="num">{t('broadcast.total')}</th>
                <th className="num">{t('broadcast.status.delivered')}</th>
                <th className="num">{t('broadcast.status.read')}</th>
                <th className="num">{t('broadcast.status.failed')}</th>
                <th>{t('broadcast.state')}</th>
              </tr>
            </thead>
            <tbody>
              {value.map((c) => (
                <tr key={c.id}>
                  <td>
                    <button type="button" className="btn-link" onClick={() => onOpen(c.id)}>
                      {formatDateTime(c.createdAt, lang)}
                    </button>
                  </td>
                  <td>{c.templateName}</td>
                  <td className="num">{formatNumber(c.total, lang)}</td>
                  <td className="num">{formatNumber(c.counts.delivered ?? 0, lang)}</td>
                  <td className="num">{formatNumber(c.counts.read ?? 0, lang)}</td>
                  <td className="num">{formatNumber(c.counts.failed ?? 0, lang)}</td>
                  <td>{c.done ? t('broadcast.done') : t('broadcast.inProgress')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
