import type { z } from 'zod';
import { AppError } from './errors';

/**
 * The one way outside input becomes an AppError: REST bodies, window commands, OtomaX callbacks, CSV uploads,
 * the WebSocket bridge's frames. The first zod issue names the field (its path, or `fallbackField` for the
 * whole value) and the message reads `field: why`, so every entry point answers with the same shape.
 */
export function issueOf(error: z.ZodError, fallbackField = 'input'): { field: string; message: string } {
  const issue = error.issues[0];
  const field = issue?.path.join('.') || fallbackField;
  return { field, message: `${field}: ${issue?.message ?? 'invalid'}` };
}

/** The AppError('VALIDATION') for a failed parse, carrying the field. */
export function inputError(error: z.ZodError, fallbackField = 'input'): AppError {
  const { field, message } = issueOf(error, fallbackField);
  return new AppError('VALIDATION', message, { field });
}

/**
 * Parse `input` with `schema`, or throw AppError('VALIDATION'). `override` replaces the zod wording when the
 * caller has a clearer sentence for the owner's window (e.g. "id must look like in:12").
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
  options: { fallbackField?: string; override?: { field: string; message: string } } = {},
): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data as z.infer<T>;
  if (options.override) {
    throw new AppError('VALIDATION', options.override.message, { field: options.override.field });
  }
  throw inputError(r.error, options.fallbackField);
}
