import { ipcMain, type BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { EVENT_NAMES, type EventName } from '../../shared/api';
import type { EngineApi, EngineEvents } from '../core/engine-types';
import type { Logger } from '../core/kernel/logger';
import { CHANNELS } from './channels';
import { createEventRelay, handleInvoke, isTrustedSender, type SenderInfo } from './ipc-bridge-core';
import type { RendererSource } from './renderer-origin';

export interface IpcBridge {
  /** Hook a new window: its reloads and crashes put events back in the queue until it is ready again. */
  attach(win: BrowserWindow): void;
  dispose(): void;
}

export interface IpcBridgeDeps {
  api: EngineApi;
  events: EngineEvents;
  source: RendererSource;
  window: () => BrowserWindow | null;
  /** The window's language ('shell:language'), from our own page only; the receiver validates it. */
  onLanguage: (lang: unknown) => boolean;
  log: Logger;
}

function senderInfo(event: IpcMainEvent | IpcMainInvokeEvent): SenderInfo {
  const frame = event.senderFrame;
  return {
    webContentsId: event.sender.id,
    frameUrl: frame?.url ?? null,
    isMainFrame: frame !== null && frame.parent === null,
  };
}

/**
 * The renderer <-> engine contract over IPC: 'api:invoke' (allowlisted commands from our own page only),
 * 'api:event' (engine events, queued until the page says 'api:ready'), and 'shell:language' (the window's
 * language, for the shell itself).
 */
export function setupIpcBridge(deps: IpcBridgeDeps): IpcBridge {
  const { api, events, source, log } = deps;
  const trusted = (event: IpcMainEvent | IpcMainInvokeEvent): boolean => {
    const win = deps.window();
    const ok = isTrustedSender(senderInfo(event), { webContentsId: win ? win.webContents.id : null, source });
    if (!ok) log.warn({ url: event.senderFrame?.url?.slice(0, 200) ?? null }, 'refused IPC from an unknown frame');
    return ok;
  };

  const relay = createEventRelay({
    send(name: EventName, payload: unknown) {
      const win = deps.window();
      if (!win || win.webContents.isDestroyed()) return false;
      win.webContents.send(CHANNELS.event, name, payload);
      return true;
    },
  });
  let lastDropped = 0;
  const unsubscribe = EVENT_NAMES.map((name) =>
    events.on(name, (payload) => {
      relay.emit(name, payload);
      if (relay.dropped() !== lastDropped) {
        if (lastDropped === 0) log.warn('renderer not listening: oldest queued events dropped');
        lastDropped = relay.dropped();
      }
    }),
  );

  ipcMain.handle(CHANNELS.invoke, (event, name: unknown, input: unknown) =>
    handleInvoke(api, trusted(event), name, input),
  );
  const onReady = (event: IpcMainEvent) => {
    if (trusted(event)) relay.ready();
  };
  ipcMain.on(CHANNELS.ready, onReady);
  const onLanguage = (event: IpcMainEvent, lang: unknown) => {
    if (trusted(event) && !deps.onLanguage(lang)) log.warn('the window sent a language the shell does not speak');
  };
  ipcMain.on(CHANNELS.language, onLanguage);

  return {
    attach(win) {
      win.webContents.on('did-start-navigation', (details) => {
        if (details.isMainFrame && !details.isSameDocument) relay.reset();
      });
      win.webContents.on('render-process-gone', () => relay.reset());
      win.on('closed', () => relay.reset());
    },
    dispose() {
      for (const off of unsubscribe) off();
      ipcMain.removeHandler(CHANNELS.invoke);
      ipcMain.off(CHANNELS.ready, onReady);
      ipcMain.off(CHANNELS.language, onLanguage);
    },
  };
}
