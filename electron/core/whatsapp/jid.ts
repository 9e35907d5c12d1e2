import { isJidBroadcast, isJidNewsletter, isLidUser, isPnUser, jidDecode, jidNormalizedUser } from './wa-lite';
import { AppError } from '../kernel/errors';

const PHONE = /^\d{8,15}$/;

/**
 * A phone number as typed or as OtomaX sends it, in the digits-only international form WhatsApp uses:
 * '+62 812-3456', '0812…' (an Indonesian local number) and '62812…' all become '62812…'.
 */
export function normalizePhone(input: string, field = 'phone'): string {
  let digits = input.replace(/[\s\-().+]/g, '');
  if (digits.startsWith('0')) digits = `62${digits.slice(1)}`;
  if (!PHONE.test(digits)) {
    throw new AppError('VALIDATION', `${field}: expected a phone number in international form, e.g. 6281234567890`, {
      field,
    });
  }
  return digits;
}

export function phoneToJid(phone: string): string {
  return `${normalizePhone(phone)}@s.whatsapp.net`;
}

/** The phone digits of a phone-number JID (device suffix dropped), or null for anything else. */
export function phoneFromJid(jid: string | null | undefined): string | null {
  if (!jid || !isPnUser(jid)) return null;
  const user = jidDecode(jid)?.user;
  return user && PHONE.test(user) ? user : null;
}

/** A LID JID without its device part ('123:4@lid' → '123@lid'), or null when it is not a LID. */
export function normalizedLid(jid: string | null | undefined): string | null {
  if (!jid || !isLidUser(jid)) return null;
  return jidNormalizedUser(jid) || null;
}

/**
 * What the socket should never process: status updates (status@broadcast), broadcast lists and channels
 * (…@newsletter). Baileys acks these and drops them before decrypting, storing or retrying anything.
 */
export function ignoredAtSocket(jid: string | undefined): boolean {
  return Boolean(jid && (isJidBroadcast(jid) || isJidNewsletter(jid)));
}
