import { useTranslation } from 'react-i18next';
import type { SessionState, SessionStatus, WaNumber } from '../../../../shared/dto';
import { formatPhone } from '../../lib/format';
import { SESSION_TONE } from '../../lib/session-state';

/** A card also shows linking in progress as busy. */
const TONE: Partial<Record<SessionState, 'ok' | 'bad' | 'busy'>> = {
  ...SESSION_TONE,
  qr: 'busy',
  pairing_code: 'busy',
};
import { ConfirmButton } from '../ConfirmButton';

/** One number at a glance: name, terminal, state, phone, and what the owner can do with it. */
export function NumberCard({
  number,
  status,
  defaultTerminal,
  fallbackName,
  removing,
  onPair,
  onEdit,
  onRemove,
}: {
  number: WaNumber;
  status: SessionStatus;
  defaultTerminal: number;
  fallbackName: string | null;
  removing: boolean;
  onPair: () => void;
  onEdit: () => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const state = status.state;
  const phone = status.phone ?? number.phone;
  return (
    <li className="number-card card" data-testid="number-card" data-id={number.id} data-state={state}>
      <div className="number-head">
        <h2 className="number-name">{number.name}</h2>
        {number.primary && <span className="badge badge-ok">{t('numbers.primary')}</span>}
        <span className={`chip tone-${TONE[state] ?? 'neutral'}`} data-testid="number-state">
          {t(`session.short.${state}`)}
        </span>
      </div>
      <p className="number-facts">
        <span>
          {number.kodeTerminal === null
            ? t('numbers.terminalDefault', { n: defaultTerminal })
            : t('numbers.terminal', { n: number.kodeTerminal })}
        </span>
        <span className="mono" data-testid="number-phone">
          {phone ? formatPhone(phone) : t('numbers.phoneNone')}
        </span>
        {fallbackName && <span>{t('numbers.fallbackShown', { name: fallbackName })}</span>}
      </p>
      <div className="actions">
        {state !== 'open' && (
          <button type="button" className="btn btn-primary btn-small" onClick={onPair}>
            {t('numbers.pair')}
          </button>
        )}
        <button type="button" className="btn btn-secondary btn-small" onClick={onEdit}>
          {t('numbers.edit')}
        </button>
        {number.primary ? (
          <span className="hint">{t('numbers.primaryNoRemove')}</span>
        ) : (
          <ConfirmButton
            danger
            question={t('numbers.removeQuestion', { name: number.name })}
            confirmLabel={t('numbers.removeConfirm')}
            busy={removing}
            onConfirm={onRemove}
          >
            {t('numbers.remove')}
          </ConfirmButton>
        )}
      </div>
    </li>
  );
}
