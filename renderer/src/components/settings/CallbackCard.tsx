import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction, useLoad } from '../../hooks/useCommand';
import { ConfirmButton } from '../ConfirmButton';
import { CopyField } from '../CopyField';
import { ErrorText } from '../ErrorText';

/** The address OtomaX posts its outbox to: copy it, register it with OtomaX, or replace its secret part. */
export function CallbackCard() {
  const { t } = useTranslation();
  const current = useLoad('callback:get', undefined);
  const register = useAction('callback:register');
  const rotate = useAction('callback:rotate');
  const [note, setNote] = useState<string | null>(null);
  const url = current.value?.url ?? '';
  return (
    <div className="inline-card">
      <h3>{t('settings.callbackTitle')}</h3>
      <p className="hint">{t('settings.callbackHint')}</p>
      <ErrorText error={current.error} />
      <CopyField value={url} label={t('settings.callbackTitle')} testId="callback-url" />
      <div className="actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={register.busy || !url}
          aria-busy={register.busy || undefined}
          onClick={() =>
            void register.run(undefined).then((r) => {
              if (r) setNote(t('settings.callbackRegistered'));
            })
          }
        >
          {t('settings.callbackRegister')}
        </button>
        <ConfirmButton
          question={t('settings.callbackRotateQuestion')}
          confirmLabel={t('settings.callbackRotate')}
          busy={rotate.busy}
          onConfirm={() =>
            void rotate.run(undefined).then((r) => {
              if (!r) return;
              current.set(r);
              setNote(t('settings.callbackRotated'));
            })
          }
        >
          {t('settings.callbackRotate')}
        </ConfirmButton>
      </div>
      <div aria-live="polite">{note && <p className="success">{note}</p>}</div>
      <ErrorText error={register.error ?? rotate.error} />
    </div>
  );
}
