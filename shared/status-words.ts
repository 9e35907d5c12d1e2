/**
 * The words for the state of a logged row, in each language: one table for the window (the flow's status chips and
 * filter, the reply states, a broadcast recipient's status) and for the CSV exports the owner opens in a
 * spreadsheet, so both say the same thing. Every status a row can have is here (the compiler checks the lists
 * against shared/dto.ts).
 */
import type { BroadcastRecipientStatus, FlowRow, OutboundStatus } from './dto';

export type RowStatusWord = FlowRow['status'] | 'needs_check';
/** A reply's state, and the two a held reply can end in. */
export type ReplyStatusWord = OutboundStatus | 'held' | 'gave_up';

export interface StatusWords {
  status: Record<RowStatusWord, string>;
  reply: Record<ReplyStatusWord, string>;
  /** Where a broadcast (Qontak campaign) recipient's message is. */
  broadcast: Record<BroadcastRecipientStatus, string>;
}

export const STATUS_WORDS = {
  id: {
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
      sending: 'Mengirim',
      sent: 'Terkirim',
      duplicate_text: 'Tidak dikirim ulang',
      too_long: 'Terlalu panjang, tidak dikirim',
      checked: 'Sudah dicek',
      needs_check: 'Perlu dicek',
    },
    reply: {
      queued: 'Antre',
      sending: 'Mengirim',
      sent: 'Terkirim',
      delivered: 'Sampai',
      read: 'Dibaca',
      failed: 'Gagal',
      held: 'Ditahan',
      gave_up: 'Dibatalkan',
    },
    broadcast: {
      queued: 'Antre',
      sending: 'Mengirim',
      pending: 'Menunggu Qontak',
      sent: 'Terkirim',
      delivered: 'Sampai',
      read: 'Dibaca',
      failed: 'Gagal',
    },
  },
  en: {
    status: {
      received: 'Received',
      queued: 'Queued',
      forwarding: 'Sending to OtomaX',
      forwarded: 'Forwarded',
      waiting_otomax: 'Waiting for OtomaX',
      failed: 'Failed',
      expired: 'Expired',
      not_forwarded: 'Not forwarded',
      sender_unknown: 'Unknown sender',
      sending: 'Sending',
      sent: 'Sent',
      duplicate_text: 'Not sent twice',
      too_long: 'Too long, not sent',
      checked: 'Checked',
      needs_check: 'Needs a check',
    },
    reply: {
      queued: 'Queued',
      sending: 'Sending',
      sent: 'Sent',
      delivered: 'Delivered',
      read: 'Read',
      failed: 'Failed',
      held: 'Held',
      gave_up: 'Given up',
    },
    broadcast: {
      queued: 'Queued',
      sending: 'Sending',
      pending: 'Waiting for Qontak',
      sent: 'Sent',
      delivered: 'Delivered',
      read: 'Read',
      failed: 'Failed',
    },
  },
} as const satisfies Record<'id' | 'en', StatusWords>;
