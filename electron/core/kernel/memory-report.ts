import { getHeapSpaceStatistics } from 'node:v8';
import { z } from 'zod';
import type { Logger } from './logger';

/** JEMBATAN_DEBUG_MEMORY: seconds between two reports, 1 to 3600. */
const Seconds = z.coerce.number().int().min(1).max(3600);

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

/**
 * JEMBATAN_DEBUG_MEMORY=<seconds> (a debugging aid, off when unset): an info line "memory" at start and then every
 * that many seconds with process.memoryUsage() and the size of each V8 heap space, in MB. It shows from inside
 * either host (the desktop app's main process included) where the RSS is: the V8 heap (young and old generation),
 * memory outside it, buffers. docs/memory.md. Returns the function that stops it.
 */
export function startMemoryReport(log: Logger, value: string | undefined): () => void {
  if (value === undefined || value === '') return () => undefined;
  const seconds = Seconds.safeParse(value);
  if (!seconds.success) {
    log.warn({ value }, 'JEMBATAN_DEBUG_MEMORY must be a number of seconds from 1 to 3600: memory report off');
    return () => undefined;
  }
  const report = () => {
    const m = process.memoryUsage();
    const stats = getHeapSpaceStatistics().filter((s) => s.space_size > 0);
    const spaces = Object.fromEntries(stats.map((s) => [s.space_name, mb(s.space_size)]));
    const spacesUsed = Object.fromEntries(stats.map((s) => [s.space_name, mb(s.space_used_size)]));
    log.info(
      {
        rssMb: mb(m.rss),
        heapTotalMb: mb(m.heapTotal),
        heapUsedMb: mb(m.heapUsed),
        externalMb: mb(m.external),
        arrayBuffersMb: mb(m.arrayBuffers),
        spaces,
        spacesUsed,
      },
      'memory',
    );
  };
  report();
  const timer = setInterval(report, seconds.data * 1000);
  // A debugging aid never keeps the process alive.
  timer.unref();
  return () => clearInterval(timer);
}
