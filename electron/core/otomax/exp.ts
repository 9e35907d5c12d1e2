/** How long an InsertInbox stays valid after the WhatsApp message was sent. */
export const INSERT_INBOX_TTL_MS = 30_000;

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** `_exp` as OtomaX takes it: RFC 3339 UTC without fraction (2025-10-18T20:30:30Z); the fraction is dropped. */
export function formatOtomaxExp(ms: number): string {
  const iso = new Date(ms).toISOString();
  // Years 0000-9999 ("2025-10-18T20:30:30.123Z", 24 characters): the fraction cut without a regex (one a message,
  // issue 15); other years keep the general form.
  return iso.length === 24 ? iso.slice(0, 19) + 'Z' : iso.replace(/\.\d{3}Z$/, 'Z');
}

/** Milliseconds of an RFC 3339 time, or null when it is not one (a date alone, no zone, garbage). */
export function parseOtomaxExp(text: string): number | null {
  if (!RFC3339.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}
