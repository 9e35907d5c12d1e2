import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SimulatedSession } from './simulated-session';
import { okReply } from '../http/envelope';

const phone = z
  .string()
  .trim()
  .regex(/^\+?[\d\s-]{8,20}$/, 'expected a phone number like 6281234567890');

/** A `timestamp` below this is in seconds, at or above it in milliseconds. */
export const SECONDS_BELOW = 100_000_000_000;

export const simIncomingSchema = z
  .object({
    from: phone.optional(),
    text: z.string().min(1).max(65_536),
    /**
     * When the phone sent it: seconds (WhatsApp's own unit) or milliseconds since the epoch. Below 10^11 it is
     * seconds (10^11 s is the year 5138; 10^11 ms is March 1973), so both units of any real time are told apart.
     */
    timestamp: z
      .number()
      .int()
      .positive()
      .transform((t) => (t < SECONDS_BELOW ? t * 1000 : t))
      .optional(),
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
    // The forwarder stores the message with the group commit at the end of this loop turn; an immediate queued now
    // runs after that commit, so the caller may read the logged row as soon as it has the answer.
    await new Promise<void>((resolve) => setImmediate(resolve));
    return okReply(reply, result);
  });
  app.get('/dev/whatsapp/sent', async (_req, reply) => okReply(reply, sim.sent()));
}
