import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Settings } from '../../../shared/settings';
import type { Clock } from '../kernel/clock';
import { AppError } from '../kernel/errors';
import { OtomaxError } from './errors';
import { formatOtomaxExp, INSERT_INBOX_TTL_MS, parseOtomaxExp } from './exp';
import { normalizePhone } from './phone';
import type { InsertInboxBody, OtomaxClient } from './types';
import { okReply, send } from '../http/envelope';
import { statusFor } from '../http/server';

export interface OtomaxRoutesDeps {
  /** The client in force; throws AppError('OTOMAX_NOT_CONFIGURED') when OtomaX is not set up. */
  client: () => OtomaxClient;
  settings: () => Settings;
  /** This app's callback URL, secret path included. */
  ownCallbackUrl: () => Promise<string>;
  clock: Clock;
  /** After a callback URL was set: check again what OtomaX holds (the mismatch banner follows). */
  afterRegister?: () => Promise<void>;
}

const text = (max: number) => z.union([z.string(), z.number().finite().transform(String)]).pipe(z.string().max(max));

const insertInboxBody = z.object({
  pesan: z.string().min(1, 'pesan is required').max(4096),
  pengirim: text(64),
  kode_reseller: z.string().trim().max(50).optional(),
  kode_terminal: z
    .union([z.number(), z.string().regex(/^\d+$/, 'expected a whole number').transform(Number)])
    .pipe(z.number().int().min(0).max(1_000_000))
    .optional(),
  tipe_pengirim: z.literal('W').optional(),
  _exp: z.string().optional(),
});

const setCallbackBody = z
  .object({
    url: z
      .string()
      .trim()
      .max(2048)
      .refine((u) => /^https?:\/\/\S+$/i.test(u), 'expected an http:// or https:// URL')
      .optional(),
  })
  .optional();

const testBody = z.object({ phone: text(64).optional() }).optional();
const codeParams = z.object({ code: z.string().trim().min(1, 'code is required').max(50) });

/** OtomaX failures: 502 with the class, so a caller can tell "not reached" from "may have been processed". */
function sendOtomaxError(reply: FastifyReply, e: OtomaxError): FastifyReply {
  return send(reply, statusFor(e.code), e.message, {
    error: e.code,
    class: e.klass,
    desc: e.desc,
    httpStatus: e.httpStatus,
  });
}

async function viaOtomax<T>(reply: FastifyReply, run: () => Promise<T>, message?: string): Promise<FastifyReply> {
  try {
    return okReply(reply, await run(), message);
  } catch (e) {
    if (e instanceof OtomaxError) return sendOtomaxError(reply, e);
    throw e;
  }
}

const MAX_EXP_AHEAD_MS = 5 * 60_000;

/** An `_exp` the caller gave, normalized; never year 0001 (the seed's default) nor a time already past. */
function expFrom(given: string | undefined, now: number): string {
  if (given === undefined || given.trim() === '') return formatOtomaxExp(now + INSERT_INBOX_TTL_MS);
  const ms = parseOtomaxExp(given.trim());
  if (ms === null)
    throw new AppError('VALIDATION', '_exp: expected an RFC 3339 time like 2025-10-18T20:30:30Z', { field: '_exp' });
  if (ms <= now) throw new AppError('VALIDATION', '_exp: already passed', { field: '_exp' });
  // _exp is the only freshness a token carries: a far-future one would let a captured request be replayed.
  if (ms > now + MAX_EXP_AHEAD_MS) {
    throw new AppError('VALIDATION', `_exp: at most ${MAX_EXP_AHEAD_MS / 60_000} minutes ahead`, { field: '_exp' });
  }
  return formatOtomaxExp(ms);
}

/**
 * The REST routes of the WhatsApp Center this app replaces (envelope {code, message, results}). All need the API
 * key (the server's onRequest hook). /otomax/health and /otomax/callback/* live elsewhere.
 */
