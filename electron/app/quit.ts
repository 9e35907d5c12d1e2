import { app } from 'electron';
import type { Logger } from '../core/kernel/logger';
import { createShutdown } from './shutdown';

export interface QuitControl {
  /** true after a quit began: the window's close then really closes. */
  isQuitting(): boolean;
  /** The OS session is ending (Windows shutdown or log-off): stop the engine now, then quit. */
  sessionEnding(): void;
}

/**
 * Quit = stop the engine once, awaited, then let Electron exit. Closing the window only hides it (the app
 * lives in the tray), so the last window closing never quits by itself.
 *
 * engine.stop() ends the log transports as its last step, so nothing here logs once it has settled: a line
 * written to an exited transport worker was an uncaught "the worker has exited" (an error box on quit).
 */
export function setupQuit(deps: { stop: () => Promise<void>; log: Logger }): QuitControl {
  const { log } = deps;
  let quitting = false;
  const shutdown = createShutdown({
    stop: deps.stop,
    onError: (e) => log.error({ err: e }, 'engine stop failed'),
    onTimeout: () => log.error('engine stop timed out: quitting anyway'),
  });
  const stopThenQuit = () => {
    void shutdown.run().then(() => app.quit());
  };
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    if (shutdown.finished()) return;
    event.preventDefault();
    stopThenQuit();
  });
  app.on('window-all-closed', () => {
    // Stay in the tray.
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
  return {
    isQuitting: () => quitting,
    sessionEnding() {
      quitting = true;
      stopThenQuit();
    },
  };
}
