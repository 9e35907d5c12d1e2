import type { ErrorCode } from '../../../shared/errors';
import type { ErrorParams } from '../../../shared/result';

/** An expected failure with a stable code (see shared/errors.ts). */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  /** Values the window puts into its own sentence for the code (a host:port, a flag's name), never prose. */
  readonly params: ErrorParams | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; field?: string; params?: ErrorParams } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.field = options.field;
    this.params = options.params;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Turn anything thrown into a message safe for logs and users (never a stack, never a secret). */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
