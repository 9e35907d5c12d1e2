import { useVirtualizer } from '@tanstack/react-virtual';
import type { TFunction } from 'i18next';
import { memo, useEffect, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlowRow } from '../../../../shared/dto';
import { formatLatency, formatPhone, formatTime } from '../../lib/format';
import { NeedsCheckChipView } from './CheckPanel';
import { replyState } from '../../lib/reply-state';
import { rowReason } from '../../lib/row-reason';
import { rowErrorText } from '../../lib/story-text';
import { NumberCell } from './NumberCell';
import { OtomaxChip, StatusChipView } from './StatusChip';

const ROW_HEIGHT = 56;

export interface FlowTableProps {
  rows: FlowRow[];
  hasMore: boolean;
  onMore: () => void;
  onOpen: (id: string) => void;
  /** A filter is set: an empty list means "nothing matches", not "no messages yet". */
  filtered?: boolean;
  /** More than one WhatsApp number: a column says which one each message used. */
  showNumber?: boolean;
}

/** Only the rows in view exist in the DOM: 100,000 listed rows scroll like 50. */
export function FlowTable({ rows, hasMore, onMore, onOpen, filtered = false, showNumber = false }: FlowTableProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const scroller = useRef<HTMLDivElement>(null);
  // Where the list is scrolled, as its scroll events last said. Reading scrollTop after React has changed the rows
  // would make the browser lay the page out there and then, inside the same task as the render: with messages
  // arriving many times a second that doubled the task the owner waits on.
  const scrolledTo = useRef(0);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions by design
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialRect: { width: 800, height: 480 },
    getItemKey: (i) => rows[i]?.id ?? i,
  });
  // New messages go on top. An owner scrolled down to read keeps the same rows in view: the scroll position moves
  // down by the rows added above, so nothing jumps under their eyes. At the very top the new rows simply show.
  const firstId = useRef<string | null>(null);
  useLayoutEffect(() => {
    const el = scroller.current;
    const previous = firstId.current;
    firstId.current = rows[0]?.id ?? null;
    if (!el || previous === null || scrolledTo.current <= 0 || rows[0]?.id === previous) return;
    const shift = rows.findIndex((r) => r.id === previous);
    if (shift > 0) {
      el.scrollTop += shift * ROW_HEIGHT;
      scrolledTo.current = el.scrollTop;
    }
  }, [rows]);
  const items = virtual.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (hasMore && lastIndex >= rows.length - 20) onMore();
  }, [hasMore, lastIndex, rows.length, onMore]);

  return (
    <div className={`flow-table${showNumber ? ' with-number' : ''}`} role="region" aria-label={t('flow.tableLabel')}>
      <div className="flow-head" aria-hidden="true">
        <span>{t('flow.colTime')}</span>
        <span>{t('flow.colReseller')}</span>
        <span>{t('flow.colMessage')}</span>
        <span>{t('flow.colOtomax')}</span>
        <span>{t('flow.colReply')}</span>
        <span className="num">{t('flow.colLatency')}</span>
        {showNumber && <span>{t('flowNumbers.col')}</span>}
      </div>
      <div
        ref={scroller}
        className="flow-scroll"
        data-testid="flow-scroll"
        onScroll={(e) => {
          scrolledTo.current = e.currentTarget.scrollTop;
        }}
      >
        <ul className="flow-body" style={{ height: virtual.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <li
                key={item.key}
                className="flow-li"
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              >
                <FlowRowView row={row} onOpen={onOpen} showNumber={showNumber} t={t} lang={lang} />
              </li>
            );
          })}
        </ul>
        {rows.length === 0 && <p className="empty">{filtered ? t('flow.emptyFiltered') : t('flow.empty')}</p>}
      </div>
    </div>
  );
}

/** One row; the table's translator and language come in, so a row that scrolls into view asks i18n for nothing. */
const FlowRowView = memo(function FlowRowView({
  row,
  onOpen,
  showNumber,
  t,
  lang,
}: {
  row: FlowRow;
  onOpen: (id: string) => void;
  showNumber: boolean;
  t: TFunction;
  lang: string;
}) {
  const reply = replyState(row);
  const reason = rowReason(row);
  return (
    <button
      type="button"
      className={`flow-row dir-${row.direction}`}
      data-row-id={row.id}
      onClick={() => onOpen(row.id)}
    >
      <span className="cell">
        <span className="strong">{formatTime(row.time, lang)}</span>
        <span className="sub">{row.direction === 'in' ? t('flow.dirIn') : t('flow.dirOutbox')}</span>
      </span>
      <span className="cell">
        <span className="strong ellipsis">{row.name || formatPhone(row.phone)}</span>
        <span className="sub">{row.name ? formatPhone(row.phone) : ''}</span>
      </span>
      <span className="cell">
        <span className="ellipsis mono">{row.text}</span>
        <span className="sub ellipsis">
          {reply?.reason && (
            <span
              className={`reply-reason reply-${reply.status}`}
              data-testid="reply-reason"
              title={t(`flow.replyReason.${reply.reason}`)}
            >
              {t(`flow.replyReasonShort.${reply.reason}`)} ·{' '}
            </span>
          )}
          {row.replyText
            ? `↳ ${row.replyText}`
            : reason
              ? `⚠ ${t(`flow.rowReasonShort.${reason}`)}`
              : row.error
                ? `⚠ ${rowErrorText(t, row)}`
                : ''}
        </span>
      </span>
      <span className="cell">
        <OtomaxChip code={row.otomaxStatus} desc={row.otomaxDesc} />
        <span className="sub">
          <StatusChipView t={t} status={row.status} /> <NeedsCheckChipView t={t} row={row} />
        </span>
      </span>
      <span className="cell">
        {reply ? <StatusChipView t={t} status={reply.status} group="flow.reply" /> : <span className="muted">—</span>}
      </span>
      <span className="cell num">{formatLatency(row.latencyMs, lang)}</span>
      {showNumber && <NumberCell t={t} row={row} />}
    </button>
  );
});
