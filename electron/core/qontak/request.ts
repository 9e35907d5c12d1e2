import { request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import type { Clock } from '../kernel/clock';
import type { ErrorCode } from '../../../shared/errors';
import { AppError, errorMessage } from '../kernel/errors';
import type { Logger } from '../kernel/logger';
import { networkCodes, requestNeverLeft } from '../kernel/net-errors';
import { requestTarget, signRequest } from './signer';
import { errorWire } from './wire';

export const API_PREFIX = '/qontak/chat/v1';

export interface RequestDeps {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  clock: Clock;
  log: Logger;
  sleep: (ms: number) => Promise<void>;
  dispatcher?: Dispatcher;
  timeoutMs: number;
  /** 5xx answers retried this many times before QONTAK_UPSTREAM. */
  serverRetries: number;
  /** 429 answers retried this many times before QONTAK_RATE_LIMITED. */
  rateLimitRetries: number;
  /** A Retry-After longer than this is not waited for: QONTAK_RATE_LIMITED at once. */
  maxRetryAfterMs: number;
}

export interface CallSpec<T extends z.ZodType> {
  method: 'GET' | 'POST';
  /** Relative to /qontak/chat/v1. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** A body that is not JSON (the file uploader's multipart form), sent as is. */
  rawBody?: { data: Buffer; contentType: string };
  schema: T;
  /**
   * Ends a wait between attempts (Retry-After, 5xx backoff) at once: stopping the app must not sit out a 60 s
   * Retry-After. A request already on the wire is never cut: its outcome is recorded as usual.
   */
  signal?: AbortSignal;
}

/** Sleep unless `signal` fires first; true when it did. */
async function waitOrAbort(sleep: (ms: number) => Promise<void>, ms: number, signal?: AbortSignal): Promise<boolean> {
  if (!signal) {
    await sleep(ms);
    return false;
  }
  if (signal.aborted) return true;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<boolean>((resolve) => {
    onAbort = () => resolve(true);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([sleep(ms).then(() => false), aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/** Every failure of a Qontak call. An AppError, so commands and routes map it by code. */
export class QontakError extends AppError {
  /** Qontak may have acted on the request although the call failed: never resend it blindly. */
  readonly maybeProcessed: boolean;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; maybeProcessed?: boolean } = {}) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = 'QontakError';
    this.maybeProcessed = options.maybeProcessed ?? false;
  }
}

export function parseRetryAfter(value: string | string[] | undefined, now: number): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return null;
  const trimmed = raw.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

function upstreamMessages(body: unknown): string[] {
  const parsed = errorWire.safeParse(body);
  if (!parsed.success) return [];
  const { error, message } = parsed.data;
  const out: string[] = [];
  if (typeof error === 'string') out.push(error);
  else if (error) {
    for (const m of error.messages ?? []) if (typeof m === 'string') out.push(m);
    if (error.message) out.push(error.message);
  }
  if (message) out.push(message);
  return out.map((m) => m.slice(0, 300)).slice(0, 10);
}

function withReasons(prefix: string, reasons: string[]): string {
  return reasons.length ? `${prefix}: ${reasons.join('; ')}` : prefix;
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * One query key or value, percent-encoded except `=` and `/`, which a query may hold as they are. Mekari's cursors
 * are base64 ("MTY2…MjE="): sent this way, the query on the wire and its percent-decoded form are the same text,
 * so the signature holds whether Mekari checks the raw request line (what Jembatan signs) or the decoded one
 * (what Mekari's own SDK signs). `+` must stay encoded (a raw `+` reads as a space).
 */
function queryPart(v: string): string {
  return encodeURIComponent(v).replace(/%3D/gi, '=').replace(/%2F/gi, '/');
}

export function buildUrl(baseUrl: string, path: string, query: Record<string, string> = {}): URL {
  const base = new URL(baseUrl);
  const url = new URL(`${base.pathname.replace(/\/+$/, '')}${API_PREFIX}${path}`, base.origin);
  const pairs = Object.entries(query).map(([k, v]) => `${queryPart(k)}=${queryPart(v)}`);
  if (pairs.length) url.search = `?${pairs.join('&')}`;
  return url;
}

/**
 * One signed call with Qontak's retry rules: 429 waits (Retry-After honoured), 5xx is retried, every attempt is
 * signed afresh (the server allows 300 s of skew). Connection failures are not retried here: the caller knows
 * whether a resend is safe (see requestWasNotSent).
 */
export async function callQontak<T extends z.ZodType>(deps: RequestDeps, spec: CallSpec<T>): Promise<z.infer<T>> {
  const url = buildUrl(deps.baseUrl, spec.path, spec.query);
  const target = requestTarget(url);
  const body =
    spec.rawBody?.data ?? (spec.body === undefined ? undefined : Buffer.from(JSON.stringify(spec.body), 'utf8'));
  const contentType = spec.rawBody?.contentType ?? 'application/json';
  let serverErrors = 0;
  let rateLimits = 0;
  for (let attempt = 1; ; attempt++) {
    const signed = signRequest({
      method: spec.method,
      url,
      clientId: deps.clientId,
      clientSecret: deps.clientSecret,
      date: new Date(deps.clock.now()),
      ...(body ? { body } : {}),
    });
    const headers: Record<string, string> = {
      Date: signed.Date,
      Authorization: signed.Authorization,
      Accept: 'application/json',
    };
    if (signed.Digest) headers.Digest = signed.Digest;
    if (body) headers['Content-Type'] = contentType;
    const started = deps.clock.now();
    let status: number;
    let responseHeaders: Record<string, string | string[] | undefined>;
    let text: string;
    // One deadline for the whole attempt: undici's own headers/body timeouts do not cover every phase.
    const deadline = AbortSignal.timeout(deps.timeoutMs);
    try {
      const res = await request(url, {
        method: spec.method,
        headers,
        body,
        signal: deadline,
        ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}),
      });
      status = res.statusCode;
      responseHeaders = res.headers;
      text = await res.body.text();
    } catch (e) {
      const why = deadline.aborted ? `no answer within ${deps.timeoutMs} ms` : errorMessage(e);
      deps.log.warn({ method: spec.method, target, attempt, code: networkCodes(e)[0], err: why }, 'qontak unreachable');
      throw new QontakError('QONTAK_UNREACHABLE', `cannot reach Qontak at ${url.origin}: ${why}`, {
        cause: e,
        maybeProcessed: !requestNeverLeft(e),
      });
    }
    const ms = deps.clock.now() - started;
    deps.log.debug({ method: spec.method, target, status, attempt, ms }, 'qontak call');
    const json = parseJson(text);

    if (status >= 200 && status < 300) {
      const parsed = spec.schema.safeParse(json);
      if (!parsed.success) {
        throw new QontakError('QONTAK_UPSTREAM', `unexpected answer from Qontak (${spec.method} ${url.pathname})`, {
          cause: parsed.error,
          maybeProcessed: true,
        });
      }
      return parsed.data;
    }
    const reasons = upstreamMessages(json);
    if (status === 401) {
      throw new QontakError(
        'QONTAK_UNAUTHORIZED',
        withReasons(
          "Qontak refused the credentials (check the client id and secret, and this computer's clock)",
          reasons,
        ),
      );
    }
    if (status === 403) {
      throw new QontakError(
        'QONTAK_FORBIDDEN',
        withReasons('Qontak denied access: the Mekari API client needs the scope qontak-chat:all', reasons),
      );
    }
    if (status === 429) {
      const wait = parseRetryAfter(responseHeaders['retry-after'], deps.clock.now()) ?? 1000 * 2 ** rateLimits;
      if (rateLimits >= deps.rateLimitRetries || wait > deps.maxRetryAfterMs) {
        throw new QontakError(
          'QONTAK_RATE_LIMITED',
          withReasons('Qontak rate limit reached, try again later', reasons),
        );
      }
      rateLimits++;
      deps.log.warn({ method: spec.method, target, waitMs: wait }, 'qontak rate limited, waiting');
      if (await waitOrAbort(deps.sleep, wait, spec.signal)) {
        // The last answer was a 429: Qontak did not take the request, so it is safe to try again after a restart.
        throw new QontakError('QONTAK_RATE_LIMITED', 'stopped while waiting out the Qontak rate limit');
      }
      continue;
    }
    if (status >= 500) {
      if (spec.method !== 'GET' && status !== 503) {
        // A 500 or a gateway's 502/504 may come after Qontak sent the broadcast: resending could message the
        // person twice (and bill it twice). Only 503 says the request was not taken.
        throw new QontakError('QONTAK_UPSTREAM', withReasons(`Qontak server error (HTTP ${status})`, reasons), {
          maybeProcessed: true,
        });
      }
      if (serverErrors >= deps.serverRetries) {
        throw new QontakError('QONTAK_UPSTREAM', withReasons(`Qontak server error (HTTP ${status})`, reasons));
      }
      serverErrors++;
      const wait = 500 * 2 ** (serverErrors - 1);
      deps.log.warn({ method: spec.method, target, status, waitMs: wait }, 'qontak server error, retrying');
      if (await waitOrAbort(deps.sleep, wait, spec.signal)) {
        throw new QontakError('QONTAK_UPSTREAM', `stopped while retrying a Qontak server error (HTTP ${status})`);
      }
      continue;
    }
    throw new QontakError('QONTAK_INVALID', withReasons(`Qontak refused the request (HTTP ${status})`, reasons));
  }
}
