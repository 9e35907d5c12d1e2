import type { StateRepo } from '../db/state-repo';

export interface PausedChat {
  phone: string;
  since: number;
}

/**
 * Chats whose auto-replies are paused (a bot loop), kept in the state table so a pause survives a restart.
 * Only the owner releases a chat; a released chat is not paused again for RELEASE_GRACE_MS.
 */
export interface ChatPauses {
  isPaused(phone: string): boolean;
  /** False when the chat was already paused or was released less than RELEASE_GRACE_MS ago. */
  pause(phone: string, now: number): boolean;
  /** False when the chat was not paused. */
  release(phone: string, now: number): boolean;
  list(): PausedChat[];
  onChange(listener: () => void): () => void;
}

export const RELEASE_GRACE_MS = 60 * 60_000;

const PAUSED = 'pausedChats';
const RELEASED = 'releasedChats';

export function createChatPauses(state: StateRepo): ChatPauses {
  const paused = new Map<string, number>(Object.entries(state.get<Record<string, number>>(PAUSED) ?? {}));
  const released = new Map<string, number>(Object.entries(state.get<Record<string, number>>(RELEASED) ?? {}));
  const listeners = new Set<() => void>();
  const save = (now: number) => {
    state.set(PAUSED, Object.fromEntries(paused), now);
    for (const [phone, at] of released) if (now - at >= RELEASE_GRACE_MS) released.delete(phone);
    state.set(RELEASED, Object.fromEntries(released), now);
    for (const l of listeners) l();
  };
  return {
    isPaused: (phone) => paused.has(phone),
    pause(phone, now) {
      if (paused.has(phone)) return false;
      const at = released.get(phone);
      if (at !== undefined && now - at < RELEASE_GRACE_MS) return false;
      paused.set(phone, now);
      save(now);
      return true;
    },
    release(phone, now) {
      if (!paused.delete(phone)) return false;
      released.set(phone, now);
      save(now);
      return true;
    },
    list: () => [...paused].map(([phone, since]) => ({ phone, since })).sort((a, b) => a.since - b.since),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
