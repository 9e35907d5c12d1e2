import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParsedRecipients } from '../../../../shared/dto';
import { useAction } from '../../hooks/useCommand';
import { ErrorText } from '../ErrorText';
import { Field } from '../Field';
import { RejectedTable } from './RejectedTable';

export interface RecipientsInputProps {
  text: string;
  onText: (text: string) => void;
  /** Placeholders of the chosen template: each row must bring that many values. */
  placeholders: number | null;
  /** Variables of a TEXT header and dynamic link buttons: more columns after the body's. */
  headerPlaceholders?: number;
  dynamicButtons?: number;
  parsed: ParsedRecipients | null;
  onParsed: (p: ParsedRecipients | null) => void;
}

const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Step 2: recipients pasted or from a CSV file, checked by the engine (broadcast:parse). */
export function RecipientsInput({
  text,
  onText,
  placeholders,
  headerPlaceholders = 0,
  dynamicButtons = 0,
  parsed,
  onParsed,
}: RecipientsInputProps) {
  const { t } = useTranslation();
  const parse = useAction('broadcast:parse');
  const file = useRef<HTMLInputElement>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const check = async () => {
    if (placeholders === null) return;
    onParsed(await parse.run({ csv: text, placeholders, headerPlaceholders, dynamicButtons }));
  };
  const load = async (f: File | undefined) => {
    if (file.current) file.current.value = '';
    if (!f) return;
    onParsed(null);
    if (f.size > MAX_FILE_BYTES) {
      setFileError(t('broadcast.fileTooBig'));
      return;
    }
    setFileError(null);
    onText(await f.text());
  };
  const extra = [
    ...Array.from({ length: headerPlaceholders }, (_, i) => t('broadcastMore.colHeader', { n: i + 1 })),
    ...Array.from({ length: dynamicButtons }, (_, i) => t('broadcastMore.colButton', { n: i + 1 })),
  ];
  const hint = [
    placeholders
      ? t('broadcast.recipientsHint', {
          slots: Array.from({ length: placeholders }, (_, i) => `{{${i + 1}}}`).join(', '),
        })
      : t('broadcast.recipientsHintNone'),
    extra.length ? t('broadcastMore.columnsHint', { cols: extra.join(', ') }) : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div className="card">
      <h2>{t('broadcast.step2')}</h2>
      <Field label={t('broadcast.recipients')} hint={hint}>
        {({ id, describedBy }) => (
          <textarea
            id={id}
            rows={5}
            className="mono"
            spellCheck={false}
            value={text}
            aria-describedby={describedBy}
            placeholder={t('broadcast.recipientsPlaceholder')}
            onChange={(e) => {
              onText(e.target.value);
              onParsed(null);
            }}
          />
        )}
      </Field>
      <div className="actions">
        <label className="btn btn-secondary file-btn">
          {t('broadcast.importCsv')}
          <input
            ref={file}
            type="file"
            accept=".csv,text/csv,text/plain"
            className="visually-hidden"
            onChange={(e) => void load(e.target.files?.[0])}
          />
        </label>
        <button
          type="button"
          className="btn btn-primary"
          disabled={placeholders === null || !text.trim() || parse.busy}
          aria-busy={parse.busy || undefined}
          onClick={() => void check()}
        >
          {t('broadcast.check')}
        </button>
        {placeholders === null && <span className="hint">{t('broadcast.pickTemplateFirst')}</span>}
      </div>
      {fileError && (
        <p className="error-text" role="alert">
          {fileError}
        </p>
      )}
      <ErrorText error={parse.error} />
      {parsed && (
        <div aria-live="polite">
          <p className={parsed.recipients.length ? 'success' : 'error-text'} data-testid="parse-summary">
            {t('broadcast.parsed', { ok: parsed.recipients.length, rejected: parsed.rejected.length })}
          </p>
          <RejectedTable rows={parsed.rejected} />
        </div>
      )}
    </div>
  );
}
