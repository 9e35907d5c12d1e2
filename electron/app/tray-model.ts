import type { ForwardingState, OverallState, SessionState, SessionStatus, WaNumber } from '../../shared/dto';
import { overallLine, type TrayLanguage } from './overall-text';

export type { TrayLanguage } from './overall-text';

const LABELS = {
  id: {
    open: 'Buka Jembatan',
    forwarding: 'Teruskan ke OtomaX',
    forwardingLocked: 'Teruskan ke OtomaX (diatur oleh {name})',
    autoLaunch: 'Jalankan saat komputer menyala',
    autoLaunchUnavailable: 'Jalankan saat komputer menyala (hanya versi terpasang)',
    quit: 'Keluar',
    whatsapp: 'WhatsApp',
    forwardingOn: 'penerusan aktif',
    forwardingOff: 'penerusan mati',
    unknown: 'memuat…',
    starting: 'Jembatan sedang dimulai…',
  },
  en: {
    open: 'Open Jembatan',
    forwarding: 'Forward to OtomaX',
    forwardingLocked: 'Forward to OtomaX (set by {name})',
    autoLaunch: 'Start at login',
    autoLaunchUnavailable: 'Start at login (installed app only)',
    quit: 'Quit',
    whatsapp: 'WhatsApp',
    forwardingOn: 'forwarding on',
    forwardingOff: 'forwarding off',
    unknown: 'loading…',
    starting: 'Jembatan is starting…',
  },
} as const;

const STATES: Record<TrayLanguage, Record<SessionState, string>> = {
  id: {
    idle: 'belum tersambung',
    connecting: 'menyambungkan…',
    qr: 'menunggu scan QR',
    pairing_code: 'menunggu kode pairing',
    open: 'tersambung',
    reconnecting: 'menyambung ulang…',
    logged_out: 'keluar dari perangkat',
    blocked: 'nomor diblokir',
    replaced: 'dibuka di tempat lain',
    version_too_old: 'versi WhatsApp kedaluwarsa',
    qr_timeout: 'QR kedaluwarsa',
    stopped: 'berhenti',
    link_failed: 'gagal menautkan, coba lagi',
    multidevice_mismatch: 'perbarui WhatsApp di ponsel',
  },
  en: {
    idle: 'not connected',
    connecting: 'connecting…',
    qr: 'waiting for QR scan',
    pairing_code: 'waiting for pairing code',
    open: 'connected',
    reconnecting: 'reconnecting…',
    logged_out: 'logged out',
    blocked: 'number blocked',
    replaced: 'opened elsewhere',
    version_too_old: 'WhatsApp version too old',
    qr_timeout: 'QR expired',
    stopped: 'stopped',
    link_failed: 'linking failed, try again',
    multidevice_mismatch: 'update WhatsApp on the phone',
  },
};

export interface TrayState {
  session: SessionStatus | null;
  forwarding: ForwardingState | null;
  /** The one at-a-glance state (the window's sidebar chip says the same). */
  overall?: OverallState | null;
  autoLaunch: { supported: boolean; enabled: boolean };
  /** The tray is up before the engine: true until engine.start() has finished. */
  starting?: boolean;
  /** Every live WhatsApp number (numbers:list, numbers:changed): the others get a line each under the primary's. */
  numbers?: readonly WaNumber[] | null;
}

export type TrayItem =
  | { kind: 'status'; label: string }
  | { kind: 'action'; id: 'open' | 'quit'; label: string }
  | { kind: 'checkbox'; id: 'forwarding' | 'autoLaunch'; label: string; checked: boolean; enabled: boolean }
  | { kind: 'separator' };

export function sessionLine(session: SessionStatus | null, lang: TrayLanguage): string {
  const l = LABELS[lang];
  if (!session) return `${l.whatsapp}: ${l.unknown}`;
  const state = STATES[lang][session.state] ?? session.state;
  const who = session.state === 'open' && session.phone ? ` (+${session.phone.replace(/^\+/, '')})` : '';
  return `${l.whatsapp}: ${state}${who}${clockWarning(session, lang)}`;
}

