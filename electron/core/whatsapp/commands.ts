import { z } from 'zod';
import type { SessionStatus } from '../../../shared/dto';
import type { HandlerMap } from '../api/dispatch';
import { AppError } from '../kernel/errors';
import { parseInput } from '../kernel/input';
import type { WhatsAppSession } from './session-port';

/** A number's id (WaNumber.id); absent = the primary. */
const numberId = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'expected a number id (lower-case letters, digits and -)')
  .optional();

const pairingSchema = z.union([
  z.object({ mode: z.literal('qr'), number: numberId }).strict(),
  z.object({ mode: z.literal('code'), phone: z.string().min(6).max(30), number: numberId }).strict(),
]);
const refSchema = z.object({ number: numberId }).strict().optional();

/** The WhatsApp sessions: a number's state, pairing (QR or code), logging out. Without `number`: the primary. */
export function whatsappCommands(
  sessionOf: (number: string | undefined) => WhatsAppSession | null,
  view: (s: SessionStatus) => SessionStatus,
): HandlerMap {
  const session = (number: string | undefined): WhatsAppSession => {
    const s = sessionOf(number);
    if (!s) throw new AppError('NOT_FOUND', `no live number ${number ?? ''}`, { field: 'number' });
    return s;
  };
  return {
    'session:get': async (input) => view(session(parseInput(refSchema, input ?? undefined)?.number).status()),
    'pairing:start': async (input) => {
      const { number, ...req } = parseInput(pairingSchema, input);
      return view(await session(number).startPairing(req));
    },
    'session:logout': async (input) => {
      const s = session(parseInput(refSchema, input ?? undefined)?.number);
      await s.logout();
      return view(s.status());
    },
  };
}
