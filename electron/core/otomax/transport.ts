import { performance } from 'node:perf_hooks';
import { Agent, type Dispatcher } from 'undici';
import { AppError, errorMessage } from '../kernel/errors';
import { redactUrl } from '../kernel/logger';
import { AttemptTimeoutError, OtomaxError, classifyError, surelyNotProcessed } from './errors';
import { formatOtomaxExp } from './exp';
import { postJson, splitUrl, type PostInFlight } from './post';
import { type Answer, parseEnvelope } from './schemas';
import { createSlots } from './slots';
import { otomaxSigner } from './token';
import type { AttemptRecord, CallOptions, OtomaxClientOptions } from './types';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_RETRIES = 3;
export const DEFAULT_BACKOFF_MS: readonly number[] = [1000, 2000, 4000];
export const DEFAULT_CONCURRENCY = 8;

/** base + exactly one '/' + Method, whatever the operator typed ('http://h:5000', 'http://h:5000/api/'). */
export function otomaxMethodUrl(baseUrl: string, method: string): string {
  return baseUrl.trim().replace(/\/+$/, '') + '/' + method;
}

export interface TransportCall<T> {
  method: string;
  payload: Record<string, unknown>;
  /** Turns the `{ok:true}` answer into the typed result; throws OtomaxError('bad_response'). */
  parse: (answer: Answer) => T;
  /** InsertInbox's `_exp` in ms: no attempt starts, and no backoff runs, past it. */
  expMs: number | null;
  opts: CallOptions | undefined;
}

export interface Transport {
  call<T>(c: TransportCall<T>): Promise<T>;
  close(): Promise<void>;
}

type Step<T> =
  | { kind: 'ok'; value: T; httpStatus: number }
  | { kind: 'failed'; error: OtomaxError }
  | { kind: 'expired' }
  | { kind: 'closed' };

/**
 * An attempt cut short by `_exp` gets a timer on this grid, rounded down (so never past `_exp`). Node keeps one list
 * per timer duration: the time left to each message's `_exp` is a different number of ms, so every attempt made and
 * dropped a list of its own (a measurable part of the engine's CPU, issue 15); on the grid, the attempts of the same
 * moment share one. The configured timeout and the last second before `_exp` stay exact.
 */
const EXP_TIMER_GRID_MS = 50;

/** The attempt's timer: `limitMs` itself, or rounded down to the grid when `_exp` (not the timeout) set it. */
export function attemptTimerMs(limitMs: number, timeoutMs: number): number {
  if (limitMs >= timeoutMs || limitMs <= 1_000) return limitMs;
  return limitMs - (limitMs % EXP_TIMER_GRID_MS);
}

/** How long close() lets attempts in flight finish before aborting them. */
const CLOSE_GRACE_MS = 2_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function assertUrl(baseUrl: string): void {
  let u: URL;
  try {
    u = new URL(baseUrl);
  } catch {
    throw new AppError('CONFIG_INVALID', 'OtomaX API URL is not a URL', { field: 'otomaxApiUrl' });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new AppError('CONFIG_INVALID', 'OtomaX API URL must start with http:// or https://', {
      field: 'otomaxApiUrl',
    });
  }
}

/**
 * One keep-alive connection pool, a cap on requests in flight, a per-attempt timeout and the retry schedule.
 * The concurrency slot is held per attempt, not per call, so a call sleeping in backoff blocks nobody.
 */
