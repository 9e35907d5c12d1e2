import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction, useLoad } from '../../hooks/useCommand';
import { useEvent } from '../../hooks/useEvent';
import { useCsvSeparator } from '../../hooks/usePrefs';
import { downloadText } from '../../lib/download';
import { formatDateTime, langOf } from '../../lib/format';
import { ErrorText } from '../ErrorText';
import { CampaignProgress } from './CampaignProgress';
import { RecipientTable } from './RecipientTable';

/**
 * One campaign: live progress (broadcast:progress), every recipient's status, CSV export (in the window's language,
 * split by the separator the owner last chose for the log's export).
 */
export function CampaignView({ id, onBack }: { id: string; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const [separator] = useCsvSeparator(lang);
  const detail = useLoad('broadcast:get', { id });
  const exp = useAction('broadcast:export');
  const reloadTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { value, set, reload } = detail;

  // Counts move on every event; the per-recipient list is refetched at most once a second.
  useEvent('broadcast:progress', (s) => {
    if (s.id !== id) return;
    if (value) set({ ...value, ...s });
    if (s.done) {
      // The last word: show every recipient's final status now.
      if (reloadTimer.current) clearTimeout(reloadTimer.current);
      reloadTimer.current = null;
      reload();
      return;
    }
    if (!reloadTimer.current) {
      reloadTimer.current = setTimeout(() => {
        reloadTimer.current = null;
        reload();
      }, 1000);
    }
  });
  useEffect(
    () => () => {
      if (reloadTimer.current) clearTimeout(reloadTimer.current);
    },
    [],
  );

  return (
    <div className="card campaign">
      <div className="card-head">
        <button type="button" className="btn btn-ghost" onClick={onBack}>
          ← {t('common.back')}
        </button>
        <button
          type="button"
          className="btn btn-secondary"
          disabled={exp.busy}
          onClick={() =>
            void exp.run({ id, lang, separator }).then((r) => {
              if (r) downloadText(r.filename, r.csv);
            })
          }
        >
          {t('broadcast.exportCsv')}
        </button>
      </div>
      <ErrorText error={detail.error ?? exp.error} />
      {value && (
        <>
          <h2>
            {value.templateName} <span className="muted">· {formatDateTime(value.createdAt, i18n.language)}</span>
          </h2>
          <CampaignProgress summary={value} />
          <RecipientTable rows={value.recipients} />
        </>
      )}
    </div>
  );
}
