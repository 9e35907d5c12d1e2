import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { FlowRow } from '../../../../shared/dto';
import { useAction } from '../../hooks/useCommand';
import { formatDateTime, formatPhone } from '../../lib/format';
import { ErrorText } from '../ErrorText';

/** The flag on a row of the live flow: OtomaX may or may not have this message. */
export function NeedsCheckChip({ row }: { row: FlowRow }) {
  const { t } = useTranslation();
  return <NeedsCheckChipView t={t} row={row} />;
}

/** NeedsCheckChip with the translator given (the live flow's rows). */
export function NeedsCheckChipView({ t, row }: { t: TFunction; row: FlowRow }) {
  if (row.direction !== 'in' || row.status !== 'failed' || !row.uncertain) return null;
  return (
    <span className="chip tone-busy" data-testid="needs-check-chip" title={t(`flow.check.reason.${row.uncertain}`)}>
      {t('flow.check.flag')}
    </span>
  );
}

/**
 * In the row detail of an uncertain message: why nobody knows whether OtomaX has it, what to look for in OtomaX,
 * and the button that takes it off the "perlu dicek" count.
 */
export function CheckPanel({ row, onChecked }: { row: FlowRow; onChecked: (row: FlowRow) => void }) {
  const { t, i18n } = useTranslation();
  const mark = useAction('log:markChecked');
  if (row.direction !== 'in' || !row.uncertain) return null;
  const done = row.status === 'checked';
  return (
    <section className={`check-panel ${done ? 'tone-ok' : 'tone-busy'}`} data-testid="check-panel">
      <h3>{done ? t('flow.check.titleDone') : t('flow.check.title')}</h3>
      <p>{t(`flow.check.reason.${row.uncertain}`)}</p>
      <p>{t('flow.check.notResent')}</p>
      {!done && (
        <>
          <p>
            {t('flow.check.lookFor', {
              phone: formatPhone(row.phone),
              time: formatDateTime(row.time, i18n.language),
            })}
          </p>
          <p className="mono pre">{row.text}</p>
          <p className="hint">{t('flow.check.then')}</p>
          <button
            type="button"
            className="btn btn-primary"
            disabled={mark.busy}
            onClick={() => void mark.run({ id: row.id }).then((r) => r && onChecked(r))}
          >
            {t('flow.check.mark')}
          </button>
          <ErrorText error={mark.error} />
        </>
      )}
    </section>
  );
}
