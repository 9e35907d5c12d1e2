import { app } from 'electron';
import type { Logger } from '../core/logger';
import { createShutdown } from './shutdown';

export interface QuitControl {
  /** true after a quit began: the window's close then really closes. */
  isQuitting(): boolean;
}

/**
 * Quit = stop the engine once, awaited, then let Electron exit. Closing the window only hides it (the app
 * lives in the tray), so the last window closing never quits by itself.
 */
export function setupQuit(deps: { stop: () => Promise<void>; log: Logger }): QuitControl {
  const { log } = deps;
  let quitting = false;
  const shutdown = createShutdown({
    stop: deps.stop,
    onError: (e) => log.error({ err: e }, 'engine stop failed'),
    onTimeout: () => log.error('engine stop timed out: quitting anyway'),
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    if (shutdown.finished()) return;
    event.preventDefault();
    void shutdown.run().then(() => {
      log.info('engine stopped, quitting');
      app.quit();
    });
  });
  app.on('window-all-closed', () => {
    // Stay in the tray.
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
  return { isQuitting: () => quitting };
}
