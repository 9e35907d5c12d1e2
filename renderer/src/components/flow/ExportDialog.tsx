import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlowFilter } from '../../../../shared/dto';
import { useAction } from '../../hooks/useCommand';
import { useCsvSeparator, type CsvSeparator } from '../../hooks/usePrefs';
import { downloadText } from '../../lib/download';
import { fromLocalInput, toLocalInput, type Lang } from '../../lib/format';
import { ErrorText } from '../ErrorText';
import { Modal } from '../Modal';

/** CSV of the rows the current filter shows, within a time range (today by default). */
export function ExportDialog({ filter, onClose }: { filter: FlowFilter; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'id';
  const [separator, setSeparator] = useCsvSeparator(lang);
  const [from, setFrom] = useState(() => {
    const d = new Date();
    d.setHours(0, 0, 0, 0);
    return toLocalInput(d.getTime());
  });
  const [to, setTo] = useState('');
  const exp = useAction('log:export');
  const uid = useId();
  const [done, setDone] = useState<string | null>(null);
  const run = async () => {
    const out = await exp.run({
      filter: { ...filter, from: fromLocalInput(from), to: fromLocalInput(to) },
      lang,
      separator,
    });
    if (!out) return;
    downloadText(out.filename, out.csv);
    setDone(out.filename);
  };
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
        <div className="filter">
          <label htmlFor={`${uid}-sep`}>{t('flow.csvSeparator')}</label>
          <select id={`${uid}-sep`} value={separator} onChange={(e) => setSeparator(e.target.value as CsvSeparator)}>
            <option value=";">{t('flow.csvSemicolon')}</option>
            <option value=",">{t('flow.csvComma')}</option>
          </select>
        </div>
      </div>
      <ErrorText error={exp.error} />
      {done && (
        <p className="success" role="status">
          {t('flow.exported', { file: done })}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={exp.busy}
          aria-busy={exp.busy || undefined}
          onClick={() => void run()}
        >
          {t('flow.download')}
        </button>
      </div>
    </Modal>
  );
}
