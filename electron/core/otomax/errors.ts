import type { ErrorCode } from '../../../shared/errors';
import { AppError, errorMessage } from '../kernel/errors';
import { redactUrl } from '../kernel/logger';
import { isTimeoutError, networkCodes, requestNeverLeft } from '../kernel/net-errors';
import type { AttemptOutcome } from './types';

/**
 * What a failure means for the money: 'unreachable' never reached OtomaX (safe to retry); 'ambiguous' may have
 * been processed (timeout or reset after the request was written); 'http_4xx' and 'rejected' are definite answers
 * (never retried); 'http_5xx' and bad bodies are answers we cannot read; 'expired' = `_exp` passed first.
 */
export type OtomaxErrorClass =
  'unreachable' | 'ambiguous' | 'http_5xx' | 'http_4xx' | 'rejected' | 'bad_json' | 'bad_response' | 'expired';

const CODE_BY_CLASS: Record<OtomaxErrorClass, ErrorCode> = {
  unreachable: 'OTOMAX_UNREACHABLE',
  ambiguous: 'OTOMAX_AMBIGUOUS',
  http_5xx: 'OTOMAX_HTTP_5XX',
  http_4xx: 'OTOMAX_HTTP_4XX',
  rejected: 'OTOMAX_REJECTED',
  bad_json: 'OTOMAX_BAD_RESPONSE',
  bad_response: 'OTOMAX_BAD_RESPONSE',
  expired: 'OTOMAX_EXPIRED',
};

const OUTCOME_BY_CLASS: Record<OtomaxErrorClass, AttemptOutcome> = {
  unreachable: 'refused',
  ambiguous: 'reset',
  http_5xx: 'http_5xx',
  http_4xx: 'http_4xx',
  rejected: 'rejected',
  bad_json: 'bad_response',
  bad_response: 'bad_response',
  expired: 'expired',
};

export interface OtomaxErrorInit {
  klass: OtomaxErrorClass;
  message: string;
  /** Only 'timeout' is distinct from the class default ('ambiguous' -> 'reset'). */
  outcome?: AttemptOutcome;
  httpStatus?: number | null;
  desc?: string | null;
  cause?: unknown;
}

export class OtomaxError extends AppError {
  readonly klass: OtomaxErrorClass;
  readonly outcome: AttemptOutcome;
  readonly httpStatus: number | null;
  /** OtomaX's own `desc` (ok:false, or an error body that carried one). */
  readonly desc: string | null;

  constructor(init: OtomaxErrorInit) {
    const outcome = init.outcome ?? OUTCOME_BY_CLASS[init.klass];
    const code: ErrorCode = outcome === 'timeout' ? 'OTOMAX_TIMEOUT' : CODE_BY_CLASS[init.klass];
    super(code, init.message, init.cause === undefined ? {} : { cause: init.cause });
    this.name = 'OtomaxError';
    this.klass = init.klass;
    this.outcome = outcome;
    this.httpStatus = init.httpStatus ?? null;
    this.desc = init.desc ?? null;
  }

  /** Worth another attempt: nothing definite came back. */
  get retryable(): boolean {
    return isRetryableClass(this.klass);
  }
}

/**
 * Failures that prove OtomaX did not act on the request: the connection was refused, or it said 503 (unavailable).
 * Any other 5xx (a 500 after the insert, a proxy's 502/504) may have been processed.
 */
export function surelyNotProcessed(e: { klass: OtomaxErrorClass; httpStatus: number | null }): boolean {
  return e.klass === 'unreachable' || (e.klass === 'http_5xx' && e.httpStatus === 503);
}

export function isRetryableClass(klass: OtomaxErrorClass): boolean {
  return (
    klass === 'unreachable' ||
    klass === 'ambiguous' ||
    klass === 'http_5xx' ||
    klass === 'bad_json' ||
    klass === 'bad_response'
  );
}

/** Thrown into an attempt's AbortSignal when its time is up, so the abort is told apart from a reset. */
export class AttemptTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'AttemptTimeoutError';
  }
}

/**
 * Turn whatever one attempt threw into an OtomaxError. Anything we cannot prove stayed on this side of the wire
 * is 'ambiguous': treating an unknown failure as "not sent" is how a transaction gets doubled.
 */
export function classifyError(e: unknown): OtomaxError {
  if (e instanceof OtomaxError) return e;
  const message = redactUrl(errorMessage(e));
  if (e instanceof AttemptTimeoutError) {
    return new OtomaxError({ klass: 'ambiguous', outcome: 'timeout', message: `timeout: ${message}`, cause: e });
  }
  const codes = networkCodes(e);
  const detail = codes[0] ? `${codes[0]}: ${message}` : message;
  if (requestNeverLeft(e)) {
    return new OtomaxError({ klass: 'unreachable', message: `OtomaX unreachable (${detail})`, cause: e });
  }
  if (isTimeoutError(e)) {
    return new OtomaxError({ klass: 'ambiguous', outcome: 'timeout', message: `timeout (${detail})`, cause: e });
  }
  if (codes.some((c) => c.startsWith('HPE_'))) {
    return new OtomaxError({ klass: 'bad_response', message: `unreadable HTTP answer (${detail})`, cause: e });
  }
  return new OtomaxError({
    klass: 'ambiguous',
    outcome: 'reset',
    message: `connection lost after sending (${detail})`,
    cause: e,
  });
}
