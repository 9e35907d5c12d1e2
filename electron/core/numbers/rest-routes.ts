import type { FastifyInstance } from 'fastify';
import { AppError, isAppError } from '../kernel/errors';
import { okReply } from '../http/envelope';
import { restAddNumberBodySchema, restNumberParamsSchema, toRestNumber } from './schemas';
import type { NumbersService } from './service';

/**
 * The numbers over the local REST API (issue 17), API key required like every non-public route:
 * GET /whatsapp/numbers, POST /whatsapp/numbers {name, kode_terminal} -> {id}, DELETE /whatsapp/numbers/:id.
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

  app.delete('/whatsapp/numbers/:id', async (req, reply) => {
    const { id } = restNumberParamsSchema.parse(req.params);
    await s.remove({ id });
    return okReply(reply, { id, removed: true });
  });
}
