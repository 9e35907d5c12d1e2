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

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The envelope as OtomaX sends it almost always (`ok` a boolean): what `envelope` gives for it, without running the
 * schema; null for anything else, which the schema reads. One InsertInbox answer a message (issue 15).
 */
function plainEnvelope(v: unknown): { success: true; data: { ok: boolean; result?: unknown } } | null {
  if (!isRecord(v) || typeof v.ok !== 'boolean') return null;
  return { success: true, data: { ok: v.ok, result: v.result } };
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
  const env = plainEnvelope(json.value) ?? envelope.safeParse(json.value);
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

type InsertInboxFields = z.output<typeof insertInboxSchema>;

const plainNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** A field the schema's optString passes through unchanged: a string, or null / absent (null). */
const plainText = (v: unknown): string | null | false =>
  typeof v === 'string' ? v : v === null || v === undefined ? null : false;

/**
 * The InsertInbox result in the shape OtomaX sends it almost always (numbers as numbers, texts as texts or null):
 * exactly what `insertInboxSchema` gives for it, without running the schema; null for anything else (numbers as
 * text, odd types), which the schema reads. test/core/otomax/answer-fast-path.test.ts holds the two side by side.
 */
export function plainInsertInbox(v: unknown): InsertInboxFields | null {
  if (!isRecord(v)) return null;
  const kode = v.kode_inbox;
  if (!(plainNumber(kode) || kode === null || kode === undefined)) return null;
  if (!plainNumber(v.status) || !Number.isInteger(v.status)) return null;
  const statusDesc = plainText(v.statusDesc);
  const statusDescSnake = plainText(v.status_desc);
  const pesan = plainText(v.pesan);
  if (statusDesc === false || statusDescSnake === false || pesan === false) return null;
  return { kode_inbox: kode ?? null, status: v.status, statusDesc, status_desc: statusDescSnake, pesan };
}

export function parseInsertInbox(answer: Answer): InsertInboxResult {
  const plain = plainInsertInbox(answer.result);
  return insertInboxResult(answer, plain ? { success: true, data: plain } : insertInboxSchema.safeParse(answer.result));
}

/** parseInsertInbox through the schema alone: the fast path's reference (test/core/otomax/answer-fast-path.test.ts). */
export function parseInsertInboxBySchema(answer: Answer): InsertInboxResult {
  return insertInboxResult(answer, insertInboxSchema.safeParse(answer.result));
}

function insertInboxResult(
  answer: Answer,
  r: { success: true; data: InsertInboxFields } | { success: false; error: z.ZodError },
): InsertInboxResult {
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
