import { NEEDS_CHECK_FILTER, type UncertainReason } from '../../../shared/dto';

/** The flow filter status that lists flagged, unchecked messages. */
export const NEEDS_CHECK = NEEDS_CHECK_FILTER;

/**
 * Failure classes after which nobody knows whether OtomaX took the InsertInbox. The message is never sent again
 * (it could be a second transaction): it is flagged for the owner to check in OtomaX instead, and the reseller gets
 * one neutral reply asking not to resend yet.
 */
const REASON_BY_CLASS: Record<string, UncertainReason> = {
  interrupted: 'interrupted',
  ambiguous: 'ambiguous',
  http_5xx: 'http_5xx',
  bad_json: 'unreadable',
  bad_response: 'unreadable',
  internal: 'unreadable',
};

/** The error classes above, as an SQL list (constants, never input). */
export const UNCERTAIN_CLASSES_SQL = `(${Object.keys(REASON_BY_CLASS)
  .map((k) => `'${k}'`)
  .join(', ')})`;

export function uncertainReason(errorClass: string | null): UncertainReason | null {
  return errorClass === null ? null : (REASON_BY_CLASS[errorClass] ?? null);
}
