export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** ±fraction of the delay, e.g. 0.2 */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 60_000, jitter: 0.2 };

/** After WhatsApp says rate-overlimit: pause all sends 2 min, doubling per repeat up to 30 min, ±20%. */
export const RATE_LIMIT_BACKOFF: BackoffOptions = { baseMs: 2 * 60_000, maxMs: 30 * 60_000, jitter: 0.2 };

/** Capped exponential backoff with jitter: attempt 1 → base, doubling up to max, each ±jitter. */
export function backoffDelay(attempt: number, random: () => number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  const factor = 1 + (random() * 2 - 1) * options.jitter;
  return Math.max(0, Math.round(exp * factor));
}

export type CloseAction =
  | 'ended_by_us'
  | 'logged_out'
  | 'blocked'
  | 'replaced'
  | 'restart'
  | 'qr_timeout'
  | 'version'
  | 'multidevice_mismatch'
  | 'retry';

export interface CloseClassification {
  action: CloseAction;
  code: number | undefined;
  reason: string;
}

/** The status code Baileys puts on a close (a Boom error), without depending on @hapi/boom. */
export function closeCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const output = (error as { output?: { statusCode?: unknown } }).output;
  return typeof output?.statusCode === 'number' ? output.statusCode : undefined;
}

/** What a `connection: 'close'` means, per the table in docs/architecture.md. */
export function classifyClose(error: unknown): CloseClassification {
  if (error === undefined || error === null) return { action: 'ended_by_us', code: undefined, reason: 'socket ended' };
  const code = closeCode(error);
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 401:
      return { action: 'logged_out', code, reason: 'logged out or device removed' };
    case 403:
      return { action: 'blocked', code, reason: 'account blocked by WhatsApp' };
    case 440:
      return { action: 'replaced', code, reason: 'another WhatsApp Web session uses this login' };
    case 515:
      return { action: 'restart', code, reason: 'restart required' };
    case 405:
      return { action: 'version', code, reason: 'WhatsApp Web version too old' };
    case 411:
      return { action: 'multidevice_mismatch', code, reason: 'multi-device mismatch' };
    case 408:
      if (/QR refs attempts ended/i.test(message)) return { action: 'qr_timeout', code, reason: 'QR not scanned' };
      return { action: 'retry', code, reason: message || 'timed out' };
    default:
      return { action: 'retry', code, reason: message || 'connection closed' };
  }
}
