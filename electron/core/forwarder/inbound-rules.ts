/** The inbound pipeline's fixed rules, from the OtomaX protocol page. */
import { SETTINGS_META } from '../../../shared/settings-meta';

/** A refused (or 503) InsertInbox is tried again after this, while `_exp` still allows. */
export const RETRY_LATER_MS = 3_000;
/** The default "arrived late" notice (the otomaxLateNotice setting). */
export const EXPIRED_NOTICE = SETTINGS_META.otomaxLateNotice.default;

/** The auto-reply rule: 21 → pesan (or statusDesc), 41/42 → statusDesc, others none (the outbox answers later). */
export function autoReplyText(status: number | null, pesan: string | null, statusDesc: string | null): string | null {
  const text = status === 21 ? pesan || statusDesc : status === 41 || status === 42 ? statusDesc : null;
  return text && text.trim() ? text : null;
}
