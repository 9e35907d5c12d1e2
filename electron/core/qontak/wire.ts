import { z } from 'zod';
import { templateButtonsWire, templateHeaderWire } from './template-shape';

/**
 * Qontak's JSON as it comes over the wire (snake_case), validated leniently: unknown fields are dropped and
 * ids may be numbers or strings, because the sources disagree and a stricter check would break on harmless
 * changes upstream.
 */

const id = z.union([z.string().min(1), z.number()]).transform(String);
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? '');

const numberish = z.union([z.string(), z.number()]).nullish();

/**
 * Mekari's own examples: a Cloud API channel ('wa_cloud') has `settings.phone_number` ("+62 851-…" or "+628…"),
 * a classic one ('wa') has no phone_number but `settings.server_wa_id` ("6287…"). Either is read.
 */
export const integrationWire = z.object({
  id,
  target_channel: text,
  settings: z.object({ account_name: text, phone_number: numberish, server_wa_id: numberish }).nullish().catch(null),
  is_active: z.boolean().nullish(),
});
export type IntegrationWire = z.infer<typeof integrationWire>;

export const templateWire = z.object({
  id,
  name: text,
  language: text,
  body: text,
  status: text,
  category: text,
  header: templateHeaderWire,
  footer: text.catch(''),
  buttons: templateButtonsWire,
});
export type TemplateWire = z.infer<typeof templateWire>;

/** Qontak writes "n/a" where a log entry has no value (no message id on a failure, no error on a success). */
export const orNone = z
  .string()
  .nullish()
  .transform((v) => {
    const t = v?.trim() ?? '';
    return t === '' || t.toLowerCase() === 'n/a' ? null : t;
  });

export const logEntryWire = z.object({
  contact_phone_number: numberish,
  contact_full_name: z.string().nullish(),
  status: text,
  whatsapp_message_id: orNone,
  whatsapp_error_message: orNone,
  created_at: z.string().nullish(),
});

export const createdWire = z.object({ id });

/**
 * The answer to a direct broadcast: community clients read the broadcast record in `data` (`data.id`); the test
 * of Mekari's own SDK answers with the id at the top level (`{id, status, message}`). Either is taken: a send
 * Qontak took must never be misread as a failure, or its delivery would go unwatched.
 */
export const directCreatedWire = z.union([
  z.object({ data: createdWire }).transform((r) => r.data.id),
  createdWire.transform((r) => r.id),
]);

/**
 * A page cursor: Mekari's examples show base64 text on some lists and a bare number (a timestamp) on the
 * broadcast list. Both are passed back as text, untouched.
 */
const cursorValue = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined || v === '' ? null : String(v)));

const pagination = z
  .object({
    cursor: z.object({ next: cursorValue, prev: cursorValue }).nullish(),
  })
  .nullish();

export function successEnvelope<T extends z.ZodType>(data: T) {
  return z.object({ data, meta: z.object({ pagination }).nullish() });
}

/** Where upstream puts human-readable reasons: `error.messages[]`, `error.message` or `message`. */
export const errorWire = z.object({
  message: z.string().nullish(),
  error: z
    .union([z.string(), z.object({ messages: z.array(z.unknown()).nullish(), message: z.string().nullish() })])
    .nullish(),
});

/** The body of POST /broadcasts/whatsapp/direct. `key` and `index` are strings on the wire. */
export interface DirectBroadcastBody {
  to_number: string;
  to_name: string;
  message_template_id: string;
  channel_integration_id: string;
  language: { code: string };
  parameters: {
    body: { key: string; value: string; value_text: string }[];
    buttons?: { index: string; type: string; value: string }[];
    header?: { format: string; params: { key: string; value: string }[] };
  };
}

export interface BroadcastLogEntry {
  phone: string;
  name: string;
  /** pending | sent | delivered | read | failed (kept as sent, in case upstream adds one). */
  status: string;
  whatsappMessageId: string | null;
  errorMessage: string | null;
  createdAt: string | null;
}
