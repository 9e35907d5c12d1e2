/** Domains of WhatsApp JIDs that name a phone number (device suffix ':n' allowed). */
const PHONE_JID = /^(\d+)(?::\d+)?@(?:s\.whatsapp\.net|c\.us)$/i;
const SEPARATORS = /[\s\-.()/]/g;

/**
 * One canonical phone form on both paths (OtomaX pengirim/penerima, WhatsApp JIDs): digits, international,
 * Indonesian numbers as 62... ('08..' -> '628..', '+62 ..' -> '62..', '00 62..' -> '62..', '62 0812..' -> '62812..').
 * Returns null for anything that is not a phone number: a LID ('...@lid'), a group, letters, too short or long.
 * A number without a leading 0 or + is taken as already international (it may be any country).
 */
export function normalizePhone(input: unknown): string | null {
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input) || input <= 0) return null;
    input = String(input);
  }
  if (typeof input !== 'string') return null;
  let s = input.trim();
  if (s.includes('@')) {
    const jid = PHONE_JID.exec(s);
    if (!jid) return null;
    s = jid[1] as string;
  }
  s = s.replace(SEPARATORS, '');
  if (s.startsWith('+')) s = s.slice(1);
  else if (s.startsWith('00')) s = s.slice(2);
  else if (s.startsWith('0')) s = '62' + s.slice(1);
  if (!/^\d+$/.test(s)) return null;
  // '62 0812...' is a common way of writing a national number after the country code.
  if (s.startsWith('620')) s = '62' + s.slice(3);
  if (s.startsWith('0')) return null;
  if (s.length < 8 || s.length > 15) return null;
  if (s.startsWith('62') && s.length < 10) return null;
  return s;
}
