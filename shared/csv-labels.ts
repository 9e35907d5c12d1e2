/**
 * The words of the CSV exports (the Live flow log, a broadcast's recipients) in each language: the engine writes the
 * file, the owner opens it in a spreadsheet in their own language. The status words are the window's
 * (shared/status-words.ts).
 */
import type { BroadcastRecipientStatus, InboundStatus, OutboundStatus, OutboxStatus } from './dto';
import { STATUS_WORDS } from './status-words';

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
    // The window's words (reply states too: the reply_status column), so the file and the window agree.
    status: { ...STATUS_WORDS.id.reply, ...STATUS_WORDS.id.status },
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
    // The window's words (reply states too: the reply_status column), so the file and the window agree.
    status: { ...STATUS_WORDS.en.reply, ...STATUS_WORDS.en.status },
  },
};

/** The columns of a broadcast's CSV (broadcast:export): one line per recipient, in the list's order. */
export const CAMPAIGN_CSV_COLUMNS = [
  'row',
  'phone',
  'name',
  'status',
  'broadcast_id',
  'whatsapp_message_id',
  'error',
  'attempts',
  'sent_at',
  'updated_at',
] as const;
export type CampaignCsvColumn = (typeof CAMPAIGN_CSV_COLUMNS)[number];

export interface CampaignCsvLabels {
  columns: Record<CampaignCsvColumn, string>;
  status: Record<BroadcastRecipientStatus, string>;
}

export const CAMPAIGN_CSV_LABELS: Record<CsvLang, CampaignCsvLabels> = {
  id: {
    columns: {
      row: 'Baris',
      phone: 'Nomor',
      name: 'Nama',
      status: 'Status',
      broadcast_id: 'ID broadcast Qontak',
      whatsapp_message_id: 'ID pesan WhatsApp',
      error: 'Keterangan galat',
      attempts: 'Percobaan',
      sent_at: 'Waktu terkirim',
      updated_at: 'Diperbarui',
    },
    status: STATUS_WORDS.id.broadcast,
  },
  en: {
    // The names the file always had (English is the default for a caller that asks for no language).
    columns: {
      row: 'row',
      phone: 'phone',
      name: 'name',
      status: 'status',
      broadcast_id: 'broadcast_id',
      whatsapp_message_id: 'whatsapp_message_id',
      error: 'error',
      attempts: 'attempts',
      sent_at: 'sent_at',
      updated_at: 'updated_at',
    },
    status: STATUS_WORDS.en.broadcast,
  },
};
