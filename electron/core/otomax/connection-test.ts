import type { Dispatcher } from 'undici';
import { z } from 'zod';
import type { OtomaxTestInput, OtomaxTestReason, OtomaxTestResult } from '../../../shared/dto';
import type { Clock } from '../kernel/clock';
import { validatePatch } from '../config/load';
import { ValidationError, type SettingsService } from '../config/settings-service';
import { errorMessage, isAppError } from '../kernel/errors';
import type { Logger } from '../kernel/logger';
import { createOtomaxClient } from './client';
import { OtomaxError } from './errors';

/** The settings "Uji koneksi" may try before they are saved. */
const TESTABLE = ['otomaxApiUrl', 'otomaxAppId', 'otomaxTimeoutMs'] as const;

const secret = z
  .string()
  .max(500)
  .regex(/^[^\r\n]*$/, 'expected one line of text');
export const otomaxTestInputSchema: z.ZodType<OtomaxTestInput> = z
  .object({
    values: z
      .object({ otomaxApiUrl: z.unknown(), otomaxAppId: z.unknown(), otomaxTimeoutMs: z.unknown() })
      .partial()
      .strict()
      .optional(),
    otomaxAppKey: secret.optional(),
    otomaxDevKey: secret.optional(),
  })
  .strict();

/** host:port of an OpenApi address, the port spelled out so the owner can compare it with OtomaX's. */
export function targetOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
  } catch {
    return url;
  }
}

/** What the owner should do, from what the failure was (OtomaX says ok:false to a bad token, or 401). */
function reasonOf(e: unknown): { reason: OtomaxTestReason; status?: number } {
  if (e instanceof OtomaxError) {
    if (e.klass === 'rejected') return { reason: 'credentials' };
    if (e.klass === 'http_4xx')
      return e.httpStatus === 401 || e.httpStatus === 403
        ? { reason: 'credentials', status: e.httpStatus }
        : { reason: 'http', ...(e.httpStatus ? { status: e.httpStatus } : {}) };
    if (e.klass === 'http_5xx') return { reason: 'http', ...(e.httpStatus ? { status: e.httpStatus } : {}) };
    if (e.klass === 'unreachable') return { reason: 'unreachable' };
    if (e.outcome === 'timeout' || e.klass === 'ambiguous') return { reason: 'timeout' };
    return { reason: 'bad_response' };
  }
  if (isAppError(e) && e.code === 'OTOMAX_NOT_CONFIGURED') return { reason: 'not_configured' };
  return { reason: 'other' };
}

/**
 * "Uji koneksi": one GetVersiOtomaX with the values typed in the form over the saved ones. Typed secrets are used
 * for this one call and never stored; typed values are checked with the settings schema first.
 */
export async function testOtomaxConnection(
  deps: { settings: SettingsService; clock: Clock; log: Logger; dispatcher?: Dispatcher },
  input: OtomaxTestInput,
): Promise<OtomaxTestResult> {
  const checked = validatePatch(input.values ?? {});
  if (!checked.ok)
    throw new ValidationError(
      Object.fromEntries(checked.errors.map((e) => [e.field, { message: e.message, reason: 'invalid' as const }])),
    );
  const saved = deps.settings.get();
  const s = { ...saved, ...checked.value };
  const appKey = input.otomaxAppKey || (await deps.settings.secret('otomaxAppKey'));
  const devKey = input.otomaxDevKey || (await deps.settings.secret('otomaxDevKey'));
  const unsaved =
    TESTABLE.some((k) => checked.value[k] !== undefined && checked.value[k] !== saved[k]) ||
    Boolean(input.otomaxAppKey || input.otomaxDevKey);
  const target = targetOf(s.otomaxApiUrl);
  const base = { unsaved, params: { target } };
  const started = deps.clock.now();
  if (!s.otomaxAppId || !appKey || !devKey)
    return { ...base, ok: false, latencyMs: 0, reason: 'not_configured', message: 'OtomaX is not configured' };
  const client = createOtomaxClient({
    baseUrl: s.otomaxApiUrl,
    appId: s.otomaxAppId,
    appKey,
    devKey,
    timeoutMs: s.otomaxTimeoutMs,
    retries: 0,
    concurrency: 1,
    clock: deps.clock,
    log: deps.log,
    ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}),
  });
  try {
    const v = await client.getVersiOtomaX({ retries: 0 });
    return {
      ...base,
      ok: true,
      latencyMs: deps.clock.now() - started,
      message: 'OtomaX answered',
      ...(v.version ? { version: v.version } : {}),
    };
  } catch (e) {
    const r = reasonOf(e);
    deps.log.info({ target, reason: r.reason, err: errorMessage(e), unsaved }, 'OtomaX connection test failed');
    return {
      ...base,
      ok: false,
      latencyMs: deps.clock.now() - started,
      reason: r.reason,
      params: { target, ...(r.status ? { status: r.status } : {}) },
      message: errorMessage(e),
    };
  } finally {
    await client.close();
  }
}
