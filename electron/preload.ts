import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './app/preload-api';

// Sandboxed preload: built as CommonJS (out/preload/preload.cjs), may require only 'electron'.
contextBridge.exposeInMainWorld(
  'api',
  createPreloadApi({
    invoke: (channel, name, input) => ipcRenderer.invoke(channel, name, input),
    send: (channel: string, ...args: unknown[]) => ipcRenderer.send(channel, ...args),
    on: (channel, listener) => {
      ipcRenderer.on(channel, (_event, name: unknown, payload: unknown) => listener(name, payload));
    },
    reportError: (message, error) => console.error(`[window.api] ${message}`, error),
  }),
);
