/**
 * The few Baileys helpers the engine needs before (or without) a real WhatsApp session, without loading Baileys:
 * its entry pulls in WAProto (the protobuf tables), libsignal and the socket, about 40-54 MB of RSS and 0.3-0.6 s
 * at start, which the simulated session and a number not linked yet never use. The JID helpers come from
 * Baileys' own jid-utils module (it imports nothing); the three functions below are copied from Baileys
 * 7.0.0-rc14 (MIT, lib/Utils/generics.js and lib/Utils/messages.js), whose modules load WAProto.
 * test/core/whatsapp/wa-lite.test.ts checks each against Baileys itself.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { proto } from '@whiskeysockets/baileys';
import { jidDecode } from '@whiskeysockets/baileys/lib/WABinary/jid-utils.js';

export {
  isJidBroadcast,
  isJidGroup,
  isJidNewsletter,
  isJidStatusBroadcast,
  isLidUser,
  isPnUser,
  jidDecode,
  jidNormalizedUser,
} from '@whiskeysockets/baileys/lib/WABinary/jid-utils.js';

/** A protobuf Long or a plain number (a message timestamp) as a number. */
export function toNumber(t: number | { toNumber(): number } | { low: number } | null | undefined): number {
  if (typeof t === 'object' && t) return 'toNumber' in t ? t.toNumber() : t.low;
  return t || 0;
}

/**
 * An outgoing message id as WhatsApp Web makes it (Baileys' generateMessageIDV2). `random` gives its 16 random bytes
 * (a slice of a larger block: outbound-repo.ts); default: asked of the OS for this id alone.
 */
export function generateMessageIDV2(userId?: string, random?: Uint8Array): string {
  const data = Buffer.alloc(8 + 20 + 16);
  data.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000)));
  if (userId) {
    const id = jidDecode(userId);
    if (id?.user) {
      data.write(id.user, 8);
      data.write('@c.us', 8 + id.user.length);
    }
  }
  if (random && random.length >= 16) data.set(random.subarray(0, 16), 28);
  else randomBytes(16).copy(data, 28);
  const hash = createHash('sha256').update(data).digest();
  return `3EB0${hash.toString('hex').toUpperCase().substring(0, 18)}`;
}

/** The message inside its wrappers (ephemeral, view once, edited…), at most 5 deep (Baileys' normalizeMessageContent). */
export function normalizeMessageContent(content: proto.IMessage | null | undefined): proto.IMessage | undefined {
  if (!content) return undefined;
  let current: proto.IMessage = content;
  for (let i = 0; i < 5; i++) {
    const inner =
      current.ephemeralMessage ||
      current.viewOnceMessage ||
      current.documentWithCaptionMessage ||
      current.viewOnceMessageV2 ||
      current.viewOnceMessageV2Extension ||
      current.editedMessage ||
      current.associatedChildMessage ||
      current.groupStatusMessage ||
      current.groupStatusMessageV2;
    if (!inner) break;
    // A wrapper without its message: nothing inside (Baileys returns its empty message too).
    if (!inner.message) return undefined;
    current = inner.message;
  }
  return current;
}

/**
 * `proto.Message.encode({ conversation: text }).finish()` without WAProto: field 1 (conversation), wire type 2
 * (length-delimited), the UTF-8 bytes. What the simulated session stores as the message it sent.
 */
export function encodeConversation(text: string): Uint8Array {
  const body = Buffer.from(text, 'utf8');
  const len: number[] = [];
  let n = body.length;
  while (n > 0x7f) {
    len.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  len.push(n);
  return new Uint8Array(Buffer.concat([Buffer.from([0x0a, ...len]), body]));
}
