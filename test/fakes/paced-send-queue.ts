import { vi } from 'vitest';
import { systemClock } from '../../electron/core/kernel/clock';
import { silentLogger } from '../../electron/core/kernel/logger';
import { createSendQueue, type SendQueue } from '../../electron/core/whatsapp/send-queue';
import { createFakeWhatsAppSession, type FakeWhatsAppSession } from './fake-whatsapp-session';
import { tempDb, type TempDb } from './wa-test-env';

/**
 * Counts the runs of the statements whose SQL matches each pattern (the repositories prepare their statements once,
 * on this connection, so the count is what the code asked of the database). `onRun` sees each run's arguments.
 */
export function countStatements<K extends string>(
  db: TempDb['db'],
  kinds: Record<K, RegExp>,
  onRun?: (kind: K, args: unknown[]) => void,
): Record<K, number> {
  const counts = Object.fromEntries(Object.keys(kinds).map((k) => [k, 0])) as Record<K, number>;
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    const stmt = prepare(source);
    const kind = (Object.keys(kinds) as K[]).find((k) => kinds[k].test(source));
    if (kind) {
      for (const method of ['all', 'get'] as const) {
        const real = (stmt[method] as (...a: unknown[]) => unknown).bind(stmt);
        (stmt as unknown as Record<string, unknown>)[method] = (...a: unknown[]) => {
          counts[kind]++;
          onRun?.(kind, a);
          return real(...a);
        };
      }
    }
    return stmt;
  }) as TempDb['db']['prepare'];
  return counts;
}

export interface PacedQueueEnv {
  t: TempDb;
  session: FakeWhatsAppSession;
  queue: SendQueue;
  stop(): Promise<void>;
}

/**
 * A send queue on a temp database with fake timers at `t0`, paced at `rate` a second (no jitter), on a fake
 * session. `beforeQueue` runs on the database before the queue prepares its statements (to count them).
 */
export function pacedSendQueue(o: { t0: number; rate: number; beforeQueue?: (t: TempDb) => void }): PacedQueueEnv {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(o.t0);
  const t = tempDb();
  o.beforeQueue?.(t);
  const session = createFakeWhatsAppSession();
  const queue = createSendQueue({
    db: t.db,
    session,
    ratePerSecond: () => o.rate,
    clock: systemClock,
    log: silentLogger(),
    random: () => 0.5,
  });
  return {
    t,
    session,
    queue,
    async stop() {
      await queue.stop();
      vi.useRealTimers();
      t.cleanup();
    },
  };
}
