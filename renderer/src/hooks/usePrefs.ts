import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/ApiContext';
import { langOf, type Lang } from '../lib/format';

export type Theme = 'light' | 'dark' | 'system';

export const LANG_KEY = 'jembatan.lang';
export const THEME_KEY = 'jembatan.theme';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage can be disabled (private mode): the choice then lasts for this session only.
  }
}

export function storedLang(): Lang {
  return read(LANG_KEY) === 'en' ? 'en' : 'id';
}

export function storedTheme(): Theme {
  const v = read(THEME_KEY);
  return v === 'light' || v === 'dark' ? v : 'system';
}

/** Puts the theme on <html data-theme>, where the CSS variables pick it up. */
export function applyTheme(theme: Theme): void {
  const dark = theme === 'dark' || (theme === 'system' && window.matchMedia?.('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

export function useTheme(): [Theme, (t: Theme) => void] {
  const [theme, setTheme] = useState<Theme>(storedTheme);
  useEffect(() => {
    applyTheme(theme);
    if (theme !== 'system' || !window.matchMedia) return;
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    const follow = () => applyTheme('system');
    mq.addEventListener?.('change', follow);
    return () => mq.removeEventListener?.('change', follow);
  }, [theme]);
  const choose = useCallback((t: Theme) => {
    write(THEME_KEY, t);
    setTheme(t);
  }, []);
  return [theme, choose];
}

export function useLanguage(): [Lang, (l: Lang) => void] {
  const { i18n } = useTranslation();
  const { shellLanguage } = useApi();
  const lang = langOf(i18n.language);
  useEffect(() => {
    document.documentElement.lang = lang;
    // The tray, desktop notifications and Chromium's own words (from the next start) follow the window.
    shellLanguage(lang);
  }, [lang, shellLanguage]);
  const choose = useCallback(
    (l: Lang) => {
      write(LANG_KEY, l);
      void i18n.changeLanguage(l);
    },
    [i18n],
  );
  return [lang, choose];
}

export const CSV_SEPARATOR_KEY = 'jembatan.csvSeparator';
export type CsvSeparator = ',' | ';';

/**
 * The CSV separator the owner's spreadsheet expects, remembered: Indonesian Excel splits on ';', English on ','.
 * Until chosen it follows the window's language.
 */
export function useCsvSeparator(lang: Lang): [CsvSeparator, (s: CsvSeparator) => void] {
  const [sep, setSep] = useState<CsvSeparator>(() => {
    const v = read(CSV_SEPARATOR_KEY);
    return v === ',' || v === ';' ? v : lang === 'id' ? ';' : ',';
  });
  const choose = useCallback((s: CsvSeparator) => {
    write(CSV_SEPARATOR_KEY, s);
    setSep(s);
  }, []);
  return [sep, choose];
}
