import type { ForwardingState, SessionState, SessionStatus } from '../../shared/dto';

export type TrayLanguage = 'id' | 'en';

/** English only where the system says English; the shops this is for read Indonesian. */
export function trayLanguage(locale: string): TrayLanguage {
  return locale.toLowerCase().startsWith('en') ? 'en' : 'id';
}

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
  },
};

export interface TrayState {
  session: SessionStatus | null;
  forwarding: ForwardingState | null;
  autoLaunch: { supported: boolean; enabled: boolean };
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
  return `${l.whatsapp}: ${state}${who}`;
}

/** Windows cuts tray tooltips at 127 characters. */
const TOOLTIP_MAX = 127;

export function trayTooltip(state: TrayState, lang: TrayLanguage): string {
  const parts = ['Jembatan', sessionLine(state.session, lang)];
  if (state.forwarding)
    parts.push(state.forwarding.forwarding ? LABELS[lang].forwardingOn : LABELS[lang].forwardingOff);
  const text = parts.join(' · ');
  return text.length > TOOLTIP_MAX ? `${text.slice(0, TOOLTIP_MAX - 1)}…` : text;
}

/** The green icon only while WhatsApp is connected: the state is visible without opening anything. */
export function trayIconVariant(session: SessionStatus | null): 'on' | 'off' {
  return session?.state === 'open' ? 'on' : 'off';
}

export function trayMenuModel(state: TrayState, lang: TrayLanguage): TrayItem[] {
  const l = LABELS[lang];
  return [
    { kind: 'status', label: sessionLine(state.session, lang) },
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
      enabled: state.forwarding !== null && !state.forwarding.forwardingLockedBy,
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
 * Tray image file names in the icons folder (see scripts/make-icons.mjs). nativeImage picks up the @2x
 * file next to each one; macOS gets a template image that follows the menu bar's colours.
 */
export function trayIconFile(platform: NodeJS.Platform, variant: 'on' | 'off'): string {
  return platform === 'darwin' ? 'trayTemplate.png' : `tray-${variant}.png`;
}
