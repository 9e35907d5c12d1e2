import type { Clock } from '../kernel/clock';
import { errorMessage } from '../kernel/errors';
import type { Logger } from '../kernel/logger';
import type { OtomaxClient } from './types';

/** How often OtomaX is asked which callback URL it holds. */
export const CALLBACK_CHECK_EVERY_MS = 5 * 60_000;

/**
 * What OtomaX's outbox callback points at: `ours`, `other` (a URL that is not ours: results go elsewhere or to a
 * dead address), `none` (no callback set: results are not sent at all) or `unknown` (not asked yet, not
 * configured, or OtomaX did not answer).
 */
export interface CallbackCheckState {
  state: 'unknown' | 'ours' | 'other' | 'none';
  checkedAt: number | null;
  /** Why the last check could not tell (OtomaX not configured or not answering). */
  error: string | null;
}

export interface CallbackCheck {
  snapshot(): CallbackCheckState;
  /** Ask OtomaX now (serialised: a check asked for while one runs runs once more after it). */
  check(): Promise<void>;
  /** Tell OtomaX our URL, then check. */
  register(): Promise<void>;
  /** Check now and every CALLBACK_CHECK_EVERY_MS; `registerFirst` when our URL is new this run. */
  start(registerFirst: boolean): void;
  stop(): void;
  onChange(fn: (s: CallbackCheckState) => void): () => void;
}

const same = (a: string, b: string) => a.trim().replace(/\/+$/, '') === b.trim().replace(/\/+$/, '');

/** Keeps watch that OtomaX's outbox callback is ours, so results never silently go to a dead URL. */
export function createCallbackCheck(d: {
  otomax: { configured(): boolean; get(): OtomaxClient };
  ownUrl: () => Promise<string>;
  clock: Clock;
  log: Logger;
  everyMs?: number;
}): CallbackCheck {
  let state: CallbackCheckState = { state: 'unknown', checkedAt: null, error: null };
  const listeners = new Set<(s: CallbackCheckState) => void>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const set = (next: CallbackCheckState) => {
    const changed = next.state !== state.state;
    state = next;
    if (!changed) return;
    if (next.state === 'other' || next.state === 'none') {
      d.log.warn({ state: next.state }, 'OtomaX does not hold our outbox callback URL: results would not arrive');
    } else if (next.state === 'ours') d.log.info('OtomaX holds our outbox callback URL');
    for (const fn of listeners) fn(state);
  };

  const once = async () => {
    if (!d.otomax.configured()) {
      set({ state: 'unknown', checkedAt: null, error: 'OtomaX is not configured' });
      return;
    }
    try {
      const held = await d.otomax.get().getOutboxCallback({ retries: 0 });
      const own = await d.ownUrl();
      const now = d.clock.now();
      if (!held.url) set({ state: 'none', checkedAt: now, error: null });
      else set({ state: same(held.url, own) ? 'ours' : 'other', checkedAt: now, error: null });
    } catch (e) {
      // Not answering says nothing about the URL: keep what we knew (the unreachable banner covers OtomaX itself).
      state = { ...state, error: errorMessage(e) };
      d.log.debug({ err: e }, 'could not ask OtomaX for its callback URL');
    }
  };

  const check = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await once();
      } while (again && !stopped);
    })().finally(() => (running = null));
    return running;
  };

  const register = async () => {
    if (!d.otomax.configured()) return check();
    try {
      await d.otomax.get().setOutboxCallback(await d.ownUrl());
    } catch (e) {
      d.log.warn({ err: e }, 'could not register the callback URL with OtomaX');
    }
    return check();
  };

  return {
    snapshot: () => state,
    check,
    register,
    start(registerFirst) {
      void (registerFirst ? register() : check());
      timer = setInterval(() => void check(), d.everyMs ?? CALLBACK_CHECK_EVERY_MS);
      timer.unref?.();
    },
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
    },
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}
