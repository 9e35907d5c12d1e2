import { BaseWindow } from 'electron';
import type { Logger } from '../core/kernel/logger';

/**
 * Windows shutdown and log-off end the process without 'before-quit' or 'will-quit': the only notice is
 * WM_ENDSESSION, which Electron turns into a window's 'session-end' event. The app often has no window (it
 * lives in the tray, and a start at login opens none), so a hidden one exists only to hear it. Top-level
 * windows receive WM_ENDSESSION whether visible or not.
 *
 * Windows may end the process as soon as the handler returns, so the stop started here may not finish:
 * that is the crash case the database already survives (every state change is one transaction).
 */
export function setupSessionEnd(deps: { platform: NodeJS.Platform; onEnd: () => void; log: Logger }): {
  dispose(): void;
} {
  if (deps.platform !== 'win32') return { dispose: () => undefined };
  const watcher = new BaseWindow({ show: false, width: 1, height: 1, skipTaskbar: true, focusable: false });
  watcher.on('session-end', (event) => {
    deps.log.info({ reasons: event.reasons }, 'Windows session ending: stopping the engine');
    deps.onEnd();
  });
  return {
    dispose() {
      if (!watcher.isDestroyed()) watcher.destroy();
    },
  };
}
