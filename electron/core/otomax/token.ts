import { createHmac, timingSafeEqual } from 'node:crypto';

/** What OtomaX's OpenApi token is made of (see docs/otomax-protocol.md, "Token"). */
export interface OtomaxCredentials {
  appId: string;
  appKey: string;
  devKey: string;
}

export type OtomaxKeys = Pick<OtomaxCredentials, 'appKey' | 'devKey'>;
/** Keys with key1 derived once (its bytes), so checking many tokens does not derive it again each time. */
export type OtomaxVerifyKeys = OtomaxKeys & { key1?: Buffer };

export type TokenVerification =
  { ok: true; appId: string } | { ok: false; reason: 'malformed' | 'bad_metadata' | 'unknown_app' | 'bad_signature' };

const BASE64URL_NOPAD = /^[A-Za-z0-9_-]+$/;
/** An HMAC-SHA256 in base64url without padding is always 43 characters. */
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

/** key1 = base64 (standard alphabet, padded) of HMAC-SHA256(key = devKey, msg = appKey): a 44-character string. */
export function otomaxKey1(keys: OtomaxKeys): string {
  return createHmac('sha256', keys.devKey).update(keys.appKey, 'utf8').digest('base64');
}

/** The part before the '.': base64url (no padding) of the literal text {"id":"<appId>"}. */
export function otomaxTokenMetadata(appId: string): string {
  return Buffer.from('{"id":"' + appId + '"}', 'utf8').toString('base64url');
}

/** The part after the '.': keyed with key1's TEXT (not its 32 bytes), over the exact body bytes sent. */
export function otomaxSignature(keys: OtomaxVerifyKeys, body: Buffer | string): string {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return createHmac('sha256', keys.key1 ?? Buffer.from(otomaxKey1(keys), 'ascii'))
    .update(bytes)
    .digest('base64url');
}

/** token = metadata + "." + sig. Sign the very buffer that goes on the wire (serialize once). */
export function otomaxToken(creds: OtomaxCredentials, body: Buffer | string): string {
  return otomaxTokenMetadata(creds.appId) + '.' + otomaxSignature(creds, body);
}

/**
 * `otomaxToken` with what does not depend on the body worked out once: the metadata text and key1's bytes. The
 * client signs every request with the same credentials, and key1 is an HMAC of its own (issue 15).
 */
export function otomaxSigner(creds: OtomaxCredentials): (body: Buffer | string) => string {
  const prefix = otomaxTokenMetadata(creds.appId) + '.';
  const keys = { ...creds, key1: Buffer.from(otomaxKey1(creds), 'ascii') };
  return (body) => prefix + otomaxSignature(keys, body);
}

function decodeAppId(metadata: string): string | null {
  if (!BASE64URL_NOPAD.test(metadata)) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(metadata, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return null;
    const id = (parsed as { id?: unknown }).id;
    return typeof id === 'string' && id.length > 0 ? id : null;
  } catch {
    return null;
  }
}

/**
 * Check a token against the raw body bytes as received. Split at the first '.', decode the app id, look up its
 * keys, recompute and compare in constant time. Only the canonical form passes: a padded or standard-alphabet
 * signature is refused, because OtomaX never produces one and accepting variants only widens what a forger may try.
 */
export function verifyOtomaxToken(
  token: string,
  body: Buffer | string,
  lookup: (appId: string) => OtomaxVerifyKeys | undefined,
): TokenVerification {
  const dot = token.indexOf('.');
  if (dot <= 0) return { ok: false, reason: 'malformed' };
  const metadata = token.slice(0, dot);
  const sig = token.slice(dot + 1);
  if (!SIGNATURE.test(sig)) return { ok: false, reason: 'malformed' };
  const appId = decodeAppId(metadata);
  if (appId === null) return { ok: false, reason: 'bad_metadata' };
  const keys = lookup(appId);
  if (!keys) return { ok: false, reason: 'unknown_app' };
  const expected = Buffer.from(otomaxSignature(keys, body), 'ascii');
  const given = Buffer.from(sig, 'ascii');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'bad_signature' };
  }
  return { ok: true, appId };
}
