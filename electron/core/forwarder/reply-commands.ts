import { z } from 'zod';
import type { Clock } from '../kernel/clock';
import { AppError } from '../kernel/errors';
import type { ChatPauses } from './chat-pauses';
import type { Logger } from '../kernel/logger';
import { normalizePhone } from '../otomax';
import type { HandlerMap } from '../api/dispatch';
import { parseInput } from '../kernel/input';

const releaseSchema = z.object({ phone: z.string().min(1).max(40) }).strict();

/** The owner releases a chat paused for a reply loop; its held replies then go out, paced by the limit. */
export function replyCommands(d: { pauses: ChatPauses; clock: Clock; wake: () => void; log: Logger }): HandlerMap {
  return {
    'replies:release': async (input) => {
      const bad = { field: 'phone', message: 'phone: a phone number like 6281234567890' };
      const phone = normalizePhone(parseInput(releaseSchema, input, { override: bad }).phone);
      if (!phone) throw new AppError('VALIDATION', bad.message, { field: bad.field });
      const released = d.pauses.release(phone, d.clock.now());
      if (released) {
        d.log.info({ phone }, 'owner released a paused chat');
        d.wake();
      }
      return { released };
    },
  };
}
