import type { WaNumber } from '../../../shared/dto';
import { useLoad } from './useCommand';
import { useEvent } from './useEvent';

/**
 * The shop's WhatsApp numbers, kept current by numbers:changed: the live flow and Status show which number a message
 * used only when there is more than one (a one-number shop sees nothing new). Empty until known, or when the
 * engine cannot list them.
 */
const NONE: WaNumber[] = [];

export function useLiveNumbers(): { numbers: WaNumber[]; several: boolean } {
  const list = useLoad('numbers:list', undefined);
  useEvent('numbers:changed', (numbers) => list.set(numbers));
  const numbers = list.value ?? NONE;
  return { numbers, several: numbers.length > 1 };
}
