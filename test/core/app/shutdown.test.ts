import { describe, expect, it, vi } from 'vitest';
import { createShutdown } from '../../../electron/app/shutdown';

describe('createShutdown', () => {
  it('stops once however many quits ask, and every caller waits for it', async () => {
    let release!: () => void;
    const stop = vi.fn(() => new Promise<void>((r) => (release = r)));
    const shutdown = createShutdown({ stop, onError: vi.fn() });
    const a = shutdown.run();
    const b = shutdown.run();
    expect(a).toBe(b);
    await Promise.resolve();
    expect(shutdown.finished()).toBe(false);
    release();
    await a;
    expect(shutdown.finished()).toBe(true);
    await shutdown.run();
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('reports a failing stop and still finishes', async () => {
    const onError = vi.fn();
    const shutdown = createShutdown({ stop: async () => Promise.reject(new Error('db busy')), onError });
    await shutdown.run();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'db busy' }));
    expect(shutdown.finished()).toBe(true);
  });

  it('a stop that throws synchronously is reported too', async () => {
    const onError = vi.fn();
    const shutdown = createShutdown({
      stop: () => {
        throw new Error('sync');
      },
      onError,
    });
    await shutdown.run();
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('gives up waiting after the timeout', async () => {
    vi.useFakeTimers();
    try {
      const onTimeout = vi.fn();
      const shutdown = createShutdown({
        stop: () => new Promise<void>(() => undefined),
        onError: vi.fn(),
        timeoutMs: 1000,
        onTimeout,
      });
      const done = shutdown.run();
      await vi.advanceTimersByTimeAsync(999);
      expect(shutdown.finished()).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await done;
      expect(onTimeout).toHaveBeenCalledTimes(1);
      expect(shutdown.finished()).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
