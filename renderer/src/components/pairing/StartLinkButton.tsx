import { useTranslation } from 'react-i18next';
import type { SessionState } from '../../../../shared/dto';
import { CAN_START } from '../../lib/session-state';

/**
 * The button that (re)starts linking a number, on the Pairing screen and on each number's card: shown only where
 * linking can start, and named for what it does in that state (a new QR after one ran out, reconnecting after
 * another device took over).
 */
export function StartLinkButton({ state, busy, onStart }: { state: SessionState; busy: boolean; onStart: () => void }) {
  const { t } = useTranslation();
  if (!CAN_START.includes(state)) return null;
  return (
    <button type="button" className="btn btn-primary" disabled={busy} onClick={onStart}>
      {state === 'qr_timeout' || state === 'link_failed'
        ? t('pairing.newQr')
        : state === 'replaced'
          ? t('pairing.reconnect')
          : t('pairing.start')}
    </button>
  );
}
