import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OtomaxTestResult } from '../../../../shared/dto';
import { useAction } from '../../hooks/useCommand';
import { formatLatency } from '../../lib/format';
import { ErrorText } from '../ErrorText';

/** Try the saved OtomaX settings now (the test runs against what is saved, not what is being typed). */
export function OtomaxTest({ dirty }: { dirty: boolean }) {
  const { t, i18n } = useTranslation();
  const test = useAction('otomax:test');
  const [result, setResult] = useState<OtomaxTestResult | null>(null);
  return (
    <div className="inline-card">
      <div className="input-row">
        <button
          type="button"
          className="btn btn-secondary"
          disabled={test.busy}
          aria-busy={test.busy || undefined}
          onClick={() => {
            setResult(null);
            void test.run(undefined).then(setResult);
          }}
        >
          {test.busy ? t('settings.testing') : t('settings.testOtomax')}
        </button>
        {dirty && <span className="hint">{t('settings.testUsesSaved')}</span>}
      </div>
      <div aria-live="polite">
        {result && (
          <p className={result.ok ? 'success' : 'error-text'} data-testid="otomax-test-result">
            {result.ok ? '✓ ' : '✗ '}
            {result.ok
              ? t('settings.testOk', { latency: formatLatency(result.latencyMs, i18n.language) })
              : t('settings.testFailed')}
            {result.version ? ` · ${t('settings.version', { v: result.version })}` : ''}
            {result.message ? ` · ${result.message}` : ''}
          </p>
        )}
        <ErrorText error={test.error} />
      </div>
    </div>
  );
}
