import { AppError } from '../kernel/errors';
import { parseOtomaxExp } from './exp';
import { wireKode } from './kode';
import { normalizePhone } from './phone';
import { parseCallbackUrl, parseInsertInbox, parseReseller, parseSaldo, parseVersion, type Answer } from './schemas';
import { createTransport } from './transport';
import type { CallOptions, GenericResult, InsertInboxBody, OtomaxClient, OtomaxClientOptions } from './types';

export { classifyError, OtomaxError, type OtomaxErrorClass } from './errors';
export { otomaxMethodUrl } from './transport';
export type * from './types';

const generic = (a: Answer): GenericResult => ({ result: a.result, raw: a.raw });

function requireText(value: string, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new AppError('VALIDATION', `${field} is required`, { field });
  }
  return value.trim();
}

/**
 * The OtomaX OpenApi client: `POST <base>/<Method>?token=<token>` with a JSON body signed byte for byte.
 * Create one per configuration and reuse it (one keep-alive pool); `close()` when the settings change.
 */
export function createOtomaxClient(opts: OtomaxClientOptions): OtomaxClient {
  const transport = createTransport(opts);

  function simple<T>(method: string, payload: Record<string, unknown>, parse: (a: Answer) => T, o?: CallOptions) {
    return transport.call({ method, payload, parse, expMs: null, opts: o });
  }

  return {
    insertInbox(body: InsertInboxBody, o?: CallOptions) {
      const expMs = parseOtomaxExp(body._exp);
      if (expMs === null) {
        return Promise.reject(
          new AppError('VALIDATION', '_exp must be an RFC 3339 time like 2025-10-18T20:30:30Z', { field: '_exp' }),
        );
      }
      // One canonical form on both paths: a LID or an 08... number here would break delivery of the answer.
      if (normalizePhone(body.pengirim) !== body.pengirim) {
        return Promise.reject(
          new AppError('VALIDATION', 'pengirim must be digits in international form (62...)', { field: 'pengirim' }),
        );
      }
      // Field order as OtomaX's own clients send it; the token signs this exact serialization.
      const payload = {
        pesan: body.pesan,
        kode_reseller: body.kode_reseller,
        pengirim: body.pengirim,
        tipe_pengirim: body.tipe_pengirim ?? 'W',
        kode_terminal: body.kode_terminal,
        _exp: body._exp,
      };
      return transport.call({
        method: 'InsertInbox',
        payload,
        parse: parseInsertInbox,
        expMs,
        opts: { safeRetryOnly: true, ...o },
      });
    },
    setOutboxCallback: (url, o) => simple('SetOutboxCallback', { url }, parseCallbackUrl, o),
    getOutboxCallback: (o) => simple('GetOutboxCallback', {}, parseCallbackUrl, o),
    async getRs(kode, o) {
      return simple('GetRs', { kode: requireText(kode, 'kode') }, parseReseller, o);
    },
    async getSaldoRs(kode, o) {
      return simple('GetSaldoRs', { kode: requireText(kode, 'kode') }, parseSaldo, o);
    },
    async updateStatusOutbox(kode, status, o) {
      if (!Number.isInteger(status))
        throw new AppError('VALIDATION', 'status must be a whole number', { field: 'status' });
      const k = requireText(String(kode), 'kode');
      // Outbox kodes are OtomaX row numbers: the same canonical form the callback stored them under.
      return simple('UpdateStatusOutbox', { kode: wireKode(k), status }, generic, o);
    },
    test: (phone, o) => simple('Test', phone ? { phone } : {}, generic, o),
    getVersiOtomaX: (o) => simple('GetVersiOtomaX', {}, parseVersion, o),
    close: () => transport.close(),
  };
}
