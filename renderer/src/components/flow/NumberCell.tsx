import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { FlowRow } from '../../../../shared/dto';

/** The name of the WhatsApp number a message used; a number the list no longer knows is said so, never its raw id. */
function numberLabel(t: (key: string) => string, row: FlowRow): string | null {
  if (row.numberName) return row.numberName;
  return row.numberId ? t('flowNumbers.unknown') : null;
}

/** The live flow's "Nomor WA" column (the row's translator given: the table asks for one, not every cell). */
export function NumberCell({ t, row }: { t: TFunction; row: FlowRow }) {
  const label = numberLabel(t, row);
  return (
    <span className="cell" data-testid="row-number">
      <span className="ellipsis" title={label ?? undefined}>
        {label ?? <span className="muted">—</span>}
      </span>
    </span>
  );
}

/** The message detail: the number it arrived on, or the one that sends it. Absent for a log without numbers. */
export function NumberFact({ row }: { row: FlowRow }) {
  const { t } = useTranslation();
  const label = numberLabel(t, row);
  return (
    <>
      <dt>{t(row.direction === 'in' ? 'flowNumbers.detailIn' : 'flowNumbers.detailOutbox')}</dt>
      <dd data-testid="detail-number">{label ?? t('flowNumbers.detailOutboxNone')}</dd>
    </>
  );
}
