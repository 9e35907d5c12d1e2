import { createHash, createHmac } from 'node:crypto';

/**
 * Mekari's HMAC request signing (see docs/qontak-protocol.md, "HMAC authentication").
 * The request target signed must be byte-identical to the one sent, so callers build the URL once and
 * pass the same URL object to the signer and to the HTTP call.
 */

export interface SignRequestInput {
  method: string;
  url: URL;
  clientId: string;
  clientSecret: string;
  /** Sign right before sending: the server allows 300 s of skew. */
  date: Date;
  body?: Buffer;
}

export interface SignedHeaders {
  Date: string;
  Authorization: string;
  Digest?: string;
}

/** `"date: " + date + "\n" + METHOD + " " + target + " HTTP/1.1"`: one LF, no trailing newline. */
export function signingString(date: string, method: string, target: string): string {
  return `date: ${date}\n${method.toUpperCase()} ${target} HTTP/1.1`;
}

/** Standard (padded) base64 of HMAC-SHA256 keyed with the client secret string. */
export function hmacSignature(clientSecret: string, toSign: string): string {
  return createHmac('sha256', clientSecret).update(toSign, 'utf8').digest('base64');
}

/** `SHA-256=<base64(sha256(body))>`; never part of the signed string. */
export function digestHeader(body: Buffer | string): string {
  return `SHA-256=${createHash('sha256').update(body).digest('base64')}`;
}

/** The request target as it goes on the wire: absolute path plus the query with its '?'. */
export function requestTarget(url: URL): string {
  return url.pathname + url.search;
}

export function signRequest(input: SignRequestInput): SignedHeaders {
  const date = input.date.toUTCString();
  const signature = hmacSignature(input.clientSecret, signingString(date, input.method, requestTarget(input.url)));
  const headers: SignedHeaders = {
    Date: date,
    Authorization: `hmac username="${input.clientId}", algorithm="hmac-sha256", headers="date request-line", signature="${signature}"`,
  };
  if (input.body !== undefined) headers.Digest = digestHeader(input.body);
  return headers;
}
