import type { OverallState, Problem } from '../../../shared/dto';

/** The same problem is not announced again within this long (a flapping link must not spam the desktop). */
export const RENOTIFY_AFTER_MS = 30 * 60_000;

/** Problems that are part of normal life and never worth a desktop notification. */
const QUIET = new Set<string>(['state:starting', 'state:whatsapp_connecting', 'state:forwarding_off']);

export const problemKey = (p: Problem): string => `${p.source}:${p.id}`;

export interface NotifyMemory {
  /** problem key -> when it was last announced */
  announced: Record<string, number>;
}

export const emptyMemory = (): NotifyMemory => ({ announced: {} });

/**
 * Which problems to announce on the desktop when the overall state changes from `prev` to `next`: each problem
 * that is new in `next` and either stops work (level 'down') or came as a banner (something the owner must act
 * on, like held replies), once per problem, not again within RENOTIFY_AFTER_MS. Pure, so it is tested without
 * Electron; the shell turns each into an OS notification that opens the window on it.
 */
export function decideNotifications(
  memory: NotifyMemory,
  prev: OverallState | null,
  next: OverallState,
  now: number,
): { notify: Problem[]; memory: NotifyMemory } {
  const before = new Set((prev?.problems ?? []).map(problemKey));
  const announced = { ...memory.announced };
  const notify: Problem[] = [];
  for (const p of next.problems) {
    const key = problemKey(p);
    if (before.has(key) || QUIET.has(key)) continue;
    if (p.level !== 'down' && p.source !== 'banner') continue;
    const last = announced[key];
    if (last !== undefined && now - last < RENOTIFY_AFTER_MS) continue;
    announced[key] = now;
    notify.push(p);
  }
  return { notify, memory: { announced } };
}
