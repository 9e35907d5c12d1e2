import type { z } from 'zod';
import { AppError } from '../errors';

/**
 * Outside input through its schema; the first issue becomes a VALIDATION AppError naming the field.
 * (The same shape as the command dispatcher's own parse; one shared helper can replace both.)
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue?.path.join('.') || 'input';
  throw new AppError('VALIDATION', `${field}: ${issue?.message ?? 'invalid'}`, { field });
}
