import { useTranslation } from 'react-i18next';
import type { Banner } from '../../../shared/dto';
import { useAction } from '../hooks/useCommand';
import type { PageId } from '../hooks/useHashPage';
import { formatDateTime, formatPhone } from '../lib/format';
import { ErrorText } from './ErrorText';
import { ReleaseChatButton } from './ReleaseChatButton';

const ACTION: Record<Exclude<Banner['id'], 'chat_paused'>, PageId> = {
  logged_out: 'pairing',
  keychain_missing: 'pairing',
  otomax_unreachable: 'settings',
  blocked: 'pairing',
  replaced: 'pairing',
  version_too_old: 'settings',
  callback_mismatch: 'settings',
  multidevice_mismatch: 'pairing',
  wa_rate_limited: 'settings',
  wa_flapping: 'pairing',
  clock_skew: 'pairing',
  number_unlinked: 'numbers',
};

/** What needs the owner now, above every screen. Announced politely when it changes. */
export function Banners({ banners, onGo }: { banners: readonly Banner[]; onGo: (p: PageId) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="banners" aria-live="polite">
      {banners.map((b) => {
        const page = b.id === 'chat_paused' ? null : ACTION[b.id];
        const values = {
          since: formatDateTime(b.since, i18n.language),
          until: b.until !== undefined ? formatDateTime(b.until, i18n.language) : '',
          seconds: Math.abs(b.seconds ?? 0),
          chat: formatPhone(b.phone ?? null),
          name: b.name ?? '',
        };
        return (
          <div
            key={`${b.id}:${b.phone ?? ''}:${b.name ?? ''}`}
            className={`banner banner-${b.level}`}
            role={b.level === 'error' ? 'alert' : 'status'}
            data-banner={b.id}
            {...(b.phone ? { 'data-phone': b.phone } : {})}
          >
            <span className="banner-icon" aria-hidden="true">
              {b.level === 'error' ? '!' : 'i'}
            </span>
            <p className="banner-text">
              <strong>{t(`banners.${b.id}.title`, values)}</strong> {t(`banners.${b.id}.body`, values)}
            </p>
            {b.id === 'callback_mismatch' ? (
              <RegisterCallback label={t(`banners.${b.id}.action`)} />
            ) : page === null ? (
              <ReleaseChatButton phone={b.phone ?? ''} label={t('banners.chat_paused.action')} />
            ) : (
              <button type="button" className="btn btn-secondary btn-small" onClick={() => onGo(page)}>
                {t(`banners.${b.id}.action`)}
              </button>
            )}
          </div>
        );
      })}
    </div>
  );
}

/** One click gives OtomaX our callback URL; the banner goes away by itself once OtomaX holds it. */
function RegisterCallback({ label }: { label: string }) {
  const register = useAction('callback:register');
  return (
    <>
      <button
        type="button"
        className="btn btn-primary btn-small"
        data-testid="banner-register-callback"
        disabled={register.busy}
        aria-busy={register.busy || undefined}
        onClick={() => void register.run(undefined)}
      >
        {label}
      </button>
      <ErrorText error={register.error} />
    </>
  );
}
