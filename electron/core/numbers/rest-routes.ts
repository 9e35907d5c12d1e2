import type { FastifyInstance } from 'fastify';
import { AppError, isAppError } from '../kernel/errors';
import { okReply } from '../http/envelope';
import {
  fromRestUpdate,
  REST_UPDATE_FIELDS,
  restAddNumberBodySchema,
  restNumberParamsSchema,
  restUpdateNumberBodySchema,
  toRestNumber,
} from './schemas';
import type { NumbersService } from './service';

/**
 * The numbers over the local REST API (issue 17), API key required like every non-public route:
 * GET /whatsapp/numbers, POST /whatsapp/numbers {name, kode_terminal} -> {id}, DELETE /whatsapp/numbers/:id,
 * PATCH /whatsapp/numbers/:id {name?, kode_terminal?, fallback_id?, primary?, default_reseller?, forward_*?,
 * auto_reply?} -> the number as GET lists it (null options = the global setting).
 * Errors leave as the server's envelope: zod -> 400 with the field, a taken terminal 409, an unknown id 404.
 */
export function registerNumbersRoutes(app: FastifyInstance, s: NumbersService): void {
  app.get('/whatsapp/numbers', async (_req, reply) => okReply(reply, s.list().map(toRestNumber)));

  app.post('/whatsapp/numbers', async (req, reply) => {
    const body = restAddNumberBodySchema.parse(req.body);
    try {
      const n = await s.add(body);
      return okReply(reply, { id: n.id });
    } catch (e) {
      // The window's field name is kodeTerminal; a REST client sent kode_terminal and should read that back.
      if (isAppError(e) && e.field === 'kodeTerminal') {
        throw new AppError(e.code, e.message, {
          field: 'kode_terminal',
          cause: e,
          ...(e.params ? { params: e.params } : {}),
        });
      }
      throw e;
    }
  });

  app.patch('/whatsapp/numbers/:id', async (req, reply) => {
    const { id } = restNumberParamsSchema.parse(req.params);
    const body = restUpdateNumberBodySchema.parse(req.body ?? {});
    try {
      return okReply(reply, toRestNumber(s.update(fromRestUpdate(id, body))));
    } catch (e) {
      // A refusal names the window's field (fallbackId); a REST client sent fallback_id and should read that back.
      const rest = Object.entries(REST_UPDATE_FIELDS).find(([, own]) => isAppError(e) && e.field === own)?.[0];
      if (isAppError(e) && rest && rest !== e.field) {
        throw new AppError(e.code, e.message, { field: rest, cause: e, ...(e.params ? { params: e.params } : {}) });
      }
      throw e;
    }
  });

  app.delete('/whatsapp/numbers/:id', async (req, reply) => {
    const { id } = restNumberParamsSchema.parse(req.params);
    await s.remove({ id });
    return okReply(reply, { id, removed: true });
  });
}
