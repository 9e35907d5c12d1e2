/**
 * WhatsApp's own ceiling on one text message. WhatsApp does not publish it for the app protocol Baileys speaks;
 * the app and WhatsApp Web cut a text at 65,536 characters (reported by developers of WhatsApp Web clients,
 * e.g. wppconnect-team/wppconnect#2234, who sent 9,000-character texts fine; the Cloud API's 4,096 is that API's
 * own rule, not the app's). Anything longer is not sent at all: it is refused on its row and OtomaX hears 40.
 * Splitting is not done on purpose: a transaction answer cut into parts can be read out of order or half-received.
 */
export const WHATSAPP_TEXT_LIMIT = 65_536;

/** Characters as WhatsApp counts them (code points, so an emoji is one). */
export function textLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The reason stored on a refused row, or null when the text fits in one WhatsApp message. */
export function tooLongReason(text: string): string | null {
  const n = textLength(text);
  if (n <= WHATSAPP_TEXT_LIMIT) return null;
  return `pesan is ${n} characters, longer than WhatsApp's ${WHATSAPP_TEXT_LIMIT}: not sent, OtomaX told 40`;
}