export function registerOtomaxRoutes(app: FastifyInstance, deps: OtomaxRoutesDeps): void {
  app.post('/otomax/insert-inbox', async (req, reply) => {
    const body = insertInboxBody.parse(req.body ?? {});
    const pengirim = normalizePhone(body.pengirim);
    if (pengirim === null) {
      throw new AppError('VALIDATION', 'pengirim: expected a phone number like 6281234567890', { field: 'pengirim' });
    }
    const s = deps.settings();
    const payload: InsertInboxBody = {
      pesan: body.pesan,
      kode_reseller: body.kode_reseller ?? s.otomaxDefaultReseller,
      pengirim,
      tipe_pengirim: 'W',
      kode_terminal: body.kode_terminal ?? s.otomaxDefaultKodeTerminal,
      _exp: expFrom(body._exp, deps.clock.now()),
    };
    const client = deps.client();
    return viaOtomax(reply, async () => {
      const r = await client.insertInbox(payload);
      return {
        kode_inbox: r.kode_inbox,
        status: r.status,
        statusDesc: r.statusDesc,
        pesan: r.pesan,
        request: {
          pengirim,
          kode_reseller: payload.kode_reseller,
          kode_terminal: payload.kode_terminal,
          _exp: payload._exp,
        },
      };
    });
  });

  app.post('/otomax/set-callback', async (req, reply) => {
    const body = setCallbackBody.parse(req.body ?? undefined);
    const url = body?.url || (await deps.ownCallbackUrl());
    const client = deps.client();
    return viaOtomax(reply, async () => {
      const r = await client.setOutboxCallback(url);
      await deps.afterRegister?.();
      return { url, registered: r.url };
    });
  });

  app.get('/otomax/get-callback', async (_req, reply) => {
    const client = deps.client();
    return viaOtomax(reply, async () => {
      const r = await client.getOutboxCallback();
      return { url: r.url, isOwn: r.url !== null && r.url === (await deps.ownCallbackUrl()) };
    });
  });

  app.post('/otomax/test', async (req, reply) => {
    const body = testBody.parse(req.body ?? undefined);
    let phone: string | undefined;
    if (body?.phone !== undefined && body.phone !== '') {
      phone = normalizePhone(body.phone) ?? undefined;
      if (!phone)
        throw new AppError('VALIDATION', 'phone: expected a phone number like 6281234567890', { field: 'phone' });
    }
    const client = deps.client();
    return viaOtomax(reply, async () => {
      const started = performance.now();
      const r = await client.test(phone, { retries: 0 });
      return { ok: true, latencyMs: Math.round(performance.now() - started), result: r.result };
    });
  });

  app.get('/otomax/reseller/:code', async (req, reply) => {
    const { code } = codeParams.parse(req.params);
    const client = deps.client();
    return viaOtomax(reply, async () => {
      const r = await client.getRs(code);
      const available = r.saldo !== null ? r.saldo - (r.saldo_minimal ?? 0) : null;
      return {
        kode: r.kode ?? code,
        nama: r.nama,
        saldo: r.saldo,
        saldo_minimal: r.saldo_minimal,
        available,
        aktif: r.aktif,
        suspend: r.suspend,
      };
    });
  });

  const balance = async (params: unknown, reply: FastifyReply) => {
    const { code } = codeParams.parse(params);
    const client = deps.client();
    return viaOtomax(reply, async () => {
      const r = await client.getSaldoRs(code);
      return { kode: code, saldo: r.saldo, saldo_minimal: r.saldo_minimal, available: r.available };
    });
  };
  app.get('/otomax/balance/:code', (req, reply) => balance(req.params, reply));
  app.get('/otomax/reseller/:code/balance', (req, reply) => balance(req.params, reply));

  app.get('/otomax/callback-url', async (_req, reply) => okReply(reply, { url: await deps.ownCallbackUrl() }));
}
