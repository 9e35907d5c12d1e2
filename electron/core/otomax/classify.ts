import { isAppError } from '../kernel/errors';
import { OtomaxError, surelyNotProcessed } from './errors';

export interface Failure {
  klass: string;
  message: string;
  /** OtomaX answered (4xx, ok:false): it is up, and the same request would get the same answer. */
  definite: boolean;
  /** OtomaX surely did not act (refused, 503): safe to send again while _exp allows. */
  retryLater: boolean;
}

/**
 * How the forwarder treats an OtomaX failure. Only a refusal or a 503 proves OtomaX did not act; anything else
 * (a timeout or reset after the body was written, another 5xx, an unreadable answer) may have been processed
 * and is never sent again, because a second InsertInbox can be a second money transaction.
 */
export function classifyFailure(e: unknown): Failure {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof OtomaxError) {
    return {
      klass: e.klass,
      message,
      definite: e.klass === 'http_4xx' || e.klass === 'rejected',
      retryLater: surelyNotProcessed(e),
    };
  }
  if (isAppError(e) && e.code === 'OTOMAX_NOT_CONFIGURED')
    return { klass: 'not_configured', message, definite: false, retryLater: true };
  return { klass: 'internal', message, definite: false, retryLater: false };
}
