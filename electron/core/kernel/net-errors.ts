/**
 * The one rule for "did the request leave this machine?", shared by every outside call (OtomaX, Qontak).
 *
 * 'never-left': the failure happened while resolving the name or opening the connection, before a byte of the
 * request was written, so sending it again cannot do anything twice. 'maybe-arrived': everything else (a reset, a
 * broken pipe, a timeout, an error we do not know): the other side may have acted on it, and treating that as
 * "not sent" is how a transaction gets doubled.
 */
export type NetErrorClass = 'never-left' | 'maybe-arrived';

/**
 * Codes raised before the request is written. getaddrinfo's EAI_* (Node maps EAI_NODATA/EAI_NONAME to ENOTFOUND
 * for lookups, but passes the others through), connect(2)'s errno values (refused, no route, network or host
 * down, no usable local address), and undici's ConnectTimeoutError (the connect phase ran out of time).
 */
export const NEVER_LEFT_CODES: readonly string[] = [
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
];

/**
 * Timeouts after the connection was open (the OS's ETIMEDOUT, undici's headers/body timeouts): 'maybe-arrived',
 * told apart only so a caller can say "no answer in time" rather than "connection lost".
 */
export const TIMEOUT_CODES: readonly string[] = ['ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'];

const NEVER_LEFT = new Set(NEVER_LEFT_CODES);
const TIMEOUT = new Set(TIMEOUT_CODES);

/**
 * Every string `code` on an error, its `cause` chain and its `errors` (Node's happy-eyeballs connect fails with an
 * AggregateError of one error per address; undici and fetch wrap the system error in `cause`). Bounded depth.
 */
export function networkCodes(e: unknown, depth = 0): string[] {
  if (depth > 4 || typeof e !== 'object' || e === null) return [];
  const out: string[] = [];
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') out.push(code);
  const inner = (e as { errors?: unknown }).errors;
  if (Array.isArray(inner)) for (const x of inner) out.push(...networkCodes(x, depth + 1));
  out.push(...networkCodes((e as { cause?: unknown }).cause, depth + 1));
  return out;
}

/** The class of one code: only the listed connect-phase codes are 'never-left'. */
export function classOfCode(code: string): NetErrorClass {
  return NEVER_LEFT.has(code) ? 'never-left' : 'maybe-arrived';
}

/** True when some code on the error proves the request never left this machine (safe to resend). */
export function requestNeverLeft(e: unknown): boolean {
  return networkCodes(e).some((c) => NEVER_LEFT.has(c));
}

/** True when the error is a timeout after connecting (still 'maybe-arrived'). */
export function isTimeoutError(e: unknown): boolean {
  return networkCodes(e).some((c) => TIMEOUT.has(c));
}

export function classifyNetworkError(e: unknown): NetErrorClass {
  return requestNeverLeft(e) ? 'never-left' : 'maybe-arrived';
}
