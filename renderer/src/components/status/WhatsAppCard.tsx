import { useTranslation } from 'react-i18next';
import type { SessionState, SessionStatus } from '../../../../shared/dto';
import { useNumbers } from '../../hooks/useNumbers';
import { formatPhone } from '../../lib/format';
import { SESSION_TONE } from '../../lib/session-state';

/**
 * Status's WhatsApp card. One number: its state and phone, large, as before. Several (issue 17): how many are
 * connected, then each number by its name (the primary marked) with its own state and phone, kept live by
 * session:status; a number that needs attention stands out by its colour.
 */
export function WhatsAppCard({ session }: { session: SessionStatus | null }) {
  const { t } = useTranslation();
  const { list, statusOf } = useNumbers();
  const numbers = list.value ?? [];
  const state: SessionState = session?.state ?? 'connecting';

  if (numbers.length <= 1) {
    return (
      <div className="card">
        <h2>{t('status.whatsapp')}</h2>
        <p className={`big-state tone-${state === 'open' ? 'ok' : 'bad'}`} aria-live="polite" data-testid="wa-state">
          <span className="dot" aria-hidden="true" />
          {t(`session.short.${state}`)}
        </p>
        {state === 'open' && session?.phone && <p className="muted">{formatPhone(session.phone)}</p>}
      </div>
    );
  }

  const rows = numbers.map((n) => ({ n, s: statusOf(n) }));
  const open = rows.filter((r) => r.s.state === 'open').length;
  return (
    <div className="card" data-testid="wa-card">
      <h2>{t('status.whatsapp')}</h2>
      <p
        className={`big-state tone-${open === rows.length ? 'ok' : 'bad'}`}
        aria-live="polite"
        data-testid="wa-summary"
      >
        <span className="dot" aria-hidden="true" />
        {t('statusNumbers.summary', { open, total: rows.length })}
      </p>
      <ul className="wa-numbers" aria-label={t('statusNumbers.listLabel')}>
        {rows.map(({ n, s }) => {
          const phone = s.phone ?? n.phone;
          return (
            <li key={n.id} className="wa-number" data-testid="wa-number" data-state={s.state}>
              <span className="wa-number-name">
                {n.name}
                {n.primary && <span className="badge badge-ok">{t('numbers.primary')}</span>}
              </span>
              <span className={`chip tone-${SESSION_TONE[s.state] ?? 'neutral'}`} data-testid="wa-number-state">
                {t(`session.short.${s.state}`)}
              </span>
              <span className={`muted wa-number-phone${phone ? ' mono' : ''}`}>
                {phone ? formatPhone(phone) : t('statusNumbers.phoneNone')}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
