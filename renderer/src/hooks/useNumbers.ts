import { useCallback, useState } from 'react';
import type { SessionStatus, WaNumber } from '../../../shared/dto';
import { useEngineState } from './EngineState';
import { useLoad, type Loaded } from './useCommand';
import { useEvent } from './useEvent';

export interface NumbersState {
  list: Loaded<WaNumber[]>;
  /** The live session status of a number: its latest session:status event, else what the list said. */
  statusOf: (n: WaNumber) => SessionStatus;
  /** A status the caller got back from a command (pairing:start) for this number. */
  noteStatus: (id: string, s: SessionStatus) => void;
}

/** The numbers list, kept current by numbers:changed, and each number's session status by session:status. */
export function useNumbers(): NumbersState {
  const list = useLoad('numbers:list', undefined);
  const { session } = useEngineState();
  const [statuses, setStatuses] = useState<Record<string, SessionStatus>>({});
  useEvent('numbers:changed', (numbers) => list.set(numbers));
  useEvent('session:status', (s) => setStatuses((m) => ({ ...m, [s.sessionId]: s })));
  const noteStatus = useCallback((id: string, s: SessionStatus) => setStatuses((m) => ({ ...m, [id]: s })), []);
  const statusOf = useCallback(
    (n: WaNumber): SessionStatus => {
      const own = statuses[n.id];
      if (own) return own;
      // Until the engine reports per number, the primary's status is the one session the window already follows.
      if (n.primary && session) return session;
      return {
        sessionId: n.id,
        state: n.state,
        since: 0,
        ...(n.phone ? { phone: n.phone } : {}),
      };
    },
    [statuses, session],
  );
  return { list, statusOf, noteStatus };
}
