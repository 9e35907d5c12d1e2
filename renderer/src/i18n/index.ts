import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Lang } from '../lib/format';
import { en } from './en';
import { id } from './id';

export const LANGUAGES: readonly Lang[] = ['id', 'en'];

/** A fresh i18next instance (no global one: tests create their own). Indonesian is the fallback. */
export function createI18n(lng: Lang): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { id: { translation: id }, en: { translation: en } },
    lng,
    fallbackLng: 'id',
    supportedLngs: LANGUAGES as Lang[],
    // React escapes already.
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
    showSupportNotice: false,
  });
  return instance;
}
