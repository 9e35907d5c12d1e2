import { createRequire } from 'node:module';
import { join } from 'node:path';

/** What the logger needs of one output: it fails alone, and its end is bounded. */
export interface LogSink {
  readonly name: string;
  write(line: string): void;
  dead(): boolean;
  end(): Promise<void>;
}

/** The part of pino-roll's stream (a SonicBoom) used here. */
interface RollStream {
  write(data: string): boolean;
  flushSync(): void;
  end(): void;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  once(event: 'close', listener: () => void): unknown;
}
type RollFactory = (options: Record<string, unknown>) => Promise<RollStream>;

/** Lines kept while the file opens (a few ms at start); past this they are dropped rather than held. */
const OPENING_BUFFER_LINES = 10_000;
/** end() returns after this at the latest: a stuck disk cannot hold a shutdown. */
const END_TIMEOUT_MS = 2000;

/**
 * The rotating file log (daily or 10 MB, 7 files kept), written from this thread. pino-roll used to run in a pino
 * transport worker: a second V8 isolate that cost about 18 MB of RSS for lines the main thread had already
 * serialised (measured: worker +18 MB, in this thread +6 MB). SonicBoom writes asynchronously here as well (libuv's
 * thread pool), so a slow disk does not block the engine. pino-roll opens its file asynchronously; lines written
 * meanwhile wait in order. An error switches the file log off and reports once through `onFail`; nothing throws.
 */
export function openLogFile(dir: string, onFail: (name: string, error: unknown) => void): LogSink {
  const roll = createRequire(import.meta.url)('pino-roll') as RollFactory;
  let stream: RollStream | null = null;
  let failed = false;
  const pending: string[] = [];
  const fail = (e: unknown) => {
    if (failed) return;
    failed = true;
    pending.length = 0;
    onFail('file', e);
  };
  const write = (s: RollStream, line: string) => {
    try {
      s.write(line);
    } catch (e) {
      // SonicBoom throws once destroyed (its file gone after an error).
      fail(e);
    }
  };
  // process.exit() after a fatal error: the lines still buffered go out synchronously, as pino's worker did.
  const flushOnExit = () => {
    try {
      stream?.flushSync();
    } catch {
      // Not open yet, or its file is gone: nothing more can be done while exiting.
    }
  };
  process.on('exit', flushOnExit);
  const opening = roll({
    file: join(dir, 'jembatan'),
    extension: '.log',
    frequency: 'daily',
    size: '10m',
    limit: { count: 7 },
    mkdir: true,
  }).then(
    (s) => {
      s.on('error', fail);
      stream = s;
      for (const line of pending.splice(0)) if (!failed) write(s, line);
      return s;
    },
    (e: unknown) => {
      fail(e);
      return null;
    },
  );
  return {
    name: 'file',
    dead: () => failed,
    write(line) {
      if (failed) return;
      if (stream) write(stream, line);
      else if (pending.length < OPENING_BUFFER_LINES) pending.push(line);
    },
    end: () =>
      new Promise<void>((resolve) => {
        // Kept referenced: the process must not exit in the middle of the last lines (exit code 13, seen before).
        const timer = setTimeout(resolve, END_TIMEOUT_MS);
        const done = () => {
          clearTimeout(timer);
          process.off('exit', flushOnExit);
          resolve();
        };
        void opening.then((s) => {
          if (!s) return done();
          s.once('close', done);
          try {
            s.end();
          } catch {
            done();
          }
        });
      }),
  };
}
