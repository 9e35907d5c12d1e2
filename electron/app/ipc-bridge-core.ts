import { isCommandName, type CommandName, type EventName, type Events } from '../../shared/api';
import { fail, type Result } from '../../shared/result';
import type { EngineApi } from '../core/engine-types';
import { isRendererUrl, type RendererSource } from './renderer-origin';

/** What main knows about the sender of an IPC message, reduced to plain values. */
export interface SenderInfo {
  webContentsId: number;
  /** null when the frame already navigated away or was destroyed. */
  frameUrl: string | null;
  isMainFrame: boolean;
}

/** Only the main frame of our own window, showing our own page, may reach the engine. */
export function isTrustedSender(
  sender: SenderInfo,
  expected: { webContentsId: number | null; source: RendererSource },
): boolean {
  return (
    expected.webContentsId !== null &&
    sender.webContentsId === expected.webContentsId &&
    sender.isMainFrame &&
    isRendererUrl(sender.frameUrl, expected.source)
  );
}

/** One `api:invoke`: errors come back as Results, never as rejected promises. */
export async function handleInvoke(
  api: EngineApi,
  trusted: boolean,
  name: unknown,
  input: unknown,
): Promise<Result<unknown>> {
  if (!trusted) return fail('FORBIDDEN', 'this frame may not call the engine');
  if (!isCommandName(name))
    return fail('NOT_FOUND', `unknown command ${typeof name === 'string' ? name : typeof name}`);
  // The engine validates every input with zod; here the name is known and the input is opaque.
  return api.invoke(name as CommandName, input as never);
}

export interface QueuedEvent {
  name: EventName;
  payload: unknown;
}

export interface EventRelay {
  /** An engine event: sent now if the renderer is listening, else queued (oldest dropped past the limit). */
  emit<E extends EventName>(name: E, payload: Events[E]): void;
  /** The renderer subscribed: flush the queue in order, then send directly. */
  ready(): void;
  /** The page is going away (reload, crash, window closed): queue again until the next ready. */
  reset(): void;
  /** Events dropped because the queue was full, since start. */
  dropped(): number;
  queued(): number;
}

export interface EventRelayOptions {
  /** Deliver one event; returns false when there is no page to deliver to. */
  send: (name: EventName, payload: unknown) => boolean;
  limit?: number;
  /** Events that carry a whole state: a queued one is replaced by the next, not kept beside it. */
  latestOnly?: ReadonlySet<EventName>;
}

export const DEFAULT_EVENT_QUEUE_LIMIT = 500;

/**
 * State snapshots: the page needs the last one only. Keeping one of each stops a window opened hours
 * after a start at login from replaying thousands of metrics ticks, and leaves the queue to the per-row
 * events (message:logged, broadcast:progress).
 */
export const LATEST_ONLY_EVENTS: ReadonlySet<EventName> = new Set<EventName>([
  'session:status',
  'metrics:tick',
  'forwarding:changed',
  'settings:changed',
  'banners:changed',
]);

export function createEventRelay(options: EventRelayOptions): EventRelay {
  const limit = Math.max(1, options.limit ?? DEFAULT_EVENT_QUEUE_LIMIT);
  const latestOnly = options.latestOnly ?? LATEST_ONLY_EVENTS;
  let queue: QueuedEvent[] = [];
  let isReady = false;
  let droppedCount = 0;
  const enqueue = (event: QueuedEvent) => {
    if (latestOnly.has(event.name)) {
      const older = queue.findIndex((e) => e.name === event.name);
      if (older !== -1) queue.splice(older, 1);
    }
    queue.push(event);
    if (queue.length > limit) {
      queue.shift();
      droppedCount++;
    }
  };
  return {
    emit(name, payload) {
      if (isReady && options.send(name, payload)) return;
      if (isReady) isReady = false;
      enqueue({ name, payload });
    },
    ready() {
      const pending = queue;
      queue = [];
      for (let i = 0; i < pending.length; i++) {
        const event = pending[i] as QueuedEvent;
        if (!options.send(event.name, event.payload)) {
          queue = pending.slice(i);
          isReady = false;
          return;
        }
      }
      isReady = true;
    },
    reset() {
      isReady = false;
    },
    dropped: () => droppedCount,
    queued: () => queue.length,
  };
}
