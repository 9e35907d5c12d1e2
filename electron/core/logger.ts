import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger as PinoLogger } from 'pino';

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
  /** Raw destination (tests). */
  destination?: pino.DestinationStream;
}

/** The root logger and how to close it: its file and terminal transports run in a worker thread. */
export interface RootLogger {
  log: Logger;
  /** Flush and end the transports (the worker exits); bounded, so a stuck worker cannot hold a shutdown. */
  close(): Promise<void>;
}

export function openRootLogger(options: LoggerOptions = {}): RootLogger {
  const base = {
    level: options.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { app: 'jembatan' },
  } satisfies pino.LoggerOptions;
  if (options.destination) return { log: pino(base, options.destination), close: () => Promise.resolve() };
  const targets: pino.TransportTargetOptions[] = [];
  if (options.logDir) {
    mkdirSync(options.logDir, { recursive: true });
    targets.push({
      target: 'pino-roll',
      level: base.level,
      options: {
        file: join(options.logDir, 'jembatan'),
        extension: '.log',
        frequency: 'daily',
        size: '10m',
        limit: { count: 7 },
        mkdir: true,
      },
    });
  }
  if (options.pretty) {
    targets.push({
      target: 'pino-pretty',
      level: base.level,
      options: { colorize: true, translateTime: 'SYS:HH:MM:ss' },
    });
  } else {
    targets.push({ target: 'pino/file', level: base.level, options: { destination: 1 } });
  }
  const transport = pino.transport({ targets });
  return {
    log: pino(base, transport),
    close: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2000);
        transport.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        transport.end();
      }),
  };
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
