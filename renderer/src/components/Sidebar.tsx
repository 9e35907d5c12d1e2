import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { OverallState } from '../../../shared/dto';
import { PAGES, type PageId } from '../hooks/useHashPage';
import { useLanguage, useTheme, type Theme } from '../hooks/usePrefs';
import type { Lang } from '../lib/format';
import { OverallChip } from './OverallChip';

/** Brand, the screens, the overall state at a glance, language and theme. */
export function Sidebar({
  page,
  onGo,
  overall,
}: {
  page: PageId;
  onGo: (p: PageId) => void;
  overall: OverallState | null;
}) {
  const { t } = useTranslation();
  const [lang, setLang] = useLanguage();
  const [theme, setTheme] = useTheme();
  const uid = useId();
  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          J
        </span>
        <span className="brand-name">{t('app.name')}</span>
      </div>
      <nav aria-label={t('nav.label')}>
        <ul className="nav-list">
          {PAGES.map((p) => (
            <li key={p}>
              <a
                href={`#/${p}`}
                className={`nav-item ${p === page ? 'active' : ''}`}
                aria-current={p === page ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  onGo(p);
                }}
              >
                {t(`nav.${p}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="sidebar-foot">
        <OverallChip overall={overall} onOpen={() => onGo('status')} />
        <div className="pref">
          <label htmlFor={`${uid}-lang`}>{t('prefs.language')}</label>
          <select id={`${uid}-lang`} value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
            <option value="id">Bahasa Indonesia</option>
            <option value="en">English</option>
          </select>
        </div>
        <div className="pref">
          <label htmlFor={`${uid}-theme`}>{t('prefs.theme')}</label>
          <select id={`${uid}-theme`} value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
            <option value="system">{t('prefs.themeSystem')}</option>
            <option value="light">{t('prefs.themeLight')}</option>
            <option value="dark">{t('prefs.themeDark')}</option>
          </select>
        </div>
      </div>
    </aside>
  );
}
