import {
  isCommandName,
  isEventName,
  type CommandName,
  type CommandOutput,
  type EventName,
  type Events,
  type WindowBridge,
} from '../../shared/api';
import { fail, type Result } from '../../shared/result';
import { CHANNELS } from './channels';

/**
 * The slice of ipcRenderer the preload uses, as a port: preload.ts passes the real one, tests a fake.
 * This file runs in the sandboxed preload, so it imports only shared/ and channels.ts (no Node, no packages).
 */
export interface PreloadIpc {
  invoke(channel: typeof CHANNELS.invoke, name: CommandName, input: unknown): Promise<unknown>;
  send(channel: typeof CHANNELS.ready): void;
  send(channel: typeof CHANNELS.language, lang: string): void;
  /** The listener gets the event name and payload only: the IpcRendererEvent never reaches the page. */
  on(channel: typeof CHANNELS.event, listener: (name: unknown, payload: unknown) => void): void;
  /** Where a throwing page listener is reported (the page's console). */
  reportError(message: string, error: unknown): void;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * window.api for the Electron renderer. Names are checked against the allowlists here as well as in main.
 * The first `on` tells main the page listens ('api:ready'); main then flushes the events it queued. IPC
 * messages arrive in a later task, so every `on` made in the same task as the first one sees the flush.
 */
export function createPreloadApi(ipc: PreloadIpc): WindowBridge {
  const listeners = new Map<EventName, Set<{ call: (payload: unknown) => void }>>();
  let announced = false;

  ipc.on(CHANNELS.event, (name, payload) => {
    if (!isEventName(name)) return;
    const subscribers = listeners.get(name);
    if (!subscribers) return;
    for (const subscriber of [...subscribers]) {
      try {
        subscriber.call(payload);
      } catch (e) {
        ipc.reportError(`listener for ${name} threw`, e);
      }
    }
  });

  return {
    async invoke<C extends CommandName>(name: C, input: unknown): Promise<Result<CommandOutput<C>>> {
      if (!isCommandName(name)) return fail('NOT_FOUND', `unknown command ${String(name)}`);
      try {
        return (await ipc.invoke(CHANNELS.invoke, name, input)) as Result<CommandOutput<C>>;
      } catch (e) {
        return fail('INTERNAL', `the app did not answer ${name}: ${errorText(e)}`);
      }
    },
    shellLanguage(lang) {
      // Only the two words main accepts (main checks again): a page bug must not reach the tray's file.
      if (lang === 'id' || lang === 'en') ipc.send(CHANNELS.language, lang);
    },
    on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void {
      if (!isEventName(name)) throw new TypeError(`unknown event ${String(name)}`);
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      const subscriber = { call: listener as (payload: unknown) => void };
      let subscribers = listeners.get(name);
      if (!subscribers) {
        subscribers = new Set();
        listeners.set(name, subscribers);
      }
      subscribers.add(subscriber);
      if (!announced) {
        announced = true;
        ipc.send(CHANNELS.ready);
      }
      return () => {
        listeners.get(name)?.delete(subscriber);
      };
    },
  };
}
