import { proto, type WAMessageKey } from '@whiskeysockets/baileys';
import type { Db } from '../db/open';
import type { Logger } from '../kernel/logger';

/**
 * Baileys' getMessage from the outbound log: a recipient's retry receipt (it could not decrypt) is answered
 * by re-encrypting the message we sent, also after a restart.
 */
export function createMessageLookup(
  db: Db,
  sessionId: string,
  log: Logger,
): (key: WAMessageKey) => Promise<proto.IMessage | undefined> {
  const select = db.prepare<[string, string], { wa_message: Buffer | null }>(
    'SELECT wa_message FROM outbound_messages WHERE session_id = ? AND wa_id = ?',
  );
  return async (key) => {
    if (!key.id) return undefined;
    const blob = select.get(sessionId, key.id)?.wa_message;
    if (!blob) return undefined;
    try {
      return proto.Message.decode(blob);
    } catch (err) {
      log.warn({ err, id: key.id }, 'stored message does not decode');
      return undefined;
    }
  };
}
