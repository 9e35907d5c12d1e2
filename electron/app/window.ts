import { BrowserWindow } from 'electron';
import type { Logger } from '../core/kernel/logger';
import { rendererEntryUrl, type RendererSource } from './renderer-origin';

export interface MainWindow {
  /** Create the window if needed, then show and focus it. */
  show(): void;
  /** The window when it exists (it is created on first show, never for a start at login). */
  current(): BrowserWindow | null;
}

export interface WindowDeps {
  source: RendererSource;
  preloadPath: string;
  /** Linux takes the window icon from here; Windows and macOS from the executable. */
  iconPath?: string;
  devTools: boolean;
  /** While quitting, close really closes; otherwise it hides to the tray. */
  isQuitting: () => boolean;
  /** Called once per created window, before its page loads (the IPC bridge hooks in here). */
  onCreate: (win: BrowserWindow) => void;
  log: Logger;
}

export function setupWindow(deps: WindowDeps): MainWindow {
  let win: BrowserWindow | null = null;

  const create = (): BrowserWindow => {
    const w = new BrowserWindow({
      width: 1100,
      height: 720,
      minWidth: 900,
      minHeight: 600,
      show: false,
      title: 'Jembatan',
      autoHideMenuBar: true,
      backgroundColor: '#ffffff',
      ...(deps.iconPath ? { icon: deps.iconPath } : {}),
      webPreferences: {
        preload: deps.preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        spellcheck: false,
        devTools: deps.devTools,
      },
    });
    w.on('close', (event) => {
      if (deps.isQuitting()) return;
      event.preventDefault();
      w.hide();
    });
    w.on('closed', () => {
      if (win === w) win = null;
    });
    w.once('ready-to-show', () => w.show());
    w.webContents.on('render-process-gone', (_event, details) => {
      deps.log.error({ reason: details.reason, exitCode: details.exitCode }, 'renderer process gone');
    });
    deps.onCreate(w);
    w.loadURL(rendererEntryUrl(deps.source)).catch((e: unknown) => {
      deps.log.error({ err: e }, 'could not load the window page');
    });
    return w;
  };

  return {
    show() {
      if (!win || win.isDestroyed()) {
        win = create();
        return;
      }
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    },
    current: () => (win && !win.isDestroyed() ? win : null),
  };
}
