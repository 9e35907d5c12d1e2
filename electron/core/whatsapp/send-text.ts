import { proto, type WAMessage } from '@whiskeysockets/baileys';
import { AppError, errorMessage } from '../errors';
import { closeCode } from './lifecycle';
import type { QuotedRef, SendTextOptions, SendTextResult } from './session-port';
import type { WaSocketLike } from './socket-port';

/** Codes Baileys throws when the link went away under a send: not WhatsApp refusing the message. */
const LINK_LOST = new Set([408, 428, 440, 500, 503, 515]);

/** The quoted message as Baileys wants it: its key and enough content for the quote bubble. */
export function quotedMessage(q: QuotedRef): WAMessage {
  return {
    key: {
      remoteJid: q.chatJid,
      id: q.waId,
      fromMe: q.fromMe,
      ...(q.participantJid ? { participant: q.participantJid } : {}),
    },
    message: { conversation: q.text },
  };
}

/**
 * Send one text with the caller's message id. A failure while the link is down is NOT_CONNECTED (the queue
 * waits and resends with the same id); anything else is WHATSAPP_FAILED.
 */
export async function sendThroughSocket(
  sock: WaSocketLike,
  jid: string,
  text: string,
  opts: SendTextOptions,
  stillOpen: () => boolean,
): Promise<SendTextResult> {
  let sent: WAMessage | undefined;
  try {
    sent = await sock.sendMessage(
      jid,
      { text },
      { messageId: opts.messageId, ...(opts.quoted ? { quoted: quotedMessage(opts.quoted) } : {}) },
    );
  } catch (err) {
    const code = closeCode(err);
    if (!stillOpen() || (code !== undefined && LINK_LOST.has(code))) {
      throw new AppError('NOT_CONNECTED', `WhatsApp connection lost while sending: ${errorMessage(err)}`, {
        cause: err,
      });
    }
    throw new AppError('WHATSAPP_FAILED', `WhatsApp did not take the message: ${errorMessage(err)}`, { cause: err });
  }
  const message = sent?.message ? proto.Message.encode(sent.message).finish() : undefined;
  return { waId: sent?.key.id ?? opts.messageId, ...(message ? { message } : {}) };
}
