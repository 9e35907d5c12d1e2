import type { Logger } from '../kernel/logger';
import { normalizedLid, phoneFromJid } from './jid';
import type { LidMap } from './lid-map-repo';
import type { NormalizedMessage } from './normalize';

export interface SenderDeps {
  lidMap: LidMap;
  /** Baileys' own LID store (sock.signalRepository.lidMapping.getPNForLID): a phone JID or null. */
  lookupPnForLid?: ((lid: string) => Promise<string | null>) | undefined;
  log: Logger;
}

export interface ResolvedSender {
  senderPhone: string | null;
  senderLid: string | null;
}

/**
 * The sender's phone: a phone JID as is, else the alternate address Baileys gives, else our persistent
 * LID table, else Baileys' LID store. Never a LID as a phone: unresolved stays null.
 */
export async function resolveSender(msg: NormalizedMessage, deps: SenderDeps): Promise<ResolvedSender> {
  // The alternate address of a message the account itself sent names the account, not the chat.
  const alt = msg.fromMe ? null : msg.senderAltJid;
  const senderLid = normalizedLid(msg.senderJid) ?? normalizedLid(alt);
  let senderPhone = phoneFromJid(msg.senderJid) ?? phoneFromJid(alt);
  if (senderPhone && senderLid) deps.lidMap.learn(senderLid, senderPhone);
  if (!senderPhone && senderLid) senderPhone = deps.lidMap.phoneFor(senderLid);
  if (!senderPhone && senderLid && deps.lookupPnForLid) {
    try {
      senderPhone = phoneFromJid(await deps.lookupPnForLid(senderLid));
    } catch (err) {
      deps.log.warn({ err, lid: senderLid }, 'LID lookup failed');
    }
    if (senderPhone) deps.lidMap.remember(senderLid, senderPhone);
  }
  return { senderPhone, senderLid };
}
