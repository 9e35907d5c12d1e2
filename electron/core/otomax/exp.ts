/** How long an InsertInbox stays valid after the WhatsApp message was sent. */
export const INSERT_INBOX_TTL_MS = 30_000;

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** `_exp` as OtomaX takes it: RFC 3339 UTC without fraction (2025-10-18T20:30:30Z); the fraction is dropped. */
export function formatOtomaxExp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Milliseconds of an RFC 3339 time, or null when it is not one (a date alone, no zone, garbage). */
export function parseOtomaxExp(text: string): number | null {
  if (!RFC3339.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}
