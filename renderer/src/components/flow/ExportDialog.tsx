import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlowFilter } from '../../../../shared/dto';
import type { ResultError } from '../../../../shared/result';
import { useApi } from '../../api/ApiContext';
import { useAction, useMounted } from '../../hooks/useCommand';
import { useCsvSeparator, type CsvSeparator } from '../../hooks/usePrefs';
import { downloadText } from '../../lib/download';
import { formatNumber, fromLocalInput, langOf, toLocalInput } from '../../lib/format';
import { ErrorText } from '../ErrorText';
import { Modal } from '../Modal';

/**
 * Parts a file may come in at most: a part carries about half a million characters, so 200,000 rows are some 60
 * parts; the bound only stops a loop that something broke.
 */
const MAX_PARTS = 10_000;

/** What the last download did, in the owner's words. */
type Done = { file: string; rows: number; truncated: boolean };

/**
 * CSV of the rows the current filter shows, within a time range (today by default). The engine sends the file in
 * parts that go straight into the download's Blob: a 200,000-row file never holds up the engine or this window.
 */
export function ExportDialog({ filter, onClose }: { filter: FlowFilter; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const [separator, setSeparator] = useCsvSeparator(lang);
  const [from, setFrom] = useState(() => {
    const d = new Date();
    d.setHours(0, 0, 0, 0);
    return toLocalInput(d.getTime());
  });
  const [to, setTo] = useState('');
  const exp = useAction('log:export');
  const api = useApi();
  const uid = useId();
  const [done, setDone] = useState<Done | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [partError, setPartError] = useState<ResultError | null>(null);
  const open = useMounted();
  const run = async () => {
    setDone(null);
    setPartError(null);
    const out = await exp.run({
      filter: { ...filter, from: fromLocalInput(from), to: fromLocalInput(to) },
      lang,
      separator,
    });
    if (!out || !open.current) return;
    const parts: string[] = [];
    let rows = 0;
    setProgress(0);
    try {
      for (let i = 0; i < MAX_PARTS; i++) {
        const r = await api.invoke('log:exportPart', { exportId: out.exportId });
        // The dialog was closed: the engine drops the export after a minute without a request.
        if (!open.current) return;
        if (!r.ok) {
          setPartError(r.error);
          return;
        }
        parts.push(r.value.part);
        rows += r.value.rows;
        setProgress(rows);
        if (r.value.done) {
          downloadText(out.filename, parts);
          setDone({ file: out.filename, rows, truncated: r.value.truncated === true });
          return;
        }
      }
      setPartError({ code: 'INTERNAL', message: 'the export did not end' });
    } finally {
      if (open.current) setProgress(null);
    }
  };
  const busy = exp.busy || progress !== null;
  return (
    <Modal title={t('flow.exportTitle')} onClose={onClose}>
      <p className="hint">{t('flow.exportHint')}</p>
      <div className="form-row">
        <div className="filter">
          <label htmlFor={`${uid}-from`}>{t('flow.from')}</label>
          <input id={`${uid}-from`} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="filter">
          <label htmlFor={`${uid}-to`}>{t('flow.to')}</label>
          <input id={`${uid}-to`} type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <div className="filter filter-wide">
          <label htmlFor={`${uid}-sep`}>{t('flow.csvSeparator')}</label>
          <select id={`${uid}-sep`} value={separator} onChange={(e) => setSeparator(e.target.value as CsvSeparator)}>
            <option value=";">{t('flow.csvSemicolon')}</option>
            <option value=",">{t('flow.csvComma')}</option>
          </select>
        </div>
      </div>
      <ErrorText error={exp.error ?? partError} />
      {progress !== null && (
        <p className="hint" role="status">
          {t('flow.exporting', { rows: formatNumber(progress, lang) })}
        </p>
      )}
      {done && (
        <p className={done.rows ? 'success' : 'warning-text'} role="status">
          {done.rows
            ? t('flow.exported', { file: done.file, rows: formatNumber(done.rows, lang) })
            : t('flow.exportedEmpty', { file: done.file })}
        </p>
      )}
      {done?.truncated && (
        <p className="warning-text" role="alert">
          {t('flow.exportTruncated', { rows: formatNumber(done.rows, lang) })}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy}
          aria-busy={busy || undefined}
          onClick={() => void run()}
        >
          {t('flow.download')}
        </button>
      </div>
    </Modal>
  );
}
