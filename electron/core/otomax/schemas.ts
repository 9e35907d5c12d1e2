import { z } from 'zod';
import { OtomaxError } from './errors';
import type { CallbackUrlResult, InsertInboxResult, ResellerResult, SaldoResult, VersionResult } from './types';

/** A parsed `{ok:true,result}` envelope, with the body text kept for the log. */
export interface Answer {
  result: unknown;
  raw: string;
  httpStatus: number;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;
/** OtomaX (Delphi/.NET over JSON) is known to send numbers as strings: accept both. */
const numberish = z.union([z.number().finite(), z.string().trim().regex(NUMERIC).transform(Number)]);
const optNumber = numberish
  .nullish()
  .catch(null)
  .transform((v) => v ?? null);
const optString = z
  .union([z.string(), z.number().transform(String)])
  .nullish()
  .catch(null)
  .transform((v) => v ?? null);
const optBool = z
  .union([
    z.boolean(),
    z.number().transform((n) => n !== 0),
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(['1', '0', 'true', 'false', 'y', 'n', 'yes', 'no']))
      .transform((s) => ['1', 'true', 'y', 'yes'].includes(s)),
  ])
  .nullish()
  .catch(null)
  .transform((v) => v ?? null);

const envelope = z.object({
  ok: z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]),
  result: z.unknown().optional(),
  desc: z.unknown().optional(),
});

function descOf(json: unknown): string | null {
  if (typeof json !== 'object' || json === null) return null;
  const d = (json as { desc?: unknown; message?: unknown }).desc ?? (json as { message?: unknown }).message;
  return typeof d === 'string' ? d : d === undefined || d === null ? null : JSON.stringify(d);
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Any non-2xx, or `ok !== true`, is an error (docs/otomax-protocol.md, "The answer"). */
export function parseEnvelope(httpStatus: number, raw: string): Answer {
  const json = tryJson(raw);
  const desc = json.ok ? descOf(json.value) : null;
  if (httpStatus >= 500) {
    return fail({ klass: 'http_5xx', message: `OtomaX answered HTTP ${httpStatus}`, httpStatus, desc });
  }
  if (httpStatus < 200 || httpStatus >= 300) {
    return fail({ klass: 'http_4xx', message: `OtomaX answered HTTP ${httpStatus}`, httpStatus, desc });
  }
  if (!json.ok) return fail({ klass: 'bad_json', message: 'OtomaX answered with a body that is not JSON', httpStatus });
  const env = envelope.safeParse(json.value);
  if (!env.success) {
    return fail({ klass: 'bad_response', message: 'OtomaX answered JSON without a boolean "ok"', httpStatus });
  }
  if (!env.data.ok) {
    const d = desc ?? '';
    return fail({ klass: 'rejected', message: `OtomaX refused: ${d || '(no desc)'}`, httpStatus, desc: d });
  }
  return { result: env.data.result ?? null, raw, httpStatus };
}

function fail(init: ConstructorParameters<typeof OtomaxError>[0]): never {
  throw new OtomaxError(init);
}

function badResult(method: string, answer: Answer, error: z.ZodError): never {
  const where = error.issues[0]?.path.join('.') || 'result';
  return fail({
    klass: 'bad_response',
    message: `OtomaX ${method} result not understood (${where})`,
    httpStatus: answer.httpStatus,
  });
}

const insertInboxSchema = z.object({
  kode_inbox: optNumber,
  status: numberish.pipe(z.number().int()),
  statusDesc: optString,
  status_desc: optString,
  pesan: optString,
});

export function parseInsertInbox(answer: Answer): InsertInboxResult {
  const r = insertInboxSchema.safeParse(answer.result);
  if (!r.success) return badResult('InsertInbox', answer, r.error);
  return {
    kode_inbox: r.data.kode_inbox,
    status: r.data.status,
    statusDesc: r.data.statusDesc ?? r.data.status_desc ?? '',
    pesan: r.data.pesan ?? '',
    raw: answer.raw,
  };
}

const callbackSchema = z.union([
  z.string().transform((url) => ({ url: url || null })),
  z.object({ url: optString }),
  z.null().transform(() => ({ url: null })),
]);

export function parseCallbackUrl(answer: Answer): CallbackUrlResult {
  const r = callbackSchema.safeParse(answer.result);
  if (!r.success) return badResult('OutboxCallback', answer, r.error);
  return { url: r.data.url, raw: answer.raw };
}

const resellerSchema = z.object({
  kode: optString,
  nama: optString,
  saldo: optNumber,
  saldo_minimal: optNumber,
  aktif: optBool,
  suspend: optBool,
});

export function parseReseller(answer: Answer): ResellerResult {
  const r = resellerSchema.safeParse(answer.result);
  if (!r.success) return badResult('GetRs', answer, r.error);
  return { ...r.data, raw: answer.raw };
}

const saldoSchema = z.object({ saldo: numberish, saldo_minimal: optNumber });

export function parseSaldo(answer: Answer): SaldoResult {
  const r = saldoSchema.safeParse(answer.result);
  if (!r.success) return badResult('GetSaldoRs', answer, r.error);
  const saldoMinimal = r.data.saldo_minimal ?? 0;
  return { saldo: r.data.saldo, saldo_minimal: saldoMinimal, available: r.data.saldo - saldoMinimal, raw: answer.raw };
}

const versionSchema = z.union([
  z.string().transform((v) => v || null),
  z
    .object({ versi: optString, version: optString, Versi: optString, Version: optString })
    .transform((o) => o.versi ?? o.version ?? o.Versi ?? o.Version),
  z.unknown().transform(() => null),
]);

export function parseVersion(answer: Answer): VersionResult {
  const version = versionSchema.parse(answer.result);
  return { version, result: answer.result, raw: answer.raw };
}
