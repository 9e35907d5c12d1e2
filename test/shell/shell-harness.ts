import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SHELL_API_KEY = 'shell-test-api-key-0123456789';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const MAIN = join(ROOT, 'out', 'main', 'main.js');
const REGISTER = join(ROOT, 'test', 'shell', 'stand-in', 'register.mjs');

export interface Rec {
  seq: number;
  t: number;
  kind: string;
  [k: string]: unknown;
}

export type Command =
  | { cmd: 'ready' | 'second-instance' | 'tray-click' | 'quit' | 'session-end' }
  | { cmd: 'menu-click'; label: string }
  | { cmd: 'fetch-app'; url: string }
  | { cmd: 'ipc-send'; channel: string; args: unknown[]; frame?: 'main' | 'sub' };

export interface Shell {
  proc: ChildProcess;
  dataDir: string;
  send(c: Command): void;
  records(): Rec[];
  logLines(): Array<Record<string, unknown>>;
  stderr(): string;
  waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * The built main bundle under plain Node with the `electron` stand-in. stdout: 'closed' starts Node with
 * fd 1 closed (sh `1>&-`); 'broken' gives it a pipe nobody reads (every write fails with EPIPE, the way
 * writes to a GUI app's missing stdout fail with EBADF on Windows).
 */
export function startShell(o: {
  dir: string;
  /** HOME (and so the user-data folder) when not `dir`: a second start of the same install. */
  home?: string;
  stdout: 'closed' | 'broken';
  platform?: NodeJS.Platform;
  args?: string[];
  env?: Record<string, string>;
}): Shell {
  const dataDir = join(o.dir, 'data');
  const recordFile = join(o.dir, 'records.jsonl');
  const nodeArgs = [
    '--import',
    REGISTER,
    MAIN,
    `--data-dir=${dataDir}`,
    '--host=127.0.0.1',
    '--port=0',
    '--whatsapp=simulated',
    ...(o.args ?? []),
  ];
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: o.home ?? o.dir,
    STAND_IN_RECORD: recordFile,
    ...(o.platform ? { STAND_IN_PLATFORM: o.platform } : {}),
    JEMBATAN_KEYCHAIN_SERVICE: 'jembatan-shell-test',
    // A fixed REST key: the full /otomax/health answers only with it.
    JEMBATAN_API_KEY: SHELL_API_KEY,
    ...o.env,
  };
  const proc =
    o.stdout === 'closed'
      ? spawn('/bin/sh', ['-c', 'exec "$0" "$@" 1>&-', process.execPath, ...nodeArgs], {
          cwd: ROOT,
          env,
          stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        })
      : spawn(process.execPath, nodeArgs, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  proc.stdout?.destroy();
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    proc.once('exit', (code, signal) => res({ code, signal })),
  );
  const readLines = (file: string) =>
    existsSync(file)
      ? readFileSync(file, 'utf8')
          .split('\n')
          .filter((l) => l.trim())
          .map((l) => JSON.parse(l) as Record<string, unknown>)
      : [];
  const logDir = join(dataDir, 'logs');
  const shell: Shell = {
    proc,
    dataDir,
    send: (c) => proc.send(c),
    records: () => readLines(recordFile) as Rec[],
    logLines: () =>
      existsSync(logDir)
        ? readdirSync(logDir)
            .filter((f) => f.endsWith('.log'))
            .sort()
            .flatMap((f) => readLines(join(logDir, f)))
        : [],
    stderr: () => err,
    async waitFor(what, probe, timeoutMs = 20_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const v = probe();
        if (v) return v;
        if (proc.exitCode !== null || proc.signalCode !== null)
          throw new Error(`shell exited while waiting for ${what}:\n${err}\n${JSON.stringify(shell.records())}`);
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}:\n${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    exited,
  };
  return shell;
}

export const find = (records: Rec[], kind: string, pred: (r: Rec) => boolean = () => true) =>
  records.find((r) => r.kind === kind && pred(r));