export function createTransport(o: OtomaxClientOptions): Transport {
  assertUrl(o.baseUrl);
  if (!o.appId || !o.appKey || !o.devKey) {
    throw new AppError('OTOMAX_NOT_CONFIGURED', 'OtomaX app id, app key and dev key are all needed');
  }
  const sign = otomaxSigner({ appId: o.appId, appKey: o.appKey, devKey: o.devKey });
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const defaultRetries = o.retries ?? DEFAULT_RETRIES;
  const backoff = o.backoffMs && o.backoffMs.length > 0 ? o.backoffMs : DEFAULT_BACKOFF_MS;
  const sleep = o.sleep ?? defaultSleep;
  const ownAgent = o.dispatcher
    ? null
    : new Agent({ keepAliveTimeout: 4_000, connect: { timeout: Math.min(timeoutMs, 10_000) } });
  const dispatcher: Dispatcher = o.dispatcher ?? (ownAgent as Agent);
  const queue = createSlots(o.concurrency ?? DEFAULT_CONCURRENCY);
  /** close() called: no new call or retry starts; abortInFlight() cuts the attempts still running after the grace. */
  const closing = new AbortController();
  /** The attempts in flight, for close() to abort (a set, not a listener on a shared signal: cheaper per attempt). */
  const inFlight = new Set<PostInFlight>();
  let abortedAll = false;
  const abortInFlight = () => {
    abortedAll = true;
    for (const post of inFlight) post.abort(new Error('OtomaX client closed while the request was in flight'));
  };
  const closed = new Promise<void>((resolve) => closing.signal.addEventListener('abort', () => resolve()));
  const closedError = () => new OtomaxError({ klass: 'unreachable', message: 'OtomaX client is closed' });

  async function attemptOnce<T>(
    target: { origin: string; path: string },
    body: Buffer,
    limitMs: number,
    parse: (a: Answer) => T,
  ): Promise<{ value: T; httpStatus: number }> {
    const post = postJson(dispatcher, target.origin, target.path, body);
    if (abortedAll) post.abort(new Error('OtomaX client closed while the request was in flight'));
    const timer = setTimeout(() => post.abort(new AttemptTimeoutError(limitMs)), limitMs);
    inFlight.add(post);
    try {
      const res = await post.answer;
      return { value: parse(parseEnvelope(res.statusCode, res.text)), httpStatus: res.statusCode };
    } catch (e) {
      throw classifyError(e);
    } finally {
      clearTimeout(timer);
      inFlight.delete(post);
    }
  }

  /** Each method's origin and path, worked out once (undici's request() parsed the whole URL on every call). */
  const targets = new Map<string, { origin: string; path: string }>();
  const targetOf = (method: string) => {
    let t = targets.get(method);
    if (!t) {
      t = splitUrl(otomaxMethodUrl(o.baseUrl, method));
      targets.set(method, t);
    }
    return t;
  };

  async function call<T>(c: TransportCall<T>): Promise<T> {
    if (closing.signal.aborted) throw closedError();
    // Serialize once: the token signs exactly these bytes.
    const body = Buffer.from(JSON.stringify(c.payload), 'utf8');
    const base = targetOf(c.method);
    const target = { origin: base.origin, path: base.path + '?token=' + sign(body) };
    const retries = c.opts?.retries ?? defaultRetries;
    const retryAmbiguous = c.opts?.retryAmbiguous ?? true;
    const report = (r: AttemptRecord) => {
      try {
        o.onAttempt?.(r);
        c.opts?.onAttempt?.(r);
      } catch (e) {
        // A failing observer must not turn an answered call (maybe a transaction) into an error.
        o.log.error({ method: c.method, attempt: r.attempt, error: errorMessage(e) }, 'onAttempt observer threw');
      }
    };
    let last: OtomaxError | null = null;

    const expired = (attempt: number): OtomaxError => {
      const now = o.clock.now();
      report({
        method: c.method,
        attempt,
        startedAt: now,
        finishedAt: now,
        outcome: 'expired',
        httpStatus: null,
        error: last?.message ?? null,
        latencyMs: 0,
      });
      const when = c.expMs === null ? '' : ` (_exp ${formatOtomaxExp(c.expMs)})`;
      const err = new OtomaxError({
        klass: 'expired',
        message: `${c.method} not sent: expired${when}` + (last ? `; last error: ${last.message}` : ''),
        httpStatus: last?.httpStatus ?? null,
        desc: last?.desc ?? null,
        cause: last ?? undefined,
      });
      o.log.warn({ method: c.method, attempt, lastClass: last?.klass ?? null }, 'OtomaX call expired');
      return err;
    };

    const runAttempt = async (attempt: number): Promise<Step<T>> => {
      if (closing.signal.aborted) return { kind: 'closed' };
      const startedAt = o.clock.now();
      if (c.expMs !== null && startedAt >= c.expMs) return { kind: 'expired' };
      const perAttempt = c.opts?.timeoutMs ?? timeoutMs;
      const limit =
        c.expMs === null ? perAttempt : attemptTimerMs(Math.min(perAttempt, c.expMs - startedAt), perAttempt);
      const t0 = performance.now();
      let step: Step<T>;
      try {
        step = { kind: 'ok', ...(await attemptOnce(target, body, limit, c.parse)) };
      } catch (e) {
        step = { kind: 'failed', error: classifyError(e) };
      }
      const latencyMs = Math.round(performance.now() - t0);
      const error = step.kind === 'failed' ? step.error : null;
      const httpStatus = step.kind === 'ok' ? step.httpStatus : (error?.httpStatus ?? null);
      report({
        method: c.method,
        attempt,
        startedAt,
        finishedAt: o.clock.now(),
        outcome: error ? error.outcome : 'ok',
        httpStatus,
        error: error ? error.message : null,
        latencyMs,
      });
      // Built only when it is written: at the usual levels the line is dropped anyway (one a message).
      if (o.log.isLevelEnabled('debug')) {
        o.log.debug(
          {
            method: c.method,
            url: redactUrl(otomaxMethodUrl(o.baseUrl, c.method)),
            attempt,
            outcome: error?.outcome ?? 'ok',
            httpStatus,
            latencyMs,
          },
          'OtomaX attempt',
        );
      }
      return step;
    };

    for (let attempt = 1; ; attempt++) {
      const step = await queue.run(() => runAttempt(attempt));
      if (step.kind === 'ok') return step.value;
      if (step.kind === 'expired') throw expired(attempt);
      if (step.kind === 'closed') throw last ?? closedError();
      last = step.error;
      const retryable = c.opts?.safeRetryOnly
        ? surelyNotProcessed(last)
        : last.retryable && (retryAmbiguous || last.klass !== 'ambiguous');
      if (!retryable || attempt > retries || closing.signal.aborted) throw last;
      const delay = backoff[Math.min(attempt - 1, backoff.length - 1)] ?? 0;
      if (c.expMs !== null && o.clock.now() + delay >= c.expMs) throw expired(attempt + 1);
      o.log.warn(
        {
          method: c.method,
          attempt,
          klass: last.klass,
          httpStatus: last.httpStatus,
          error: last.message,
          retryInMs: delay,
        },
        'OtomaX attempt failed, retrying',
      );
      await Promise.race([sleep(delay), closed]);
      if (closing.signal.aborted) throw last;
    }
  }

  return {
    call,
    async close() {
      if (closing.signal.aborted) return;
      closing.abort();
      // Let attempts in flight end on their own (their answer may be a transaction), within a grace.
      let graceTimer: NodeJS.Timeout | undefined;
      await Promise.race([
        queue.onIdle(),
        new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, CLOSE_GRACE_MS))),
      ]);
      clearTimeout(graceTimer);
      abortInFlight();
      await queue.onIdle();
      if (ownAgent) await ownAgent.destroy();
    },
  };
}
