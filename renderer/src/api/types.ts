import type { Api, WindowLanguage } from '../../../shared/api';

/** How the window is linked to the engine; Electron's IPC is always 'ready'. */
export type ConnectionState = 'connecting' | 'ready' | 'reconnecting' | 'no_token' | 'unauthorized';

export interface ConnectionInfo {
  state: ConnectionState;
  /** Connection attempts that failed in a row (reset once the engine says ready). */
  failures: number;
  /** When the next attempt starts (state 'reconnecting'). */
  nextRetryAt: number | null;
  /** Increases every time the engine says ready: state loaded before it may be stale. */
  epoch: number;
}

export interface ConnectionMonitor {
  get(): ConnectionInfo;
  subscribe(listener: (info: ConnectionInfo) => void): () => void;
}

/** The Api of shared/api.ts plus how its link is doing (the UI shows it; pages never touch the transport). */
export interface ApiClient extends Api {
  connection: ConnectionMonitor;
  /** Tell the app's tray and notifications the window's language (the Electron app; nothing to tell headless). */
  shellLanguage(lang: WindowLanguage): void;
  close(): void;
}
