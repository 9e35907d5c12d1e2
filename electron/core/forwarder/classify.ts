import { isAppError } from '../errors';

export interface Failure {
  klass: string;
  message: string;
  /** OtomaX answered (4xx, ok:false): it is up, and the same request would get the same answer. */
  definite: boolean;
  /** Nothing reached OtomaX (refused, 5xx): safe to send again while _exp allows. */
  retryLater: boolean;
}

/**
 * How the forwarder treats an OtomaX failure. An ambiguous one (timeout or reset after the body was written,
 * or an unreadable answer) may have been processed: it is never sent again, because a second InsertInbox can
 * be a second money transaction.
 */
export function classifyFailure(e: unknown): Failure {
  const klass = typeof (e as { klass?: unknown })?.klass === 'string' ? (e as { klass: string }).klass : null;
  const message = e instanceof Error ? e.message : String(e);
  if (klass) {
    return {
      klass,
      message,
      definite: klass === 'http_4xx' || klass === 'rejected',
      retryLater: klass === 'unreachable' || klass === 'http_5xx',
    };
  }
  if (isAppError(e) && e.code === 'OTOMAX_NOT_CONFIGURED')
    return { klass: 'not_configured', message, definite: false, retryLater: true };
  return { klass: 'internal', message, definite: false, retryLater: false };
}
