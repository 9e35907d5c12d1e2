import { useTranslation } from 'react-i18next';
import { useConnection } from '../api/ApiContext';
import { useNow } from '../hooks/useNow';

/** The headless window's link to the engine, when it is not simply working. */
export function ConnectionBar() {
  const { t } = useTranslation();
  const c = useConnection();
  const now = useNow(1000, c.state === 'reconnecting');
  if (c.state === 'ready' || c.state === 'no_token' || c.state === 'unauthorized') return null;
  const seconds = c.nextRetryAt ? Math.max(0, Math.ceil((c.nextRetryAt - now) / 1000)) : 0;
  return (
    <div className="connection-bar" role="status" aria-live="polite">
      {c.state === 'connecting' ? t('conn.connecting') : t('conn.reconnecting', { s: seconds })}
      {c.failures >= 3 && <span className="hint"> {t('conn.staleHint')}</span>}
    </div>
  );
}

/** Instead of the app: the address has no token, or a wrong one. */
export function NoAccess() {
  const { t } = useTranslation();
  const c = useConnection();
  if (c.state !== 'no_token' && c.state !== 'unauthorized') return null;
  return (
    <main className="no-access">
      <h1>{c.state === 'unauthorized' ? t('conn.staleTitle') : t('conn.noTokenTitle')}</h1>
      <p>{c.state === 'unauthorized' ? t('conn.staleBody') : t('conn.noTokenBody')}</p>
    </main>
  );
}
