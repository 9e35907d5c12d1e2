import type { WindowLanguage } from '../../shared/api';
import type { Banner, OverallLevel, OverallState, Problem, StateProblemId } from '../../shared/dto';
/** The two languages the shell speaks: the window's (shell-language.ts). */
export type TrayLanguage = WindowLanguage;

/**
 * The overall state in the tray's and the desktop notifications' words (the window has its own i18n tables;
 * the shell cannot use them). Every problem id has a text in both languages: the compiler makes sure of it.
 */
const LEVEL: Record<TrayLanguage, Record<OverallLevel, string>> = {
  id: { ok: 'Semua berjalan', attention: 'Perlu perhatian', down: 'Tidak berjalan' },
  en: { ok: 'All good', attention: 'Needs attention', down: 'Not working' },
};

const STATE: Record<TrayLanguage, Record<StateProblemId, (n: number, name: string) => string>> = {
  id: {
    starting: () => 'Jembatan sedang dinyalakan',
    whatsapp_not_linked: () => 'WhatsApp belum ditautkan: pesan tidak masuk',
    whatsapp_connecting: () => 'WhatsApp sedang menyambung',
    whatsapp_down: () => 'WhatsApp terputus: pesan tidak masuk',
    otomax_not_configured: () => 'OtomaX belum diatur (buka Pengaturan)',
    otomax_down: (n) => (n > 0 ? `OtomaX tidak bisa dihubungi: ${n} pesan menunggu` : 'OtomaX tidak bisa dihubungi'),
    forwarding_off: () => 'Penerusan ke OtomaX dimatikan',
    queue_backlog: (n) => `${n} pesan menunggu OtomaX lebih dari 1 menit`,
    outbox_unreported: (n) => `${n} hasil belum dilaporkan ke OtomaX`,
    replies_held: (n) => `${n} balasan ditahan (batas per menit)`,
    needs_check: (n) => `${n} pesan perlu dicek di OtomaX`,
    whatsapp_number_down: (_n, name) => `Nomor WhatsApp "${name}" tidak tersambung: pesannya tertunda`,
  },
  en: {
    starting: () => 'Jembatan is starting',
    whatsapp_not_linked: () => 'WhatsApp is not linked: no messages come in',
    whatsapp_connecting: () => 'WhatsApp is connecting',
    whatsapp_down: () => 'WhatsApp is disconnected: no messages come in',
    otomax_not_configured: () => 'OtomaX is not set up (open Settings)',
    otomax_down: (n) => (n > 0 ? `OtomaX cannot be reached: ${n} messages waiting` : 'OtomaX cannot be reached'),
    forwarding_off: () => 'Forwarding to OtomaX is switched off',
    queue_backlog: (n) => `${n} messages waiting for OtomaX for over a minute`,
    outbox_unreported: (n) => `${n} results not yet reported to OtomaX`,
    replies_held: (n) => `${n} replies held (per-minute limit)`,
    needs_check: (n) => `${n} messages to check in OtomaX`,
    whatsapp_number_down: (_n, name) => `WhatsApp number "${name}" is not connected: its messages wait`,
  },
};

const BANNER: Record<TrayLanguage, Record<Banner['id'], string>> = {
  id: {
    logged_out: 'WhatsApp keluar dari Jembatan: tautkan ulang',
    keychain_missing: 'Keychain sistem tidak tersedia',
    otomax_unreachable: 'OtomaX tidak bisa dihubungi',
    blocked: 'Nomor WhatsApp diblokir atau dibatasi',
    replaced: 'Sesi WhatsApp dipakai perangkat lain',
    version_too_old: 'Versi WhatsApp Web terlalu lama',
    callback_mismatch: 'OtomaX belum memakai alamat callback Jembatan',
    multidevice_mismatch: 'WhatsApp di ponsel perlu diperbarui, lalu tautkan ulang',
    wa_rate_limited: 'WhatsApp membatasi pengiriman: pesan ditahan sebentar',
    wa_flapping: 'Sambungan WhatsApp putus-sambung terus',
    clock_skew: 'Jam komputer selisih dari jam WhatsApp: sinkronkan jam',
    chat_paused: 'Balasan otomatis ke satu chat dijeda (mungkin dua bot saling membalas)',
    number_unlinked: 'Nomor WhatsApp lain perlu ditautkan ulang',
  },
  en: {
    logged_out: 'WhatsApp logged out of Jembatan: link it again',
    keychain_missing: 'The system keychain is not available',
    otomax_unreachable: 'OtomaX cannot be reached',
    blocked: 'The WhatsApp number is blocked or restricted',
    replaced: 'The WhatsApp session is in use on another device',
    version_too_old: 'The WhatsApp Web version is too old',
    callback_mismatch: "OtomaX does not use Jembatan's callback address yet",
    multidevice_mismatch: 'Update WhatsApp on the phone, then link again',
    wa_rate_limited: 'WhatsApp is limiting sends: messages held for a while',
    wa_flapping: 'The WhatsApp link keeps dropping',
    clock_skew: "This PC's clock is off from WhatsApp's: sync the clock",
    chat_paused: 'Auto-replies to one chat are paused (two bots may be answering each other)',
    number_unlinked: 'Another WhatsApp number needs linking again',
  },
};

export const levelText = (level: OverallLevel, lang: TrayLanguage): string => LEVEL[lang][level];

export function problemText(p: Problem, lang: TrayLanguage): string {
  return p.source === 'banner'
    ? BANNER[lang][p.id]
    : STATE[lang][p.id]('count' in p ? (p.count ?? 0) : 0, 'name' in p ? (p.name ?? '') : '');
}

/** "Tidak berjalan: OtomaX tidak bisa dihubungi: 5 pesan menunggu" (the level, then the worst problem). */
export function overallLine(overall: OverallState | null, lang: TrayLanguage): string | null {
  if (!overall) return null;
  const first = overall.problems[0];
  return first ? `${levelText(overall.level, lang)}: ${problemText(first, lang)}` : levelText(overall.level, lang);
}
