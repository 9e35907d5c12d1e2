import { z } from 'zod';
import type { HandlerMap } from '../api/dispatch';
import { parseInput } from '../kernel/input';
import type { WhatsAppSession } from './session-port';

const pairingSchema = z.union([
  z.object({ mode: z.literal('qr') }).strict(),
  z.object({ mode: z.literal('code'), phone: z.string().min(6).max(30) }).strict(),
]);

/** The WhatsApp session: its state, pairing (QR or code), logging out. */
export function whatsappCommands(session: () => WhatsAppSession): HandlerMap {
  return {
    'session:get': async () => session().status(),
    'pairing:start': (input) => session().startPairing(parseInput(pairingSchema, input)),
    'session:logout': async () => {
      await session().logout();
      return session().status();
    },
  };
}
