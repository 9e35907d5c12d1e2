/**
 * The words the numbers e2e test looks for, in both languages, copied from renderer/src/i18n (the node test project
 * cannot import renderer files). test/renderer/numbers-texts.test.ts fails when this copy drifts.
 */
const states = {
  id: {
    open: 'Tersambung',
    logged_out: 'Keluar dari WhatsApp',
    reconnecting: 'Menyambung ulang…',
    idle: 'Belum ditautkan',
    multidevice_mismatch: 'WhatsApp ponsel perlu diperbarui',
  },
  en: {
    open: 'Connected',
    logged_out: 'Logged out',
    reconnecting: 'Reconnecting…',
    idle: 'Not linked',
    multidevice_mismatch: "Phone's WhatsApp needs an update",
  },
};

export const NUMBERS_TEXTS = {
  id: {
    nav: { numbers: 'Nomor WhatsApp' },
    prefs: { language: 'Bahasa' },
    common: { cancel: 'Batal' },
    session: { short: states.id },
    pairing: { start: 'Mulai tautkan', qrLabel: 'Kode QR untuk ditautkan dari WhatsApp di ponsel' },
    numbers: {
      title: 'Nomor WhatsApp',
      remove: 'Hapus',
      removeConfirm: 'Ya, hapus',
      pair: 'Tautkan',
      pairClose: 'Tutup',
      edit: 'Ubah',
    },
  },
  en: {
    nav: { numbers: 'WhatsApp numbers' },
    prefs: { language: 'Language' },
    common: { cancel: 'Cancel' },
    session: { short: states.en },
    pairing: { start: 'Start linking', qrLabel: 'QR code to link from WhatsApp on the phone' },
    numbers: {
      title: 'WhatsApp numbers',
      remove: 'Remove',
      removeConfirm: 'Yes, remove',
      pair: 'Link',
      pairClose: 'Close',
      edit: 'Edit',
    },
  },
};
