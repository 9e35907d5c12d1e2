import { Notification } from 'electron';
import type { OverallState } from '../../shared/dto';
import type { EngineApi, EngineEvents } from '../core/engine-types';
import type { Logger } from '../core/kernel/logger';
import { decideNotifications, emptyMemory } from '../core/status/notify';
import { levelText, problemText } from './overall-text';
import type { TrayLanguage } from './tray-model';

export interface NotificationDeps {
  api: EngineApi;
  events: EngineEvents;
  /** The window's language at the moment a notification shows. */
  lang: () => TrayLanguage;
  /** The owner is looking at the window: the banner and the chip already say it, no OS notification. */
  windowFocused: () => boolean;
  /** A click on a notification opens the window. */
  onOpen: () => void;
  log: Logger;
}

/**
 * One desktop notification per problem when the overall state gets worse (WhatsApp logged out, OtomaX gone,
 * replies held...), in the owner's language; which ones is decided by the engine's pure rule (decideNotifications).
 */
export function setupNotifications(deps: NotificationDeps): () => void {
  let memory = emptyMemory();
  let prev: OverallState | null = null;
  const handle = (next: OverallState) => {
    const r = decideNotifications(memory, prev, next, Date.now());
    memory = r.memory;
    prev = next;
    if (!r.notify.length || deps.windowFocused() || !Notification.isSupported()) return;
    const lang = deps.lang();
    for (const p of r.notify) {
      try {
        const n = new Notification({
          title: `Jembatan: ${levelText(p.level, lang)}`,
          body: problemText(p, lang),
        });
        n.on('click', deps.onOpen);
        n.show();
      } catch (e) {
        deps.log.warn({ err: e, problem: p.id }, 'desktop notification failed');
      }
    }
  };
  // The state at start is the baseline: only what gets worse after it is announced.
  deps.api
    .invoke('overall:get', undefined)
    .then((r) => {
      if (r.ok && prev === null) prev = r.value;
    })
    .catch((e: unknown) => deps.log.warn({ err: e }, 'notifications: first state read failed'));
  return deps.events.on('overall:changed', handle);
}
