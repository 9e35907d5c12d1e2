import { useTranslation } from 'react-i18next';
import { useNow } from '../../hooks/useNow';
import { QrCode } from '../QrCode';

/** The QR to scan and how long it stays valid (WhatsApp rotates it about every 20 s). */
export function QrPanel({ qr, expiresAt, since }: { qr: string; expiresAt: number | undefined; since: number }) {
  const { t } = useTranslation();
  const now = useNow(250);
  const total = expiresAt ? Math.max(1, expiresAt - since) : 0;
  const left = expiresAt ? Math.max(0, expiresAt - now) : 0;
  const seconds = Math.ceil(left / 1000);
  return (
    <div className="qr-panel">
      <QrCode value={qr} label={t('pairing.qrLabel')} />
      {expiresAt && (
        <div className="countdown">
          <div className="progress" aria-hidden="true">
            <span style={{ width: `${(left / total) * 100}%` }} />
          </div>
          <p className="countdown-text" data-testid="qr-countdown">
            {seconds > 0 ? t('pairing.qrExpiresIn', { s: seconds }) : t('pairing.qrWaitingNew')}
          </p>
        </div>
      )}
    </div>
  );
}
