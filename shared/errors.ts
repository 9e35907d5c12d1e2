/** Codes of expected failures. Bugs are assertions, not codes. */
export const ERROR_CODES = [
  'CONFIG_INVALID',
  'DB_TOO_NEW',
  'DB_FAILED',
  'KEYCHAIN_UNAVAILABLE',
  'SECRET_MISSING',
  'VALIDATION',
  'NOT_FOUND',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'CONFLICT',
  'RATE_LIMITED',
  'NOT_CONNECTED',
  'OTOMAX_UNREACHABLE',
  'OTOMAX_TIMEOUT',
  'OTOMAX_AMBIGUOUS',
  'OTOMAX_HTTP_5XX',
  'OTOMAX_HTTP_4XX',
  'OTOMAX_REJECTED',
  'OTOMAX_BAD_RESPONSE',
  'OTOMAX_EXPIRED',
  'OTOMAX_NOT_CONFIGURED',
  'WHATSAPP_FAILED',
  'QONTAK_UNAUTHORIZED',
  'QONTAK_FORBIDDEN',
  'QONTAK_INVALID',
  'QONTAK_RATE_LIMITED',
  'QONTAK_UPSTREAM',
  'QONTAK_UNREACHABLE',
  'QONTAK_NOT_CONFIGURED',
  'INTERNAL',
  'DATA_DIR_IN_USE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
