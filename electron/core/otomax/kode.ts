/**
 * The one form of an outbox `kode`, used both to store it (UNIQUE) and to send it back in UpdateStatusOutbox.
 * OtomaX hands kodes out as row numbers: `"00020"`, `"20"` and `20` are the same row and must be one row here,
 * or the same message is sent twice and acknowledged twice. Digit strings up to 15 digits (exact as a JSON
 * number) lose their leading zeros; anything else is kept as written, trimmed.
 */
export function canonicalKode(kode: string | number): string {
  const k = String(kode).trim();
  return /^\d{1,15}$/.test(k) ? String(Number(k)) : k;
}

/** The kode as it goes on the wire: a JSON number when it is one, as OtomaX's callback hands them out. */
export function wireKode(kode: string | number): string | number {
  const k = canonicalKode(kode);
  return /^\d{1,15}$/.test(k) ? Number(k) : k;
}
