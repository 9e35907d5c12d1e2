import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionStatus, WaNumber } from '../../../../shared/dto';
import { useAction } from '../../hooks/useCommand';
import { formatPhone } from '../../lib/format';
import { CAN_START } from '../../lib/session-state';
import { ErrorText } from '../ErrorText';
import { CodeForm } from '../pairing/CodeForm';
import { CodePanel } from '../pairing/CodePanel';
import { QrPanel } from '../pairing/QrPanel';
import { StartLinkButton } from '../pairing/StartLinkButton';

/**
 * Link one number: the Pairing screen's QR and code panels, for the number chosen. The primary is addressed without
 * `number` (what every engine understands); another number by its id.
 */
export function NumberPairing({
  number,
  status,
  onStatus,
  onClose,
}: {
  number: WaNumber;
  status: SessionStatus;
  onStatus: (s: SessionStatus) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const start = useAction('pairing:start');
  const [useCode, setUseCode] = useState(false);
  const ref = number.primary ? {} : { number: number.id };
  const begin = async (input: { mode: 'qr' } | { mode: 'code'; phone: string }) => {
    const s = await start.run({ ...input, ...ref });
    if (s) onStatus(s);
  };
  const state = status.state;
  return (
    <section className="card number-pairing" aria-labelledby={`pair-${number.id}`} data-testid="number-pairing">
      <h2 id={`pair-${number.id}`}>{t('numbers.pairTitle', { name: number.name })}</h2>
      <div aria-live="polite" data-testid="number-pairing-state" data-state={state}>
        {state === 'open' ? (
          <p className="tone-ok">{t('numbers.pairOpen', { phone: formatPhone(status.phone ?? null) })}</p>
        ) : (
          <p>{t(`session.next.${state}`)}</p>
        )}
      </div>
      {state === 'qr' && status.qr ? (
        <QrPanel qr={status.qr} expiresAt={status.qrExpiresAt} since={status.since} />
      ) : state === 'pairing_code' && status.pairingCode ? (
        <CodePanel code={status.pairingCode} phone={status.pairingPhone} />
      ) : null}
      <div className="actions">
        <StartLinkButton state={state} busy={start.busy} onStart={() => void begin({ mode: 'qr' })} />
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          {t('numbers.pairClose')}
        </button>
      </div>
      {(CAN_START.includes(state) || state === 'qr' || state === 'pairing_code') && (
        <div className="alt-method">
          <button type="button" className="btn btn-link" aria-expanded={useCode} onClick={() => setUseCode((v) => !v)}>
            {useCode ? t('pairing.useQrInstead') : t('pairing.useCodeInstead')}
          </button>
          {useCode && (
            <CodeForm busy={start.busy} error={start.error} onSubmit={(phone) => void begin({ mode: 'code', phone })} />
          )}
        </div>
      )}
      {!useCode && <ErrorText error={start.error} />}
    </section>
  );
}
