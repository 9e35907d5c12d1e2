import type { FlowRow } from '../../../shared/dto';

/**
 * Why a message stopped where it did, as an i18n key under flow.rowReason (null: nothing to explain). The engine
 * keeps its technical message for the log; the owner reads these words.
 */
export function rowReason(row: Pick<FlowRow, 'status' | 'errorClass'>): string | null {
  switch (row.status) {
    case 'waiting_otomax':
      return 'waiting_otomax';
    case 'not_forwarded':
      return 'not_forwarded';
    case 'sender_unknown':
      return 'sender_unknown';
    case 'expired':
      return row.errorClass === 'late' ? 'expired_late' : 'expired_otomax';
    case 'failed':
      return row.errorClass === 'interrupted' ? 'interrupted' : null;
    default:
      return null;
  }
}
