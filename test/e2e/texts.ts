/**
 * The words the e2e test looks for on screen, in both languages: what an owner reads, copied from
 * renderer/src/i18n (the node test project cannot import renderer files). A drift fails the test loudly.
 */
const idTexts = {
  nav: {
    pairing: 'Tautkan WhatsApp',
    flow: 'Alur pesan',
    status: 'Status',
    settings: 'Pengaturan',
    broadcast: 'Broadcast',
  },
  prefs: { language: 'Bahasa', theme: 'Tema' },
  conn: { noTokenTitle: 'Alamat ini tidak lengkap', staleTitle: 'Alamat jendela ini sudah tidak berlaku' },
  session: { title: { open: 'WhatsApp tersambung' } },
  pairing: {
    title: 'Tautkan WhatsApp',
    qrLabel: 'Kode QR untuk ditautkan dari WhatsApp di ponsel',
    start: 'Mulai tautkan',
    logout: 'Keluarkan perangkat',
    logoutQuestion: 'Putuskan WhatsApp dari Jembatan?',
    useCodeInstead: 'Pakai kode tautan (tanpa memindai)',
  },
  flow: {
    title: 'Alur pesan',
    detailTitle: 'Riwayat pesan',
    attempts: 'Percobaan ke OtomaX',
    autoReply: 'Balasan otomatis',
    replySent: /^(Terkirim|Sampai|Dibaca)$/,
    export: 'Ekspor CSV',
    download: 'Unduh CSV',
  },
  status: {
    title: 'Status',
    forwarding: 'Teruskan pesan ke OtomaX',
    forwardingOffHint: 'Mati: pesan tetap dicatat tetapi tidak dikirim ke OtomaX.',
  },
  settings: {
    title: 'Pengaturan',
    save: 'Simpan',
    discard: 'Batalkan perubahan',
    callbackRegister: 'Daftarkan ke OtomaX',
    callbackRegistered: 'Terdaftar: OtomaX kini mengirim outbox ke alamat ini.',
    section: { otomax: 'OtomaX', callback: 'Callback', app: 'Aplikasi' },
    retentionDays: 'Simpan riwayat (hari)',
    otomaxApiUrl: 'Alamat OpenApi OtomaX',
    kodeTerminal: 'Kode terminal',
    fromFlagApiUrl: 'Diatur oleh opsi --otomax-api-url',
  },
  banners: {
    callbackMismatchTitle: 'Hasil transaksi dari OtomaX tidak sampai ke Jembatan.',
    callbackMismatchAction: 'Daftarkan alamat ini ke OtomaX',
  },
  broadcast: {
    title: 'Broadcast',
    channel: 'Nomor WhatsApp (channel)',
    template: 'Templat',
    recipients: 'Daftar penerima (CSV)',
    check: 'Periksa daftar',
    sendTwo: 'Kirim ke 2 penerima',
    sendConfirm: 'Ya, kirim',
    done: 'Selesai',
    tabNew: 'Broadcast baru',
    exportCsv: 'Ekspor CSV',
  },
};

export type Texts = typeof idTexts;

const enTexts: Texts = {
  nav: { pairing: 'Link WhatsApp', flow: 'Live flow', status: 'Status', settings: 'Settings', broadcast: 'Broadcast' },
  prefs: { language: 'Language', theme: 'Theme' },
  conn: { noTokenTitle: 'This address is incomplete', staleTitle: "This window's address no longer works" },
  session: { title: { open: 'WhatsApp is connected' } },
  pairing: {
    title: 'Link WhatsApp',
    qrLabel: 'QR code to link from WhatsApp on the phone',
    start: 'Start linking',
    logout: 'Unlink device',
    logoutQuestion: 'Disconnect WhatsApp from Jembatan?',
    useCodeInstead: 'Use a pairing code instead (no scanning)',
  },
  flow: {
    title: 'Live flow',
    detailTitle: "Message's story",
    attempts: 'Attempts to OtomaX',
    autoReply: 'Auto-reply',
    replySent: /^(Sent|Delivered|Read)$/,
    export: 'Export CSV',
    download: 'Download CSV',
  },
  status: {
    title: 'Status',
    forwarding: 'Forward messages to OtomaX',
    forwardingOffHint: 'Off: messages are still logged but not sent to OtomaX.',
  },
  settings: {
    title: 'Settings',
    save: 'Save',
    discard: 'Discard changes',
    callbackRegister: 'Register with OtomaX',
    callbackRegistered: 'Registered: OtomaX now sends its outbox to this address.',
    section: { otomax: 'OtomaX', callback: 'Callback', app: 'App' },
    retentionDays: 'Keep history (days)',
    otomaxApiUrl: 'OtomaX OpenApi address',
    kodeTerminal: 'Terminal code',
    fromFlagApiUrl: 'Set by option --otomax-api-url',
  },
  banners: {
    callbackMismatchTitle: 'Transaction results from OtomaX do not reach Jembatan.',
    callbackMismatchAction: 'Register this address with OtomaX',
  },
  broadcast: {
    title: 'Broadcast',
    channel: 'WhatsApp number (channel)',
    template: 'Template',
    recipients: 'Recipient list (CSV)',
    check: 'Check the list',
    sendTwo: 'Send to 2 recipients',
    sendConfirm: 'Yes, send',
    done: 'Done',
    tabNew: 'New broadcast',
    exportCsv: 'Export CSV',
  },
};

export const TEXTS = { id: idTexts, en: enTexts };
