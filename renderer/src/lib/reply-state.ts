import type { FlowRow, OutboundStatus } from '../../../shared/dto';

/**
 * What the reply column says: the WhatsApp status, or 'held' / 'gave_up' when the engine holds a reply for the
 * chat's per-minute limit or a paused chat. `reason` is an i18n key under flow.replyReason (null: none known).
 */
export interface ReplyState {
  status: OutboundStatus | 'held' | 'gave_up';
  reason: string | null;
}

const REASONS = new Set(['reply_limit', 'chat_paused']);

export function replyReason(error: string | null | undefined): string | null {
  if (!error) return null;
  const m = /^(held|gave_up):(\w+)$/.exec(error);
  if (m && REASONS.has(m[2] as string)) return `${m[1] as string}_${m[2] as string}`;
  return error === 'expired' ? 'expired' : null;
}

export function replyState(row: Pick<FlowRow, 'replyStatus' | 'replyError'>): ReplyState | null {
  if (!row.replyStatus) return null;
  const reason = replyReason(row.replyError);
  if (row.replyStatus === 'queued' && reason?.startsWith('held_')) return { status: 'held', reason };
  if (row.replyStatus === 'failed' && reason?.startsWith('gave_up_')) return { status: 'gave_up', reason };
  return { status: row.replyStatus, reason: row.replyStatus === 'failed' ? reason : null };
}
