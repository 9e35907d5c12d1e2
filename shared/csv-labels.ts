/**
 * The words of the log's CSV export in each language: the engine writes the file, the owner opens it in a
 * spreadsheet in their own language. Every status a row can have is here (the compiler checks the lists).
 */
import type { InboundStatus, OutboundStatus, OutboxStatus } from './dto';

export type CsvLang = 'id' | 'en';
/** Indonesian Excel splits on ';' (its list separator), English on ','. */
export type CsvSeparator = ',' | ';';

export const CSV_COLUMNS = [
  'time',
  'direction',
  'phone',
  'name',
  'text',
  'status',
  'otomax_status',
  'otomax_desc',
  'kode_inbox',
  'reply',
  'reply_status',
  'latency_ms',
  'error',
  'number',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

type RowStatus = InboundStatus | OutboxStatus | OutboundStatus | 'waiting_otomax';

export interface CsvLabels {
  columns: Record<CsvColumn, string>;
  direction: Record<'in' | 'outbox', string>;
  status: Record<RowStatus, string>;
}

export const CSV_LABELS: Record<CsvLang, CsvLabels> = {
  id: {
    columns: {
      time: 'Waktu',
      direction: 'Arah',
      phone: 'Nomor',
      name: 'Nama',
      text: 'Pesan',
      status: 'Status',
      otomax_status: 'Kode status OtomaX',
      otomax_desc: 'Keterangan OtomaX',
      kode_inbox: 'Kode inbox',
      reply: 'Balasan',
      reply_status: 'Status balasan',
      latency_ms: 'Waktu proses (ms)',
      error: 'Keterangan galat',
      number: 'Nomor WhatsApp',
    },
    direction: { in: 'Masuk', outbox: 'Outbox' },
    status: {
      received: 'Diterima',
      queued: 'Antre',
      forwarding: 'Mengirim ke OtomaX',
      forwarded: 'Diteruskan',
      waiting_otomax: 'Menunggu OtomaX',
      failed: 'Gagal',
      expired: 'Kedaluwarsa',
      not_forwarded: 'Tidak diteruskan',
      sender_unknown: 'Pengirim tak dikenal',
      checked: 'Sudah dicek',
      sending: 'Mengirim',
      sent: 'Terkirim',
      duplicate_text: 'Tidak dikirim ulang',
      too_long: 'Terlalu panjang',
      delivered: 'Sampai',
      read: 'Dibaca',
    },
  },
  en: {
    columns: {
      time: 'time',
      direction: 'direction',
      phone: 'phone',
      name: 'name',
      text: 'text',
      status: 'status',
      otomax_status: 'otomax_status',
      otomax_desc: 'otomax_desc',
      kode_inbox: 'kode_inbox',
      reply: 'reply',
      reply_status: 'reply_status',
      latency_ms: 'latency_ms',
      error: 'error',
      number: 'whatsapp_number',
    },
    direction: { in: 'in', outbox: 'outbox' },
    status: {
      received: 'received',
      queued: 'queued',
      forwarding: 'forwarding',
      forwarded: 'forwarded',
      waiting_otomax: 'waiting for OtomaX',
      failed: 'failed',
      expired: 'expired',
      not_forwarded: 'not forwarded',
      sender_unknown: 'sender unknown',
      checked: 'checked',
      sending: 'sending',
      sent: 'sent',
      duplicate_text: 'not sent again (same text)',
      too_long: 'too long',
      delivered: 'delivered',
      read: 'read',
    },
  },
};
