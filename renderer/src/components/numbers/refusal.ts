import type { TFunction } from 'i18next';
import type { NumberRefusal } from '../../../../shared/dto';
import type { ResultError } from '../../../../shared/result';

const REFUSALS: readonly NumberRefusal[] = [
  'terminal_taken',
  'primary_remove',
  'fallback_self',
  'fallback_unknown',
  'removed',
  'too_many',
];

/**
 * The owner's sentence for a refused numbers command (error.params.reason), or null when the error is not one of
 * these: the caller then shows the generic ErrorText for its code.
 */
export function refusalText(t: TFunction, error: ResultError | null): string | null {
  const reason = error?.params?.['reason'];
  if (typeof reason !== 'string' || !(REFUSALS as readonly string[]).includes(reason)) return null;
  return t(`numbers.refusal.${reason}`, { name: String(error?.params?.['name'] ?? '') });
}
