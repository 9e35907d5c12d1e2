export interface Shutdown {
  /** Stop the engine once; every caller awaits the same run. Never rejects. */
  run(): Promise<void>;
  /** true once the run has settled (stopped, failed or timed out): quitting may proceed. */
  finished(): boolean;
}

export interface ShutdownOptions {
  stop: () => Promise<void>;
  onError: (error: unknown) => void;
  /** A stop that hangs must not keep the app from quitting. */
  timeoutMs?: number;
  onTimeout?: () => void;
}

export function createShutdown(options: ShutdownOptions): Shutdown {
  const timeoutMs = options.timeoutMs ?? 15_000;
  let running: Promise<void> | null = null;
  let done = false;
  return {
    run() {
      running ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          options.onTimeout?.();
          resolve();
        }, timeoutMs);
        Promise.resolve()
          .then(options.stop)
          .catch(options.onError)
          .finally(() => {
            clearTimeout(timer);
            resolve();
          });
      }).finally(() => {
        done = true;
      });
      return running;
    },
    finished: () => done,
  };
}
