import type { ErrorCode } from './errors';
import type { FieldReason } from './settings-meta';

/** What every command returns: errors never cross a process or socket boundary as exceptions. */
/** Values the window puts into its translated sentence for an error code (e.g. target: '127.0.0.1:5799'). */
export type ErrorParams = Record<string, string | number>;

export interface ResultError {
  code: ErrorCode;
  message: string;
  /** The input field at fault, when there is one. */
  field?: string;
  /** Every field at fault with its message (settings forms show them next to the field). */
  fields?: Record<string, string>;
  /** Why each of `fields` was refused, so the window can say it in the owner's language. */
  fieldReasons?: Record<string, FieldReason>;
  /** Values for the window's own sentence for `code`; `message` is English for logs and is never shown. */
  params?: ErrorParams;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ResultError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: ErrorCode, message: string, field?: string): Result<T> => ({
  ok: false,
  error: field === undefined ? { code, message } : { code, message, field },
});
