import type { z } from 'zod';
import { AppError } from '../kernel/errors';

/** Validate a command's input: the renderer is outside the trust boundary too. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue?.path.join('.') || 'input';
  throw new AppError('VALIDATION', `${field}: ${issue?.message ?? 'invalid'}`, { field });
}
