import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SimulatedSession } from '../whatsapp/simulated-session';
import { okReply } from './envelope';

const phone = z
  .string()
  .trim()
  .regex(/^\+?[\d\s-]{8,20}$/, 'expected a phone number like 6281234567890');

export const simIncomingSchema = z
  .object({
    from: phone.optional(),
    text: z.string().min(1).max(65_536),
    /** ms since the epoch */
    timestamp: z.number().int().positive().optional(),
    id: z
      .string()
      .trim()
      .min(1)
      .max(128)
      .regex(/^[\w-]+$/, 'letters, digits, _ and - only')
      .optional(),
    lid: z
      .string()
      .trim()
      .regex(/^\d{5,20}(@lid)?$/, 'expected LID digits, optionally @lid')
      .optional(),
    group: z
      .string()
      .trim()
      .regex(/^[\d-]{5,40}(@g\.us)?$/, 'expected a group id, optionally @g.us')
      .optional(),
  })
  .refine((b) => b.from !== undefined || b.lid !== undefined, { message: 'from or lid is required', path: ['from'] });

/**
 * Only registered with --whatsapp=simulated: inject a message "from a phone" and read what the app sent.
 * Not public: the server's API-key hook guards both routes.
 */
export function registerDevWhatsappRoutes(app: FastifyInstance, sim: SimulatedSession): void {
  app.post('/dev/whatsapp/incoming', async (req, reply) => {
    const body = simIncomingSchema.parse(req.body);
    const result = sim.deliver(body);
    return okReply(reply, result);
  });
  app.get('/dev/whatsapp/sent', async (_req, reply) => okReply(reply, sim.sent()));
}
