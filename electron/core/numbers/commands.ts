import type { HandlerMap } from '../api/dispatch';
import type { NumbersService } from './service';

/** numbers:list, numbers:add, numbers:update, numbers:remove: the window's side of the numbers service. */
export function numbersCommands(s: NumbersService): HandlerMap {
  return {
    'numbers:list': async () => s.list(),
    'numbers:add': (input) => s.add(input),
    'numbers:update': async (input) => s.update(input),
    'numbers:remove': (input) => s.remove(input),
  };
}
