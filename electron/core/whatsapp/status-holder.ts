import type { SessionState, SessionStatus } from '../../../shared/dto';
import type { Clock } from '../clock';
import type { TypedEmitter } from './emitter';
import type { SessionEvents } from './session-port';

export type StatusExtra = Omit<SessionStatus, 'sessionId' | 'state' | 'since'>;

/** The session's current SessionStatus: every change is emitted as a 'status' event. */
export interface StatusHolder {
  get(): SessionStatus;
  set(state: SessionState, extra?: StatusExtra): void;
  /** Resolves with the first status (the current one included) that satisfies `done`, or the current one at timeout. */
  waitFor(done: (s: SessionStatus) => boolean, timeoutMs: number): Promise<SessionStatus>;
}

export function createStatusHolder(sessionId: string, clock: Clock, events: TypedEmitter<SessionEvents>): StatusHolder {
  let status: SessionStatus = { sessionId, state: 'idle', since: clock.now() };
  return {
    get: () => status,
    set(state, extra = {}) {
      // `since` marks entering a state; a QR refresh stays in 'qr' since the first ref.
      const since = state === status.state ? status.since : clock.now();
      status = { sessionId, state, since, ...extra };
      events.emit('status', status);
    },
    waitFor(done, timeoutMs) {
      if (done(status)) return Promise.resolve(status);
      return new Promise((resolve) => {
        const finish = () => {
          clearTimeout(timer);
          off();
          resolve(status);
        };
        const timer = setTimeout(finish, timeoutMs);
        const off = events.on('status', (s) => {
          if (done(s)) finish();
        });
      });
    },
  };
}
