import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlowFilter } from '../../../shared/dto';
import { ErrorText } from '../components/ErrorText';
import { ExportDialog } from '../components/flow/ExportDialog';
import { FlowFilters } from '../components/flow/FlowFilters';
import { FlowTable } from '../components/flow/FlowTable';
import { RowDetail } from '../components/flow/RowDetail';
import { useDebounced } from '../hooks/useDebounced';
import { useFlow } from '../hooks/useFlow';
import { useLiveNumbers } from '../hooks/useLiveNumbers';
import { cleanFilter } from '../lib/flow-rows';
import { formatNumber } from '../lib/format';

export function LiveFlowPage() {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<FlowFilter>({});
  const settled = useDebounced(draft, 300);
  const filter = useMemo(() => cleanFilter(settled), [settled]);
  const flow = useFlow(filter);
  const [open, setOpen] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const lang = i18n.language;
  const { numbers, several } = useLiveNumbers();

  return (
    <section className="page page-fill" aria-labelledby="flow-title">
      <header className="page-header page-header-row">
        <div>
          <h1 id="flow-title">{t('flow.title')}</h1>
          <p className="page-sub" aria-live="polite" data-testid="flow-count">
            {flow.loading
              ? t('common.loading')
              : t(flow.totalIsLowerBound ? 'flow.countMoreThan' : 'flow.count', {
                  shown: formatNumber(flow.rows.length, lang),
                  total: formatNumber(flow.total, lang),
                })}
          </p>
        </div>
        <div className="actions">
          <button
            type="button"
            className={`btn ${flow.paused ? 'btn-primary' : 'btn-secondary'}`}
            aria-pressed={flow.paused}
            onClick={() => flow.setPaused(!flow.paused)}
          >
            {flow.paused ? t('flow.resume', { count: flow.waiting }) : t('flow.pause')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => setExporting(true)}>
            {t('flow.export')}
          </button>
        </div>
      </header>
      <FlowFilters value={draft} onChange={setDraft} numbers={numbers} />
      <ErrorText error={flow.error} />
      {flow.paused && (
        <p className="notice notice-info" role="status">
          {t('flow.pausedNote', { count: flow.waiting })}
        </p>
      )}
      <FlowTable
        rows={flow.rows}
        hasMore={flow.hasMore}
        onMore={flow.loadMore}
        onOpen={setOpen}
        filtered={Object.keys(filter).length > 0}
        showNumber={several}
      />
      {open && <RowDetail id={open} onClose={() => setOpen(null)} showNumber={several} />}
      {exporting && <ExportDialog filter={filter} onClose={() => setExporting(false)} />}
    </section>
  );
}
