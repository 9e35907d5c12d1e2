/** Display helpers. Times are local: the owner reads them against the shop's clock. */
import type { WindowLanguage } from '../../../shared/api';

export type Lang = WindowLanguage;

/** The window's language from i18next's (Indonesian unless English was chosen). */
export const langOf = (language: string): Lang => (language === 'en' ? 'en' : 'id');

const locale = (lang: string) => (lang === 'en' ? 'en-GB' : 'id-ID');

/**
 * One Intl formatter per language and shape, made once: toLocaleTimeString and friends build a new one on every
 * call (a tenth of a millisecond or more each), and the live flow formats every row it shows.
 */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(lang: string, shape: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${shape}|${lang}`;
  let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale(lang), options)));
  return f;
}

function numberFormat(lang: string, shape: string, options?: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${shape}|${lang}`;
  let f = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(locale(lang), options)));
  return f;
}

export function formatTime(ms: number, lang: string): string {
  return dateFormat(lang, 'time', { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(ms);
}

export function formatDateTime(ms: number, lang: string): string {
  return dateFormat(lang, 'datetime', {
    day: '2-digit',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(ms);
}

export function formatNumber(n: number, lang: string): string {
  return numberFormat(lang, 'plain').format(n);
}

/** 850 → "850 ms", 12_300 → "12,3 s". */
export function formatLatency(ms: number | null, lang: string): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${numberFormat(lang, 'tenths', { maximumFractionDigits: 1 }).format(ms / 1000)} s`;
}

/** 6281234567890 → +62 812-3456-7890; anything else as is. */
export function formatPhone(phone: string | null): string {
  if (!phone) return '—';
  const m = /^62(\d{3})(\d{3,4})(\d{3,5})$/.exec(phone);
  return m ? `+62 ${m[1]}-${m[2]}-${m[3]}` : phone;
}

/** Value of an <input type="datetime-local"> for a ms timestamp, in local time. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(value: string): number | undefined {
  if (!value) return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}
