import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionStatus } from '../../../shared/dto';
import { ConfirmButton } from '../components/ConfirmButton';
import { ErrorText } from '../components/ErrorText';
import { CodeForm } from '../components/pairing/CodeForm';
import { CodePanel } from '../components/pairing/CodePanel';
import { QrPanel } from '../components/pairing/QrPanel';
import { StartLinkButton } from '../components/pairing/StartLinkButton';
import { useEngineState } from '../hooks/EngineState';
import { useAction } from '../hooks/useCommand';
import type { PageId } from '../hooks/useHashPage';
import { useNow } from '../hooks/useNow';
import { formatDateTime, formatPhone } from '../lib/format';
import { CAN_START, SESSION_TONE as TONE } from '../lib/session-state';

export function PairingPage({ onGo }: { onGo: (p: PageId) => void }) {
  const { t } = useTranslation();
  const { session, info, setSession } = useEngineState();
  const start = useAction('pairing:start');
  const logout = useAction('session:logout');
  const [useCode, setUseCode] = useState(false);
  const state = session?.state ?? 'connecting';

  const begin = async (input: { mode: 'qr' } | { mode: 'code'; phone: string }) => {
    const s = await start.run(input);
    if (s) setSession(s);
  };
  const keychainMissing = info ? !info.keychain.available : false;

  return (
    <section className="page" aria-labelledby="pairing-title">
      <header className="page-header">
        <h1 id="pairing-title">{t('pairing.title')}</h1>
        <p className="page-sub">{t('pairing.subtitle')}</p>
      </header>
      {keychainMissing && (
        <div className="notice notice-warning" role="status" data-testid="keychain-notice">
          <strong>{t('pairing.keychainTitle')}</strong>
          <p>{t('pairing.keychainBody')}</p>
        </div>
      )}
      <div className="pairing-grid">
        <div className="card pairing-main">
          {state === 'qr' && session?.qr ? (
            <QrPanel qr={session.qr} expiresAt={session.qrExpiresAt} since={session.since} />
          ) : state === 'pairing_code' && session?.pairingCode ? (
            <CodePanel code={session.pairingCode} phone={session.pairingPhone} />
          ) : (
            <StateBadge session={session} />
          )}
        </div>
        <div className="card pairing-side">
          <div aria-live="polite" data-testid="session-state" data-state={state}>
            <h2 className={`state-title tone-${TONE[state] ?? 'neutral'}`}>
              {t(`session.title.${state}`, stateVars(session))}
            </h2>
            <p>{t(`session.next.${state}`)}</p>
            {state === 'reconnecting' && session?.nextRetryAt && (
              <RetryIn at={session.nextRetryAt} attempt={session.attempt} />
            )}
            <LinkHealth session={session} />
          </div>
          {state === 'qr' && (
            <ol className="steps">
              <li>{t('pairing.qrStep1')}</li>
              <li>{t('pairing.qrStep2')}</li>
              <li>{t('pairing.qrStep3')}</li>
            </ol>
          )}
          {(state === 'qr' || state === 'pairing_code') && (
            <p className="hint" data-testid="passkey-note">
              {t('pairing.passkeyNote')}
            </p>
          )}
          <div className="actions">
            <StartLinkButton state={state} busy={start.busy} onStart={() => void begin({ mode: 'qr' })} />
            {state === 'version_too_old' && (
              <button type="button" className="btn btn-secondary" onClick={() => onGo('settings')}>
                {t('pairing.openSettings')}
              </button>
            )}
            {state === 'open' && (
              <>
                <button type="button" className="btn btn-primary" onClick={() => onGo('flow')}>
                  {t('pairing.openFlow')}
                </button>
                <ConfirmButton
                  danger
                  question={t('pairing.logoutQuestion')}
                  confirmLabel={t('pairing.logout')}
                  busy={logout.busy}
                  onConfirm={() => void logout.run(undefined).then((s) => s && setSession(s))}
                >
                  {t('pairing.logout')}
                </ConfirmButton>
              </>
            )}
          </div>
          <ErrorText error={logout.error} />
          {(CAN_START.includes(state) || state === 'qr' || state === 'pairing_code') && (
            <div className="alt-method">
              <button
                type="button"
                className="btn btn-link"
                aria-expanded={useCode}
                onClick={() => setUseCode((v) => !v)}
              >
                {useCode ? t('pairing.useQrInstead') : t('pairing.useCodeInstead')}
              </button>
              {useCode && (
                <CodeForm
                  busy={start.busy}
                  error={start.error}
                  onSubmit={(phone) => void begin({ mode: 'code', phone })}
                />
              )}
            </div>
          )}
          {!useCode && <ErrorText error={start.error} />}
        </div>
      </div>
    </section>
  );
}

function stateVars(s: SessionStatus | null) {
  return { phone: formatPhone(s?.phone ?? null), name: s?.name ?? '' };
}

function StateBadge({ session }: { session: SessionStatus | null }) {
  const { t } = useTranslation();
  const state = session?.state ?? 'connecting';
  return (
    <div className={`state-badge tone-${TONE[state] ?? 'neutral'}`}>
      <span className="state-icon" aria-hidden="true">
        {state === 'open' ? '✓' : TONE[state] === 'bad' ? '!' : '…'}
      </span>
      <p>{t(`session.short.${state}`)}</p>
      {state === 'open' && session?.phone && <p className="state-phone">{formatPhone(session.phone)}</p>}
    </div>
  );
}

function RetryIn({ at, attempt }: { at: number; attempt: number | undefined }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const s = Math.max(0, Math.ceil((at - now) / 1000));
  return <p className="hint">{t('pairing.retryIn', { s, attempt: attempt ?? 1 })}</p>;
}

/** Facts about the link whatever its state: flapping, WhatsApp's send pause, the PC clock's offset. */
function LinkHealth({ session }: { session: SessionStatus | null }) {
  const { t, i18n } = useTranslation();
  if (!session) return null;
  const offset = session.clockOffsetMs;
  const seconds = offset === undefined ? 0 : Math.round(offset / 1000);
  return (
    <>
      {session.flapping && (
        <p className="hint tone-bad" data-testid="link-flapping">
          {t('pairing.flapping')}
        </p>
      )}
      {session.sendPausedUntil !== undefined && (
        <p className="hint tone-bad" data-testid="send-paused">
          {t('pairing.sendPaused', { until: formatDateTime(session.sendPausedUntil, i18n.language) })}
        </p>
      )}
      {offset !== undefined && (
        <p className={`hint ${Math.abs(offset) >= 10_000 ? 'tone-bad' : ''}`} data-testid="clock-offset">
          {Math.abs(offset) >= 10_000
            ? t('pairing.clockOffsetBad', { s: seconds })
            : t('pairing.clockOffset', { s: seconds })}
        </p>
      )}
    </>
  );
}
