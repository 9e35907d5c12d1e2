import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../hooks/useCommand';
import { ConfirmButton } from '../ConfirmButton';
import { CopyField } from '../CopyField';
import { ErrorText } from '../ErrorText';

/** The local API key: made here, shown once, never again (the engine keeps only what it needs). */
export function ApiKeyCard({ saved }: { saved: boolean }) {
  const { t } = useTranslation();
  const rotate = useAction('apikey:rotate');
  const [fresh, setFresh] = useState<string | null>(null);
  return (
    <div className="inline-card">
      <h3>
        {t('settings.apiKeyTitle')}{' '}
        <span className={`badge ${saved ? 'badge-ok' : ''}`}>
          {saved ? t('settings.secretSaved') : t('settings.secretMissing')}
        </span>
      </h3>
      <p className="hint">{t('settings.apiKeyHint')}</p>
      {fresh ? (
        <div className="notice notice-warning" role="status">
          <p>
            <strong>{t('settings.apiKeyOnce')}</strong>
          </p>
          <CopyField value={fresh} label={t('settings.apiKeyTitle')} testId="new-api-key">
            <button type="button" className="btn btn-ghost" onClick={() => setFresh(null)}>
              {t('settings.apiKeyHide')}
            </button>
          </CopyField>
        </div>
      ) : (
        <ConfirmButton
          question={t('settings.apiKeyQuestion')}
          confirmLabel={t('settings.apiKeyRotate')}
          busy={rotate.busy}
          onConfirm={() => void rotate.run(undefined).then((r) => r && setFresh(r.apiKey))}
        >
          {t('settings.apiKeyRotate')}
        </ConfirmButton>
      )}
      <ErrorText error={rotate.error} />
    </div>
  );
}
