import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OtomaxTestInput, OtomaxTestResult } from '../../../../shared/dto';
import type { SettingsPatch } from '../../../../shared/settings';
import { useAction } from '../../hooks/useCommand';
import { formatLatency } from '../../lib/format';
import { ErrorText } from '../ErrorText';

/** What the form holds now (saved or not): typed secrets go to the test only, the engine never stores them. */
export function testInput(patch: SettingsPatch): OtomaxTestInput {
  const values: NonNullable<OtomaxTestInput['values']> = {};
  for (const k of ['otomaxApiUrl', 'otomaxAppId', 'otomaxTimeoutMs'] as const) if (k in patch) values[k] = patch[k];
  return {
    ...(Object.keys(values).length ? { values } : {}),
    ...(patch.otomaxAppKey ? { otomaxAppKey: patch.otomaxAppKey } : {}),
    ...(patch.otomaxDevKey ? { otomaxDevKey: patch.otomaxDevKey } : {}),
  };
}

/** Try the OtomaX values in the form now, whether saved or not. */
export function OtomaxTest({ patch }: { patch: SettingsPatch }) {
  const { t, i18n } = useTranslation();
  const test = useAction('otomax:test');
  const [result, setResult] = useState<OtomaxTestResult | null>(null);
  const input = testInput(patch);
  const unsaved = Object.keys(input).length > 0;
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
            void test.run(input).then(setResult);
          }}
        >
          {test.busy ? t('settings.testing') : t('settings.testOtomax')}
        </button>
        <span className="hint">{unsaved ? t('otomaxTest.usesTyped') : t('otomaxTest.usesSaved')}</span>
      </div>
      <div aria-live="polite">
        {result && (
          <p className={result.ok ? 'success' : 'error-text'} data-testid="otomax-test-result">
            {result.ok ? '✓ ' : '✗ '}
            {result.ok
              ? t('settings.testOk', { latency: formatLatency(result.latencyMs, i18n.language) })
              : t(`otomaxTest.reason.${result.reason ?? 'other'}`, { ...result.params })}
            {result.version ? ` · ${t('settings.version', { v: result.version })}` : ''}
            {result.unsaved ? ` · ${t('otomaxTest.notSaved')}` : ''}
          </p>
        )}
        <ErrorText error={test.error} />
      </div>
    </div>
  );
}
