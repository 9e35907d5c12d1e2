import { useTranslation } from 'react-i18next';
import type { Banner } from '../../../shared/dto';
import type { PageId } from '../hooks/useHashPage';
import { formatDateTime, formatPhone } from '../lib/format';
import { ReleaseChatButton } from './ReleaseChatButton';

const ACTION: Record<Exclude<Banner['id'], 'chat_paused'>, PageId> = {
  logged_out: 'pairing',
  keychain_missing: 'pairing',
  otomax_unreachable: 'settings',
  blocked: 'pairing',
  replaced: 'pairing',
  version_too_old: 'settings',
};

/** What needs the owner now, above every screen. Announced politely when it changes. */
export function Banners({ banners, onGo }: { banners: readonly Banner[]; onGo: (p: PageId) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="banners" aria-live="polite">
      {banners.map((b) => {
        const page = b.id === 'chat_paused' ? null : ACTION[b.id];
        const values = { since: formatDateTime(b.since, i18n.language), chat: formatPhone(b.phone ?? null) };
        return (
          <div
            key={`${b.id}:${b.phone ?? ''}`}
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
            {page === null ? (
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
