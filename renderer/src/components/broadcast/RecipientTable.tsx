import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { BroadcastRecipientDto } from '../../../../shared/dto';
import { formatPhone, formatTime } from '../../lib/format';
import { StatusChip } from '../flow/StatusChip';

const ROW = 40;

/** Every recipient of a campaign and where its message is; virtualized for lists of thousands. */
export function RecipientTable({ rows }: { rows: readonly BroadcastRecipientDto[] }) {
  const { t, i18n } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions by design
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 10,
    initialRect: { width: 800, height: 320 },
  });
  return (
    <div
      className="recipient-table"
      role="table"
      aria-label={t('broadcast.recipientsTable')}
      aria-rowcount={rows.length}
    >
      <div className="recipient-head" role="row">
        <span role="columnheader">{t('broadcast.phone')}</span>
        <span role="columnheader">{t('broadcast.name')}</span>
        <span role="columnheader">{t('broadcast.statusCol')}</span>
        <span role="columnheader">{t('broadcast.updated')}</span>
      </div>
      <div
        ref={scroller}
        className="recipient-scroll"
        style={{ height: Math.min(320, Math.max(1, rows.length) * ROW + 2) }}
      >
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const r = rows[item.index];
            if (!r) return null;
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 1}
                className="recipient-row"
                style={{ transform: `translateY(${item.start}px)`, height: ROW }}
              >
                <span role="cell" className="mono">
                  {formatPhone(r.phone)}
                </span>
                <span role="cell" className="ellipsis">
                  {r.name}
                </span>
                <span role="cell" title={r.error ?? undefined}>
                  <StatusChip status={r.status} group="broadcast.status" />
                  {r.error && <span className="error-inline ellipsis"> {r.error}</span>}
                </span>
                <span role="cell" className="muted">
                  {formatTime(r.updatedAt, i18n.language)}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
