import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SimulatedSession } from './simulated-session';
import { okReply } from '../http/envelope';
import { AppError } from '../kernel/errors';

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
    /** The number (its id) the message arrives on; absent = the primary. */
    number: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'expected a number id (lower-case letters, digits and -)')
      .optional(),
  })
  .refine((b) => b.from !== undefined || b.lid !== undefined, { message: 'from or lid is required', path: ['from'] });

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The simulated sessions by number: one (a test's single session) or the engine's several. */
export interface SimSessions {
  /** The number's session; absent id = the primary. Null when there is no such live number. */
  get(number?: string): SimulatedSession | null;
  all(): SimulatedSession[];
}

const single = (sim: SimulatedSession): SimSessions => ({
  get: (n) => (n === undefined || n === sim.id ? sim : null),
  all: () => [sim],
});

/**
 * Only registered with --whatsapp=simulated: inject a message "from a phone" (on a number: `number`, default the
 * primary) and read what the app sent (each with the `number` that sent it, in the order it left).
 * Not public: the server's API-key hook guards both routes.
 */
export function registerDevWhatsappRoutes(app: FastifyInstance, sims: SimulatedSession | SimSessions): void {
  const lookup = 'deliver' in sims ? single(sims) : sims;
  app.post('/dev/whatsapp/incoming', async (req, reply) => {
    const { number, ...body } = simIncomingSchema.parse(req.body);
    const sim = lookup.get(number);
    if (!sim) throw new AppError('NOT_FOUND', `no live number ${number ?? ''}`, { field: 'number' });
    const result = sim.deliver(body);
    // The forwarder stores the message with the group commit at the end of this loop turn; an immediate queued now
    // runs after that commit, so the caller may read the logged row as soon as it has the answer. One turn more: a
    // message the commit handed to the forward has its InsertInbox written at the next turn (undici writes on a
    // kept-alive connection one turn after the request), and a message from a real phone has no HTTP answer, so the
    // simulated one's answer must not go out ahead of that forward (issue 15: it did, 0.1-0.2 ms on the way).
    await nextTurn();
    await nextTurn();
    return okReply(reply, result);
  });
  app.get('/dev/whatsapp/sent', async (_req, reply) => {
    const all = lookup.all().flatMap((s) => s.sent());
    // Stable: one number's sends keep their order; several interleave by when they left.
    return okReply(
      reply,
      all
        .map((s, i) => ({ s, i }))
        .sort((a, b) => a.s.at - b.s.at || a.i - b.i)
        .map((x) => x.s),
    );
  });
}
