/** Display helpers. Times are local: the owner reads them against the shop's clock. */

export type Lang = 'id' | 'en';

const locale = (lang: string) => (lang === 'en' ? 'en-GB' : 'id-ID');

export function formatTime(ms: number, lang: string): string {
  return new Date(ms).toLocaleTimeString(locale(lang), { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function formatDateTime(ms: number, lang: string): string {
  return new Date(ms).toLocaleString(locale(lang), {
    day: '2-digit',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

export function formatNumber(n: number, lang: string): string {
  return n.toLocaleString(locale(lang));
}

/** 850 → "850 ms", 12_300 → "12,3 s". */
export function formatLatency(ms: number | null, lang: string): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toLocaleString(locale(lang), { maximumFractionDigits: 1 })} s`;
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
