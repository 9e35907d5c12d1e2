import type { proto, WAMessage } from '@whiskeysockets/baileys';
import {
  isJidBroadcast,
  isJidGroup,
  isJidNewsletter,
  isJidStatusBroadcast,
  normalizeMessageContent,
  toNumber,
} from './wa-lite';
import { normalizedLid, phoneFromJid } from './jid';
import type { InboundMessage } from './session-port';

export type SkipReason =
  | 'invalid'
  | 'status'
  | 'newsletter'
  | 'broadcast'
  | 'stub'
  | 'protocol'
  | 'reaction'
  | 'poll'
  | 'group'
  | 'media'
  | 'empty';

/** A message worth emitting, before its sender's phone is resolved. */
export interface NormalizedMessage extends Omit<InboundMessage, 'sessionId' | 'senderPhone' | 'senderLid'> {
  /** Who sent it: the chat in a 1:1 chat, the participant in a group. */
  senderJid: string;
  /** Baileys' other address of the sender (remoteJidAlt / participantAlt): a phone JID when senderJid is a LID. */
  senderAltJid: string | null;
}

export type NormalizeResult = { ok: true; value: NormalizedMessage } | { ok: false; reason: SkipReason };

export interface NormalizeOptions {
  sessionId: string;
  forwardGroups: boolean;
  forwardMedia: boolean;
  /** Used when WhatsApp gave no timestamp. */
  now: number;
}

const MEDIA_KEYS = ['imageMessage', 'videoMessage', 'documentMessage', 'audioMessage', 'stickerMessage', 'ptvMessage'];

function caption(content: proto.IMessage): string | null {
  return content.imageMessage?.caption ?? content.videoMessage?.caption ?? content.documentMessage?.caption ?? null;
}

/** conversation ?? extended text ?? button/list/template replies; media captions are handled by the caller. */
function plainText(content: proto.IMessage): string | null {
  return (
    content.conversation ??
    content.extendedTextMessage?.text ??
    content.buttonsResponseMessage?.selectedDisplayText ??
    content.templateButtonReplyMessage?.selectedDisplayText ??
    content.listResponseMessage?.title ??
    content.listResponseMessage?.singleSelectReply?.selectedRowId ??
    content.interactiveResponseMessage?.body?.text ??
    null
  );
}

/**
 * The key that makes a re-delivery a no-op. WhatsApp message ids are random (16+ bytes) and unique per message;
 * the chat address is left out on purpose: since LIDs, the same message can come back addressed by LID once and by
 * phone number the next time (WhiskeySockets/Baileys#2123), and both must be the one message.
 */
export const waKeyOf = (sessionId: string, id: string) => `${sessionId}|${id}`;

/**
 * Decide whether a received message is worth emitting and extract what the forwarder needs.
 * Pure: the sender's phone (which may need the LID map) is resolved by the caller.
 */
export function normalizeInbound(msg: WAMessage, options: NormalizeOptions): NormalizeResult {
  const key = msg.key;
  const remoteJid = key?.remoteJid;
  const id = key?.id;
  if (!remoteJid || !id) return { ok: false, reason: 'invalid' };
  if (isJidStatusBroadcast(remoteJid)) return { ok: false, reason: 'status' };
  if (isJidNewsletter(remoteJid)) return { ok: false, reason: 'newsletter' };
  if (isJidBroadcast(remoteJid)) return { ok: false, reason: 'broadcast' };
  // A decrypt failure arrives as a stub without content; the real message may follow with the same id.
  if (!msg.message || msg.messageStubType) return { ok: false, reason: 'stub' };
  const content = normalizeMessageContent(msg.message);
  if (!content) return { ok: false, reason: 'stub' };
  if (content.protocolMessage) return { ok: false, reason: 'protocol' };
  if (content.reactionMessage || content.encReactionMessage) return { ok: false, reason: 'reaction' };
  if (Object.keys(content).some((k) => k.startsWith('poll') && content[k as keyof proto.IMessage])) {
    return { ok: false, reason: 'poll' };
  }
  const isGroup = Boolean(isJidGroup(remoteJid));
  if (isGroup && !options.forwardGroups) return { ok: false, reason: 'group' };
  const isMedia = MEDIA_KEYS.some((k) => Boolean(content[k as keyof proto.IMessage]));
  if (isMedia && !options.forwardMedia) return { ok: false, reason: 'media' };
  const text = ((isMedia ? caption(content) : plainText(content)) ?? '').trim();
  if (!text) return { ok: false, reason: 'empty' };

  const participant = key.participant || null;
  const seconds = toNumber(msg.messageTimestamp as number | null | undefined);
  return {
    ok: true,
    value: {
      waKey: waKeyOf(options.sessionId, id),
      waId: id,
      chatJid: remoteJid,
      participantJid: participant,
      pushName: msg.pushName || null,
      fromMe: Boolean(key.fromMe),
      isGroup,
      isMedia,
      text,
      timestampMs: seconds > 0 ? seconds * 1000 : options.now,
      senderJid: isGroup ? (participant ?? remoteJid) : remoteJid,
      senderAltJid: (isGroup ? key.participantAlt : key.remoteJidAlt) || null,
    },
  };
}

/** LID ↔ phone pairs a message carries in its key (remoteJid/remoteJidAlt, participant/participantAlt). */
export function lidPairsOf(msg: WAMessage): { lid: string; phone: string }[] {
  const key = msg.key;
  if (!key) return [];
  const pairs: { lid: string; phone: string }[] = [];
  for (const [a, b] of [
    [key.remoteJid, key.remoteJidAlt],
    [key.participant, key.participantAlt],
  ] as const) {
    const lid = normalizedLid(a) ?? normalizedLid(b);
    const phone = phoneFromJid(a) ?? phoneFromJid(b);
    if (lid && phone) pairs.push({ lid, phone });
  }
  return pairs;
}
