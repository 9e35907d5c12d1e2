import { memo, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlowFilter, WaNumber } from '../../../../shared/dto';
import { NumberFilter } from './NumberFilter';

export const FLOW_STATUSES = [
  'received',
  'queued',
  'waiting_otomax',
  'forwarding',
  'forwarded',
  'failed',
  'expired',
  'not_forwarded',
  'sender_unknown',
  'sending',
  'sent',
  'duplicate_text',
  'too_long',
  'needs_check',
  'checked',
] as const;

export interface FlowFiltersProps {
  value: FlowFilter;
  onChange: (f: FlowFilter) => void;
  /** With more than one WhatsApp number: filter by the one a message used. */
  numbers?: WaNumber[];
}

/** Memoised: the live flow re-renders for every batch of messages, the filters only when they change. */
export const FlowFilters = memo(function FlowFilters({ value, onChange, numbers }: FlowFiltersProps) {
  const { t } = useTranslation();
  const uid = useId();
  const set = (patch: Partial<FlowFilter>) => onChange({ ...value, ...patch });
  return (
    <div className="filters" role="search" aria-label={t('flow.filters')}>
      <div className="filter filter-search">
        <label htmlFor={`${uid}-text`}>{t('flow.search')}</label>
        <input
          id={`${uid}-text`}
          type="search"
          value={value.text ?? ''}
          placeholder={t('flow.searchPlaceholder')}
          onChange={(e) => set({ text: e.target.value })}
        />
      </div>
      <div className="filter filter-narrow filter-phone">
        <label htmlFor={`${uid}-phone`}>{t('flow.phone')}</label>
        <input
          id={`${uid}-phone`}
          type="search"
          inputMode="tel"
          value={value.phone ?? ''}
          placeholder="0812…"
          onChange={(e) => set({ phone: e.target.value })}
        />
      </div>
      <div className="filter filter-narrow filter-choice">
        <label htmlFor={`${uid}-status`}>{t('flow.statusFilter')}</label>
        <select
          id={`${uid}-status`}
          value={value.status ?? ''}
          onChange={(e) => set({ status: e.target.value || undefined })}
        >
          <option value="">{t('flow.allStatuses')}</option>
          {FLOW_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`flow.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="filter filter-narrow filter-choice">
        <label htmlFor={`${uid}-dir`}>{t('flow.direction')}</label>
        <select
          id={`${uid}-dir`}
          value={value.direction ?? ''}
          onChange={(e) => set({ direction: (e.target.value || undefined) as FlowFilter['direction'] })}
        >
          <option value="">{t('flow.allDirections')}</option>
          <option value="in">{t('flow.dirIn')}</option>
          <option value="outbox">{t('flow.dirOutbox')}</option>
        </select>
      </div>
      {numbers && numbers.length > 1 && (
        <NumberFilter numbers={numbers} value={value.number} onChange={(number) => set({ number })} />
      )}
    </div>
  );
});
