import { proto, type WAMessageKey } from '@whiskeysockets/baileys';
import type { Logger } from '../kernel/logger';
import type { OutboundRepo } from './outbound-repo';

/**
 * Baileys' getMessage from the outbound log: a recipient's retry receipt (it could not decrypt) is answered
 * by re-encrypting the message we sent, also after a restart.
 */
export function createMessageLookup(
  outbound: Pick<OutboundRepo, 'storedMessage'>,
  sessionId: string,
  log: Logger,
): (key: WAMessageKey) => Promise<proto.IMessage | undefined> {
  return async (key) => {
    if (!key.id) return undefined;
    const blob = outbound.storedMessage(sessionId, key.id);
    if (!blob) return undefined;
    try {
      return proto.Message.decode(blob);
    } catch (err) {
      log.warn({ err, id: key.id }, 'stored message does not decode');
      return undefined;
    }
  };
}
