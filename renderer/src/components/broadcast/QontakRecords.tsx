import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QontakBroadcastRecord } from '../../../../shared/dto';
import { useAction, useLoad } from '../../hooks/useCommand';
import { formatDateTime, formatNumber, formatPhone } from '../../lib/format';
import { ErrorText } from '../ErrorText';

const when = (iso: string | null, lang: string) => {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(ms) ? '—' : formatDateTime(ms, lang);
};

const statusText = (t: (k: string, o?: Record<string, unknown>) => string, s: string) =>
  s ? t(`broadcast.status.${s}`, { defaultValue: s }) : '—';

/** One broadcast as Qontak records it, with its delivery log. */
function RecordDetail({ id, onBack }: { id: string; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const one = useLoad('qontak:broadcast', { id });
  const lang = i18n.language;
  return (
    <div className="card" data-testid="qontak-record">
      <button type="button" className="btn-link" onClick={onBack}>
        ← {t('broadcastMore.back')}
      </button>
      <ErrorText error={one.error} />
      {one.value && (
        <>
          <h2>{one.value.record.name || one.value.record.templateName}</h2>
          <p className="hint">
            {t('broadcastMore.recordMeta', {
              template: one.value.record.templateName || '—',
              when: when(one.value.record.createdAt, lang),
            })}
          </p>
          {one.value.record.error && (
            <div className="notice notice-error" role="alert" data-testid="qontak-record-error">
              <strong>{t('broadcastMore.recordFailed')}.</strong>{' '}
              {t('broadcastMore.recordFailedReason', { reason: one.value.record.error })}{' '}
              {t('broadcastMore.recordFailedNext')}
            </div>
          )}
          <h3>{t('broadcastMore.logTitle')}</h3>
          {one.value.log.length === 0 ? (
            <p className="muted">
              {/* A broadcast Qontak did not run sent nothing: its log stays empty, it is not "not yet". */}
              {t(one.value.record.error ? 'broadcastMore.logNone' : 'broadcastMore.logEmpty')}
            </p>
          ) : (
            <div className="table-scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th>{t('broadcast.phone')}</th>
                    <th>{t('broadcast.name')}</th>
                    <th>{t('broadcast.statusCol')}</th>
                    <th>{t('broadcastMore.note')}</th>
                  </tr>
                </thead>
                <tbody>
                  {one.value.log.map((l, i) => (
                    <tr key={`${l.phone}-${i}`}>
                      <td className="mono">{formatPhone(l.phone)}</td>
                      <td>{l.name || '—'}</td>
                      <td>{statusText(t, l.status)}</td>
                      <td>{l.errorMessage ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  );
}

/** Every broadcast Qontak holds for this account, sent from Jembatan or from anywhere else. */
export function QontakRecords() {
  const { t, i18n } = useTranslation();
  const first = useLoad('qontak:broadcasts', {});
  const load = useAction('qontak:broadcasts');
  // Pages after the first, appended as the owner asks for more.
  const [later, setLater] = useState<{ items: QontakBroadcastRecord[]; next: string | null } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const lang = i18n.language;
  const items = first.value ? [...first.value.items, ...(later?.items ?? [])] : null;
  const next = later ? later.next : (first.value?.next ?? null);
  const more = async (cursor: string) => {
    const page = await load.run({ cursor });
    if (page) setLater({ items: [...(later?.items ?? []), ...page.items], next: page.next });
  };
  if (open) return <RecordDetail id={open} onBack={() => setOpen(null)} />;
  return (
    <div className="card" data-testid="qontak-records">
      <h2>{t('broadcastMore.recordsTitle')}</h2>
      <p className="hint">{t('broadcastMore.recordsHint')}</p>
      <ErrorText error={first.error ?? load.error} />
      {items && items.length === 0 && <p className="muted">{t('broadcastMore.noRecords')}</p>}
      {items && items.length > 0 && (
        <div className="table-scroll">
          <table className="table table-click">
            <thead>
              <tr>
                <th>{t('broadcast.when')}</th>
                <th>{t('broadcastMore.recordName')}</th>
                <th>{t('broadcast.template')}</th>
                <th className="num">{t('broadcast.status.delivered')}</th>
                <th className="num">{t('broadcast.status.read')}</th>
                <th className="num">{t('broadcast.status.failed')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((b) => (
                <tr key={b.id}>
                  <td>
                    <button type="button" className="btn-link" onClick={() => setOpen(b.id)}>
                      {when(b.createdAt, lang)}
                    </button>
                  </td>
                  <td>
                    {b.name || '—'}
                    {b.error && (
                      <>
                        {' '}
                        <span className="badge badge-bad" title={b.error}>
                          {t('broadcastMore.recordFailed')}
                        </span>
                      </>
                    )}
                  </td>
                  <td>{b.templateName || '—'}</td>
                  <td className="num">{formatNumber(b.counts.delivered ?? 0, lang)}</td>
                  <td className="num">{formatNumber(b.counts.read ?? 0, lang)}</td>
                  <td className="num">{formatNumber(b.counts.failed ?? 0, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <div className="actions">
          <button type="button" className="btn btn-secondary" disabled={load.busy} onClick={() => void more(next)}>
            {t('broadcastMore.loadMore')}
          </button>
        </div>
      )}
    </div>
  );
}
