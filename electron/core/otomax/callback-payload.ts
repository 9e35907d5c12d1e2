import { z } from 'zod';
import { AppError } from '../kernel/errors';
import { issueOf } from '../kernel/input';
import { canonicalKode } from './kode';
import { normalizePhone } from './phone';

/** One outbox message from OtomaX's callback, whichever shape it came in. */
export interface OutboxPayload {
  kode: string;
  /** Digits, international form (62...). */
  recipient: string;
  text: string;
  kodeInbox: number | null;
  kodeTransaksi: number | null;
  kodeReseller: string | null;
  /** OtomaX's terminal for this outbox row (which number sends it); absent or null when it sent none. */
  kodeTerminal?: number | null;
}

const textish = z.union([z.string(), z.number().finite().transform(String)]);
const optText = textish.nullish();
/** Ids may come as numbers or digit strings; '' and null mean none. */
const optId = z
  .union([
    z.number().int(),
    z
      .string()
      .trim()
      .regex(/^-?\d*$/, 'expected a number')
      .transform((s) => (s === '' ? null : Number(s))),
  ])
  .nullish()
  .transform((v) => v ?? null);

/**
 * Both shapes of docs/otomax-protocol.md: the outbox row {kode, penerima, tipe_penerima, pesan, kode_inbox,
 * kode_transaksi, kode_reseller, kode_terminal, tgl_entri, status} and the seed's {kode, status, message, pesan,
 * pengirim}. Unknown fields are ignored (the raw JSON is stored by the caller).
 */
export const outboxPayloadSchema = z.object({
  kode: textish.pipe(z.string().trim().min(1, 'kode is required').max(100)),
  penerima: optText,
  pengirim: optText,
  pesan: z.string().nullish(),
  message: z.string().nullish(),
  kode_inbox: optId,
  kode_transaksi: optId,
  kode_reseller: optText,
  kode_terminal: optId,
});

function reject(message: string, field: string): never {
  throw new AppError('VALIDATION', message, { field });
}

export function parseOutboxPayload(json: unknown): OutboxPayload {
  let value = json;
  if (typeof value === 'string' || Buffer.isBuffer(value)) {
    try {
      value = JSON.parse(value.toString());
    } catch {
      reject('payload is not JSON', 'body');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    reject('payload must be one JSON object', 'body');
  }
  const r = outboxPayloadSchema.safeParse(value);
  if (!r.success) {
    const { field, message } = issueOf(r.error, 'body');
    reject(message, field);
  }
  const p = r.data;
  // `a ?? b`, except that an empty string also falls through to the other field.
  const given = (v: string | null | undefined): v is string => typeof v === 'string' && v.trim() !== '';
  const recipientField = given(p.penerima) ? 'penerima' : given(p.pengirim) ? 'pengirim' : null;
  if (recipientField === null) reject('penerima (or pengirim) is required', 'penerima');
  const recipient = normalizePhone(p[recipientField]);
  if (recipient === null) reject(`${recipientField} is not a phone number`, recipientField);
  const text = given(p.pesan) ? p.pesan : given(p.message) ? p.message : null;
  if (text === null) reject('pesan (or message) is required', 'pesan');
  const reseller = p.kode_reseller?.trim();
  return {
    // Compared in the form UpdateStatusOutbox sends back: "00020" and 20 are one outbox row.
    kode: canonicalKode(p.kode),
    recipient,
    text,
    kodeInbox: p.kode_inbox,
    kodeTransaksi: p.kode_transaksi,
    kodeReseller: reseller ? reseller : null,
    ...(p.kode_terminal === null ? {} : { kodeTerminal: p.kode_terminal }),
  };
}
