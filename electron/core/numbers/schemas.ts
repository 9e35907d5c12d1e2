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

export const updateNumberSchema = z
  .object({
    id: numberIdSchema,
    name: numberNameSchema.optional(),
    kodeTerminal: kodeTerminalSchema.optional(),
    fallbackId: numberIdSchema.nullable().optional(),
    primary: z.literal(true).optional(),
  })
  .strict();
export type UpdateNumber = z.output<typeof updateNumberSchema>;

export const removeNumberSchema = z.object({ id: numberIdSchema }).strict();

/** The optional `number` of session:get / pairing:start / session:logout and of POST /dev/whatsapp/incoming. */
export const numberRefSchema = z.object({ number: numberIdSchema.optional() });

// ---- REST (snake_case like the rest of the OtomaX-facing API) -------------------------------------------

/** POST /whatsapp/numbers body → `{ id }`. kode_terminal may come as a digit string (OtomaX tools send text). */
export const restAddNumberBodySchema = z
  .object({
    name: numberNameSchema,
    kode_terminal: z
      .union([
        z.number(),
        z
          .string()
          .trim()
          .regex(/^\d{1,7}$/, 'kode_terminal must be a whole number')
          .transform(Number),
      ])
      .pipe(terminalNumber)
      .nullish(),
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
  };
}

/** Per-number options; null = the global setting. Not in the window yet (the Settings screen keeps the globals). */
export const numberOptionsSchema = z
  .object({
    defaultReseller: z.string().trim().max(50).nullable().optional(),
    forwardIncoming: z.boolean().nullable().optional(),
    forwardOutgoing: z.boolean().nullable().optional(),
    forwardGroups: z.boolean().nullable().optional(),
    forwardMedia: z.boolean().nullable().optional(),
    autoReply: z.boolean().nullable().optional(),
  })
  .strict();
export type NumberOptions = z.output<typeof numberOptionsSchema>;
