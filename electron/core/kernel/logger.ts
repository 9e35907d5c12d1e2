import { Buffer } from 'node:buffer';
import { fstatSync, mkdirSync, writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import pino, { type Logger as PinoLogger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { openLogFile, type LogSink } from './log-file';

export type Logger = PinoLogger;

/** Field names whose values never reach a log line, at any depth we know of. */
const SECRET_FIELDS = [
  'appKey',
  'devKey',
  'apiKey',
  'token',
  'secret',
  'clientSecret',
  'client_secret',
  'dataKey',
  'password',
  'authorization',
  'Authorization',
  'cookie',
];
export const REDACT_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((f) => `*.${f}`),
  ...SECRET_FIELDS.map((f) => `*.*.${f}`),
  'req.headers.authorization',
  'req.headers.token',
  'headers.authorization',
  'headers.token',
];

/** Strip secrets from a URL before it is logged or shown: token query values and /callback/<secret> paths. */
export function redactUrl(url: string): string {
  return url
    .replace(/([?&](?:token|key|secret)=)[^&#\s]*/gi, '$1[redacted]')
    .replace(/(\/callback\/)[^/?#\s]+/g, '$1[redacted]');
}

export interface LoggerOptions {
  level?: string;
  /** Write a rotating log file in this folder (daily or 10 MB, 7 files kept). */
  logDir?: string;
  /** Pretty, coloured lines on stdout (a terminal). */
  pretty?: boolean;
  /**
   * Also write to stdout: 'auto' (the default) only when the process has one. A GUI app started from a
   * shortcut on Windows has none, and writing to it fails with EBADF (pino #1868, sonic-boom #172).
   */
  stdout?: boolean | 'auto';
  /** The descriptor behind "stdout" (1; tests name one that is not open). */
  stdoutFd?: number;
  /** Raw destination (tests). */
  destination?: pino.DestinationStream;
}

/** The root logger and how to close it (the file log writes asynchronously: close() waits for its last lines). */
export interface RootLogger {
  log: Logger;
  /**
   * Flush and end the outputs; bounded, so a stuck disk cannot hold a shutdown.
   * A line logged after this is dropped (never thrown) and reported once as a process warning.
   */
  close(): Promise<void>;
}

/** The code of the process warning emitted when something logs after the log was closed. */
export const LOG_AFTER_CLOSE = 'JEMBATAN_LOG_AFTER_CLOSE';

/** Whether file descriptor `fd` is open. Node reopens a closed 0-2 on /dev/null on POSIX; Windows does not. */
export function hasStdout(fd = 1, stat: (fd: number) => unknown = fstatSync): boolean {
  try {
    stat(fd);
    return true;
  } catch {
    return false;
  }
}

interface Sink {
  write(line: string): void;
}

/**
 * stdout is written in this thread, synchronously, never through a transport worker: a worker whose stdout
 * fails dies with lines still buffered, and thread-stream then throws from its own timer (an uncaught
 * RangeError, seen when quitting while starting with a broken stdout) where no guard can catch it.
 * A full pipe (EAGAIN) drops the line; any other failure switches stdout off.
 */
function stdoutSink(fd: number, pretty: boolean, onFail: (name: string, error: unknown) => void): LogSink {
  let failed = false;
  const format = pretty ? prettyFactory({ colorize: isatty(fd), translateTime: 'SYS:HH:MM:ss' }) : null;
  return {
    name: 'stdout',
    dead: () => failed,
    write(line) {
      if (failed) return;
      try {
        let bytes = Buffer.from(format ? format(JSON.parse(line) as object) : line);
        while (bytes.length > 0) bytes = bytes.subarray(writeSync(fd, bytes));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return;
        failed = true;
        onFail('stdout', e);
      }
    },
    end: () => Promise.resolve(),
  };
}

export function openRootLogger(options: LoggerOptions = {}): RootLogger {
  const base = {
    level: options.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { app: 'jembatan' },
  } satisfies pino.LoggerOptions;
  if (options.destination) return { log: pino(base, options.destination), close: () => Promise.resolve() };

  // The file log and stdout fail apart: a terminal that goes away cannot take the file log down with it.
  // Levels are filtered by the logger itself (the engine changes its level at run time).
  const sinks: LogSink[] = [];
  let log: Logger | null = null;
  const onFail = (name: string, error: unknown) => {
    const survivor = sinks.find((s) => s.name !== name && !s.dead());
    if (!survivor || !log) return;
    const line = { level: 40, time: Date.now(), app: 'jembatan', scope: 'log', sink: name, err: errorText(error) };
    survivor.write(`${JSON.stringify({ ...line, msg: `log output ${name} failed; it is switched off` })}\n`);
  };
  if (options.logDir) {
    mkdirSync(options.logDir, { recursive: true });
    sinks.push(openLogFile(options.logDir, onFail));
  }
  const stdout = options.stdout ?? 'auto';
  const fd = options.stdoutFd ?? 1;
  if (stdout === true || (stdout === 'auto' && hasStdout(fd)))
    sinks.push(stdoutSink(fd, options.pretty ?? false, onFail));

  let closed = false;
  let warned = false;
  const fanOut: Sink = {
    write(line) {
      if (closed) {
        if (!warned) {
          warned = true;
          process.emitWarning(`a log line was written after the log closed: ${line.slice(0, 300)}`, {
            code: LOG_AFTER_CLOSE,
          });
        }
        return;
      }
      for (const sink of sinks) sink.write(line);
    },
  };
  log = pino(base, fanOut);
  return {
    log,
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all(sinks.map((s) => s.end()));
    },
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export function createRootLogger(options: LoggerOptions = {}): Logger {
  return openRootLogger(options).log;
}

/** A logger that writes nothing (tests that do not look at logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** The one way code gets a logger: a child of the root, named by its scope. */
export function createLogger(root: Logger, scope: string): Logger {
  return root.child({ scope });
}
