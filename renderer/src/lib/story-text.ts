import type { TFunction } from 'i18next';
import type { FlowRow, StoryEvent } from '../../../shared/dto';

/** Why a row stopped, in the owner's language with what to do; the engine's English stays in the log and CSV. */
export function rowErrorText(t: TFunction, row: Pick<FlowRow, 'error' | 'errorClass' | 'status' | 'direction'>) {
  if (!row.error) return null;
  const key =
    row.errorClass ??
    (row.status === 'not_forwarded' ? 'switched_off' : row.direction === 'outbox' ? 'not_delivered' : 'other');
  return t(`rowError.${key}`, { defaultValue: t('rowError.other') });
}

export function outcomeText(t: TFunction, outcome: string): string {
  return t(`attemptOutcome.${outcome}`, { defaultValue: t('attemptOutcome.other') });
}

/** One line of the timeline; an event without a step (an older engine) is named generically, never raw. */
export function stepText(t: TFunction, e: StoryEvent): string {
  switch (e.step) {
    case 'attempt':
      return t('timeline.attempt', { n: e.attempt ?? '', outcome: outcomeText(t, e.outcome ?? 'other') });
    case 'otomax':
      return e.otomaxStatus === undefined
        ? t('timeline.otomaxNoStatus')
        : t('timeline.otomax', { status: e.otomaxStatus });
    case 'reply_queued':
    case 'reply_sent':
    case 'reply_delivered':
    case 'reply_read':
      return t(`timeline.${e.step}`, { kind: t(`flow.kind.${e.kind ?? 'manual'}`, { defaultValue: e.kind ?? '' }) });
    case 'received':
    case 'outbox_received':
    case 'marked_read':
      return t(`timeline.${e.step}`);
    default:
      return t('timeline.other');
  }
}
