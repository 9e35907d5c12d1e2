import { z } from 'zod';
import type { WaNumber } from '../../../shared/dto';

/**
 * The numbers contract as zod schemas: the window's commands (numbers:*) and the REST routes of issue 17
 * (`GET /whatsapp/numbers`, `POST /whatsapp/numbers`, `DELETE /whatsapp/numbers/:id`). Everything from outside
 * passes through one of these before the repository sees it.
 */

/** A number's id is a session_id: short, lower-case, safe in a URL path and a log line. 'default' is the first. */
export const numberIdSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'expected a number id (lower-case letters, digits and -)');

/** The owner's label: shown in the window, the tray and the log. */
export const numberNameSchema = z
  .string()
  .trim()
  .min(1, 'name is required')
  .max(40, 'name is at most 40 characters')
  .refine((s) => ![...s].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127), 'name has a control character');

/** The same range as otomaxDefaultKodeTerminal (shared/settings-meta.ts). null = that global default. */
const terminalNumber = z
  .number()
  .int('kode_terminal must be a whole number')
  .min(0, 'kode_terminal is at least 0')
  .max(1_000_000, 'kode_terminal is at most 1000000');
export const kodeTerminalSchema = terminalNumber.nullable();

// ---- the window's commands -------------------------------------------------------------------------------

export const addNumberSchema = z
  .object({ name: numberNameSchema, kodeTerminal: kodeTerminalSchema.optional() })
  .strict()
  .transform((b) => ({ name: b.name, kodeTerminal: b.kodeTerminal ?? null }));
export type AddNumber = z.output<typeof addNumberSchema>;

/** A number's own default reseller: '' (or only spaces) = none of its own, the global setting. */
const defaultResellerSchema = z
  .string()
  .trim()
  .max(50, 'default reseller is at most 50 characters')
  .refine(
    (s) => ![...s].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127),
    'reseller has a control character',
  )
  .nullable()
  .transform((s) => (s === '' ? null : s));

/** The per-number option fields, each optional (unchanged) or null (back to the global setting). */
const optionFields = {
  defaultReseller: defaultResellerSchema.optional(),
  forwardIncoming: z.boolean().nullable().optional(),
  forwardOutgoing: z.boolean().nullable().optional(),
  forwardGroups: z.boolean().nullable().optional(),
  forwardMedia: z.boolean().nullable().optional(),
  autoReply: z.boolean().nullable().optional(),
};

export const updateNumberSchema = z
  .object({
    id: numberIdSchema,
    name: numberNameSchema.optional(),
    kodeTerminal: kodeTerminalSchema.optional(),
    fallbackId: numberIdSchema.nullable().optional(),
    primary: z.literal(true).optional(),
    ...optionFields,
  })
  .strict();
export type UpdateNumber = z.output<typeof updateNumberSchema>;

export const removeNumberSchema = z.object({ id: numberIdSchema }).strict();

/** The optional `number` of session:get / pairing:start / session:logout and of POST /dev/whatsapp/incoming. */
export const numberRefSchema = z.object({ number: numberIdSchema.optional() });

// ---- REST (snake_case like the rest of the OtomaX-facing API) -------------------------------------------

/** kode_terminal over REST: a number or a digit string (OtomaX tools send text); null = the global default. */
const restTerminal = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d{1,7}$/, 'kode_terminal must be a whole number')
      .transform(Number),
  ])
  .pipe(terminalNumber)
  .nullish();

/** POST /whatsapp/numbers body → `{ id }`. kode_terminal may come as a digit string (OtomaX tools send text). */
export const restAddNumberBodySchema = z
  .object({
    name: numberNameSchema,
    kode_terminal: restTerminal,
  })
  .strict()
  .transform((b): AddNumber => ({ name: b.name, kodeTerminal: b.kode_terminal ?? null }));

/** DELETE /whatsapp/numbers/:id */
export const restNumberParamsSchema = z.object({ id: numberIdSchema });

/** One item of GET /whatsapp/numbers. */
export interface RestNumber {
  id: string;
  name: string;
  kode_terminal: number | null;
  state: WaNumber['state'];
  phone: string | null;
  primary: boolean;
  fallback_id: string | null;
  /** Its own options; null = the global setting. */
  default_reseller: string | null;
  forward_incoming: boolean | null;
  forward_outgoing: boolean | null;
  forward_groups: boolean | null;
  forward_media: boolean | null;
  auto_reply: boolean | null;
}

export function toRestNumber(n: WaNumber): RestNumber {
  return {
    id: n.id,
    name: n.name,
    kode_terminal: n.kodeTerminal,
    state: n.state,
    phone: n.phone,
    primary: n.primary,
    fallback_id: n.fallbackId,
    default_reseller: n.options?.defaultReseller ?? null,
    forward_incoming: n.options?.forwardIncoming ?? null,
    forward_outgoing: n.options?.forwardOutgoing ?? null,
    forward_groups: n.options?.forwardGroups ?? null,
    forward_media: n.options?.forwardMedia ?? null,
    auto_reply: n.options?.autoReply ?? null,
  };
}

/** Per-number options; null = the global setting (numbers:update and PATCH /whatsapp/numbers/:id set them). */
export const numberOptionsSchema = z.object(optionFields).strict();
export type NumberOptions = z.output<typeof numberOptionsSchema>;

/** PATCH /whatsapp/numbers/:id body: the fields of numbers:update in snake_case; only those given change. */
export const restUpdateNumberBodySchema = z
  .object({
    name: numberNameSchema.optional(),
    kode_terminal: restTerminal.optional(),
    fallback_id: numberIdSchema.nullable().optional(),
    primary: z.literal(true).optional(),
    default_reseller: defaultResellerSchema.optional(),
    forward_incoming: z.boolean().nullable().optional(),
    forward_outgoing: z.boolean().nullable().optional(),
    forward_groups: z.boolean().nullable().optional(),
    forward_media: z.boolean().nullable().optional(),
    auto_reply: z.boolean().nullable().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change: give at least one field');
export type RestUpdateNumberBody = z.output<typeof restUpdateNumberBodySchema>;

/** The REST field names of numbers:update (snake_case), to map a body in and a refusal's field back out. */
export const REST_UPDATE_FIELDS = {
  name: 'name',
  kode_terminal: 'kodeTerminal',
  fallback_id: 'fallbackId',
  primary: 'primary',
  default_reseller: 'defaultReseller',
  forward_incoming: 'forwardIncoming',
  forward_outgoing: 'forwardOutgoing',
  forward_groups: 'forwardGroups',
  forward_media: 'forwardMedia',
  auto_reply: 'autoReply',
} as const;

/** The body of PATCH /whatsapp/numbers/:id as the input of numbers:update. */
export function fromRestUpdate(id: string, b: RestUpdateNumberBody): Record<string, unknown> {
  const out: Record<string, unknown> = { id };
  for (const [rest, own] of Object.entries(REST_UPDATE_FIELDS)) {
    const v = (b as Record<string, unknown>)[rest];
    if (v !== undefined) out[own] = v;
  }
  return out;
}
