import type { SessionState, SessionStatus } from '../../../shared/dto';
import type { Clock } from '../kernel/clock';
import type { TypedEmitter } from './emitter';
import type { SessionEvents } from './session-port';

export type StatusExtra = Omit<SessionStatus, 'sessionId' | 'state' | 'since'>;
/** Facts about the link that hold whatever the state: kept across set() until patched away. */
export type StickyStatus = Pick<SessionStatus, 'flapping' | 'clockOffsetMs' | 'sendPausedUntil'>;

/** The session's current SessionStatus: every change is emitted as a 'status' event. */
export interface StatusHolder {
  get(): SessionStatus;
  set(state: SessionState, extra?: StatusExtra): void;
  /** Change sticky facts (undefined removes one) and emit, keeping the state; no-op when nothing changed. */
  patch(sticky: { [K in keyof StickyStatus]?: StickyStatus[K] | undefined }): void;
  /** Resolves with the first status (the current one included) that satisfies `done`, or the current one at timeout. */
  waitFor(done: (s: SessionStatus) => boolean, timeoutMs: number): Promise<SessionStatus>;
}

export function createStatusHolder(sessionId: string, clock: Clock, events: TypedEmitter<SessionEvents>): StatusHolder {
  let status: SessionStatus = { sessionId, state: 'idle', since: clock.now() };
  let sticky: StickyStatus = {};
  let extras: StatusExtra = {};
  const build = (state: SessionState, since: number) => {
    status = { sessionId, state, since, ...extras, ...sticky };
    events.emit('status', status);
  };
  return {
    get: () => status,
    set(state, extra = {}) {
      // `since` marks entering a state; a QR refresh stays in 'qr' since the first ref.
      extras = extra;
      build(state, state === status.state ? status.since : clock.now());
    },
    patch(changes) {
      const next: Record<string, unknown> = { ...sticky };
      for (const [k, v] of Object.entries(changes)) {
        if (v === undefined) delete next[k];
        else next[k] = v;
      }
      const keys = new Set([...Object.keys(next), ...Object.keys(sticky)]);
      const same = [...keys].every((k) => next[k] === (sticky as Record<string, unknown>)[k]);
      if (same) return;
      sticky = next as StickyStatus;
      build(status.state, status.since);
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
