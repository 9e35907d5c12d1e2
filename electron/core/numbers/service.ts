import type { SessionStatus, WaNumber } from '../../../shared/dto';
import type { Logger } from '../kernel/logger';
import type { NumberRecord, NumbersRepo } from './numbers-repo';
import { removeNumberSchema } from './schemas';
import { parseInput } from '../kernel/input';

/**
 * What the window and the REST API do with numbers, over the repository and the sessions. The sessions are ports:
 * the engine (second wave of issue 17) starts one per number and stops it on removal.
 */
export interface NumbersServiceDeps {
  repo: NumbersRepo;
  log: Logger;
  /** The session status of a number, or null while it has no session running. */
  status: (id: string) => SessionStatus | null;
  /** A number was added: start its session (it stays idle until the owner pairs it). */
  started: (id: string) => Promise<void>;
  /** A number was removed: stop its session and unlink it from WhatsApp. Its rows in the log stay. */
  stopped: (id: string) => Promise<void>;
  /** The list changed: the engine emits numbers:changed with it. */
  changed: (list: WaNumber[]) => void;
}

export interface NumbersService {
  list(): WaNumber[];
  add(input: unknown): Promise<WaNumber>;
  update(input: unknown): WaNumber;
  remove(input: unknown): Promise<{ removed: true }>;
}

export function createNumbersService(d: NumbersServiceDeps): NumbersService {
  const toDto = (n: NumberRecord): WaNumber => {
    const s = d.status(n.id);
    return {
      id: n.id,
      name: n.name,
      kodeTerminal: n.kodeTerminal,
      state: s?.state ?? 'idle',
      phone: s?.phone ?? null,
      primary: n.primary,
      fallbackId: n.fallbackId,
      options: { ...n.options },
    };
  };
  const list = () => d.repo.list().map(toDto);
  return {
    list,
    async add(input) {
      const n = d.repo.add(input);
      d.log.info({ number: n.id, kodeTerminal: n.kodeTerminal }, 'number added');
      d.changed(list());
      // Stored first: a session that fails to start leaves the number listed, idle, for the owner to pair again.
      try {
        await d.started(n.id);
      } catch (e) {
        d.log.warn({ number: n.id, err: e }, 'the new number did not start');
      }
      return toDto(n);
    },
    update(input) {
      const n = d.repo.update(input);
      d.log.info({ number: n.id, options: n.options }, 'number updated');
      d.changed(list());
      return toDto(n);
    },
    async remove(input) {
      const { id } = parseInput(removeNumberSchema, input);
      // Removed in the database first: from here no outbox message is routed to it, whatever the session does.
      d.repo.remove(id);
      d.log.info({ number: id }, 'number removed');
      d.changed(list());
      try {
        await d.stopped(id);
      } catch (e) {
        d.log.warn({ number: id, err: e }, 'the removed number did not stop cleanly');
      }
      return { removed: true };
    },
  };
}
