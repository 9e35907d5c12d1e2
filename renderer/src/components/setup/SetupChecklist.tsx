import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { SetupStep } from '../../../../shared/dto';
import { useEngineState } from '../../hooks/EngineState';
import { useAction, useLoad } from '../../hooks/useCommand';
import { useEvent } from '../../hooks/useEvent';
import type { PageId } from '../../hooks/useHashPage';
import { ErrorText } from '../ErrorText';

const RECHECK_MS = 10_000;

/**
 * First run: the four things that make Jembatan work, each with the button that does it, green when done.
 * Gone for good once all are done (or dismissed); later trouble is shown by the banners.
 */
export function SetupChecklist({ onGo }: { onGo: (p: PageId) => void }) {
  const { t } = useTranslation();
  const { setForwarding } = useEngineState();
  const list = useLoad('setup:checklist', undefined);
  const register = useAction('callback:register');
  const forward = useAction('forwarding:set');
  const dismiss = useAction('setup:dismiss');
  const { reload } = list;
  useEvent('session:status', reload);
  useEvent('forwarding:changed', reload);
  useEvent('settings:changed', reload);
  const open = list.value !== null && !list.value.complete && !list.value.dismissed;
  useEffect(() => {
    if (!open) return;
    const timer = setInterval(reload, RECHECK_MS);
    return () => clearInterval(timer);
  }, [open, reload]);
  if (!open || !list.value) return null;

  const steps = list.value.steps;
  const act = (step: SetupStep['id']) => {
    switch (step) {
      case 'whatsapp':
        return onGo('pairing');
      case 'otomax':
        return onGo('settings');
      case 'callback':
        return void register.run(undefined).then(reload);
      case 'forwarding':
        return void forward.run({ enabled: true }).then((f) => {
          if (f) setForwarding(f);
          reload();
        });
    }
  };
  const busy = (step: SetupStep['id']) =>
    (step === 'callback' && register.busy) || (step === 'forwarding' && forward.busy);

  return (
    <section className="card checklist" aria-labelledby="checklist-title" data-testid="setup-checklist">
      <div className="card-head">
        <h2 id="checklist-title">{t('checklist.title')}</h2>
        <button
          type="button"
          className="btn btn-ghost"
          disabled={dismiss.busy}
          onClick={() => void dismiss.run(undefined).then((c) => c && list.set(c))}
        >
          {t('checklist.dismiss')}
        </button>
      </div>
      <p className="hint">
        {t('checklist.progress', { done: steps.filter((s) => s.done).length, total: steps.length })}
      </p>
      <ol className="checklist-steps">
        {steps.map((s) => (
          <li
            key={s.id}
            data-step={s.id}
            data-done={s.done}
            className={`checklist-step tone-${s.done ? 'ok' : 'neutral'}`}
          >
            <span className="dot" aria-hidden="true" />
            <span className="checklist-text">
              <strong>{t(`checklist.step.${s.id}`)}</strong>
              <span className="hint">{s.done ? t('checklist.done') : t(`checklist.why.${s.id}`)}</span>
            </span>
            {!s.done && (
              <button
                type="button"
                className="btn btn-primary"
                disabled={busy(s.id)}
                aria-busy={busy(s.id) || undefined}
                onClick={() => act(s.id)}
              >
                {t(`checklist.action.${s.id}`)}
              </button>
            )}
          </li>
        ))}
      </ol>
      <ErrorText error={register.error ?? forward.error ?? dismiss.error ?? list.error} />
    </section>
  );
}