/** One line for a WhatsApp number other than the primary: "WhatsApp Cadangan: tersambung (+62...)". */
export function numberLine(n: WaNumber, lang: TrayLanguage): string {
  const state = STATES[lang][n.state] ?? n.state;
  const who = n.state === 'open' && n.phone ? ` (+${n.phone.replace(/^\+/, '')})` : '';
  return `${LABELS[lang].whatsapp} ${n.name}: ${state}${who}`;
}

/** The PC clock is off WhatsApp's time by 10 s or more: messages would be judged expired (or late). */
export function clockWarning(session: SessionStatus, lang: TrayLanguage): string {
  const ms = session.clockOffsetMs;
  if (ms === undefined || Math.abs(ms) < 10_000) return '';
  const s = Math.round(Math.abs(ms) / 1000);
  if (lang === 'id') return ` · jam PC ${ms > 0 ? 'lebih cepat' : 'lebih lambat'} ${s} dtk`;
  return ` · PC clock ${s} s ${ms > 0 ? 'fast' : 'slow'}`;
}

/** Windows cuts tray tooltips at 127 characters. */
const TOOLTIP_MAX = 127;

export function trayTooltip(state: TrayState, lang: TrayLanguage): string {
  if (state.starting) return LABELS[lang].starting;
  const overall = overallLine(state.overall ?? null, lang);
  const parts = ['Jembatan', ...(overall ? [overall] : []), sessionLine(state.session, lang)];
  if (state.forwarding)
    parts.push(state.forwarding.forwarding ? LABELS[lang].forwardingOn : LABELS[lang].forwardingOff);
  const text = parts.join(' · ');
  return text.length > TOOLTIP_MAX ? `${text.slice(0, TOOLTIP_MAX - 1)}…` : text;
}

/**
 * The green icon only while everything works (the overall state, or WhatsApp alone until that is known): the
 * state is visible without opening anything.
 */
export function trayIconVariant(session: SessionStatus | null, overall: OverallState | null = null): 'on' | 'off' {
  if (overall) return overall.level === 'ok' ? 'on' : 'off';
  return session?.state === 'open' ? 'on' : 'off';
}

/** Lines for other numbers in the menu at most (20 would push the actions off a small screen). */
const MENU_NUMBERS = 8;

export function trayMenuModel(state: TrayState, lang: TrayLanguage): TrayItem[] {
  const l = LABELS[lang];
  const overall = state.starting ? null : overallLine(state.overall ?? null, lang);
  return [
    ...(overall ? [{ kind: 'status', label: overall } as const] : []),
    { kind: 'status', label: state.starting ? l.starting : sessionLine(state.session, lang) },
    ...(state.starting ? [] : (state.numbers ?? []).filter((n) => !n.primary))
      .slice(0, MENU_NUMBERS)
      .map((n) => ({ kind: 'status', label: numberLine(n, lang) }) as const),
    { kind: 'separator' },
    { kind: 'action', id: 'open', label: l.open },
    {
      kind: 'checkbox',
      id: 'forwarding',
      // A flag or env var fixes the setting: the tray shows it, greyed, with what fixes it.
      label: state.forwarding?.forwardingLockedBy
        ? l.forwardingLocked.replace('{name}', state.forwarding.forwardingLockedBy)
        : l.forwarding,
      checked: state.forwarding?.forwarding ?? false,
      enabled: state.forwarding !== null && !state.starting && !state.forwarding.forwardingLockedBy,
    },
    {
      kind: 'checkbox',
      id: 'autoLaunch',
      label: state.autoLaunch.supported ? l.autoLaunch : l.autoLaunchUnavailable,
      checked: state.autoLaunch.supported && state.autoLaunch.enabled,
      enabled: state.autoLaunch.supported,
    },
    { kind: 'separator' },
    { kind: 'action', id: 'quit', label: l.quit },
  ];
}

/**
 * Tray image file names in the icons folder (see scripts/make-icons.mjs). Windows takes an .ico holding
 * every size its display scaling asks for (a 16 px PNG is blurred at 125 % and 150 %); on Linux nativeImage
 * picks up the @2x file next to the PNG; macOS gets a template image that follows the menu bar's colours.
 */
export function trayIconFile(platform: NodeJS.Platform, variant: 'on' | 'off'): string {
  if (platform === 'darwin') return 'trayTemplate.png';
  return platform === 'win32' ? `tray-${variant}.ico` : `tray-${variant}.png`;
}
