import { proto, type WAMessage } from '@whiskeysockets/baileys';
import { AppError, errorMessage } from '../kernel/errors';
import { closeCode } from './lifecycle';
import type { QuotedRef, SendTextOptions, SendTextResult } from './session-port';
import type { WaSocketLike } from './socket-port';

/**
 * Codes of a close error: the socket itself went away under the send. An IQ error is NOT one of them: Baileys
 * throws every IQ error (rate-overlimit included) as a Boom with status 500 and the server's code in `data`.
 */
const LINK_LOST = new Set([428, 440, 503, 515]);

export { RATE_LIMIT_BACKOFF } from './lifecycle';

/** WhatsApp's "too many messages": `<error code="429" text="rate-overlimit"/>`, thrown by assertNodeErrorFree. */
export function isRateLimit(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const data = (err as { data?: unknown }).data;
  const message = err instanceof Error ? err.message : '';
  return data === 429 || closeCode(err) === 429 || /rate-overlimit/i.test(message);
}

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
 * Send one text with the caller's message id. Classified by what happened, not by the status code alone:
 * WhatsApp's rate limit is RATE_LIMITED (the caller pauses for minutes); the link gone (socket no longer
 * open, or a close error) is NOT_CONNECTED (the queue waits and resends with the same id); anything else,
 * with the socket still open, is WHATSAPP_FAILED.
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
    if (isRateLimit(err)) {
      throw new AppError('RATE_LIMITED', `WhatsApp rate limit: ${errorMessage(err)}`, { cause: err });
    }
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
