import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Mekari's HMAC check as the fake server does it, written independently of the app's signer so a shared bug
 * cannot pass both sides. See docs/qontak-protocol.md, last section.
 */

export interface AuthInput {
  method: string;
  /** The raw request target exactly as received (Node's req.url). */
  rawTarget: string;
  authorization: string | undefined;
  date: string | undefined;
  digest: string | undefined;
  body: Buffer;
}

export type AuthResult = { ok: true; clientId: string } | { ok: false; reason: string };

export const MAX_SKEW_MS = 300_000;

function parseParams(rest: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of rest.matchAll(/([A-Za-z-]+)\s*=\s*"([^"]*)"/g))
    out.set((m[1] as string).toLowerCase(), m[2] as string);
  return out;
}

function constantTimeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

export function verifyHmac(input: AuthInput, secrets: ReadonlyMap<string, string>, now: number): AuthResult {
  const header = input.authorization?.trim();
  if (!header) return { ok: false, reason: 'missing Authorization' };
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space).toLowerCase() !== 'hmac') return { ok: false, reason: 'scheme is not hmac' };
  const params = parseParams(header.slice(space + 1));
  const username = params.get('username');
  const signature = params.get('signature');
  if (params.get('algorithm') !== 'hmac-sha256') return { ok: false, reason: 'algorithm is not hmac-sha256' };
  if (params.get('headers') !== 'date request-line') return { ok: false, reason: 'headers is not "date request-line"' };
  if (!username || !signature) return { ok: false, reason: 'username or signature missing' };
  const secret = secrets.get(username);
  if (secret === undefined) return { ok: false, reason: 'unknown username' };
  if (!input.date) return { ok: false, reason: 'missing Date' };
  const at = Date.parse(input.date);
  if (Number.isNaN(at)) return { ok: false, reason: 'unreadable Date' };
  if (Math.abs(at - now) > MAX_SKEW_MS) return { ok: false, reason: 'Date outside the allowed clock skew' };
  const signed = `date: ${input.date}\n${input.method} ${input.rawTarget} HTTP/1.1`;
  const expected = createHmac('sha256', secret).update(signed).digest('base64');
  if (!constantTimeEqual(signature, expected)) return { ok: false, reason: 'signature mismatch' };
  if (input.digest !== undefined) {
    const want = `SHA-256=${createHash('sha256').update(input.body).digest('base64')}`;
    if (!constantTimeEqual(input.digest.trim(), want)) return { ok: false, reason: 'Digest mismatch' };
  }
  return { ok: true, clientId: username };
}
