import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SessionStatus } from '../../../shared/dto';
import { okReply } from '../http/envelope';
import { AppError } from '../kernel/errors';
import type { NumbersRepo } from './numbers-repo';
import { restNumberParamsSchema } from './schemas';

/** POST /whatsapp/numbers/:id/pairing body: the shop phone's number, as typed (0812…, 62812…, +62 812…). */
export const restPairingBodySchema = z
  .object({
    phone: z
      .string()
      .trim()
      .regex(/^\+?[\d\s-]{8,20}$/, 'expected a phone number like 6281234567890'),
  })
  .strict();

/**
 * A server without a window links a number over REST: `POST /whatsapp/numbers/:id/pairing {phone}` answers the
 * 8-character code to type on that phone (WhatsApp → Linked devices → Link with phone number). API key required.
 */
export function registerNumberPairingRoute(
  app: FastifyInstance,
  d: { repo: Pick<NumbersRepo, 'get'>; pair: (id: string, phone: string) => Promise<SessionStatus> },
): void {
  app.post('/whatsapp/numbers/:id/pairing', async (req, reply) => {
    const { id } = restNumberParamsSchema.parse(req.params);
    const { phone } = restPairingBodySchema.parse(req.body);
    const n = d.repo.get(id);
    if (!n || n.removedAt !== null) throw new AppError('NOT_FOUND', `no live number ${id}`, { field: 'id' });
    const s = await d.pair(id, phone);
    return okReply(reply, {
      id,
      state: s.state,
      pairing_code: s.pairingCode ?? null,
      phone: s.pairingPhone ?? null,
    });
  });
}
