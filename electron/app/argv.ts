import { DEFINITIONS, SECRET_DEFINITIONS } from '../core/config/schema';

/** Flags only the Electron shell understands; bootstrap never sees them. */
export const SHELL_FLAGS = { hidden: 'hidden' } as const;

export interface ShellArgs {
  /** What bootstrap() gets: only the app's own flags (and --otomax-* / --qontak-*, so a typo is reported). */
  bootArgs: string[];
  /** Start in the tray without showing the window (launched at login). */
  hidden: boolean;
}

/** Every flag name the app's config accepts (without the leading dashes). */
export function appFlagNames(): Set<string> {
  const names = new Set<string>();
  for (const def of Object.values(DEFINITIONS)) if (def.flag) names.add(def.flag);
  for (const def of Object.values(SECRET_DEFINITIONS)) names.add(def.flag);
  return names;
}

/**
 * The user's arguments: `electron . --port=1` (dev, process.defaultApp) carries the app path in argv[1],
 * a packaged `Jembatan.exe --port=1` does not.
 */
export function userArgs(argv: readonly string[], defaultApp: boolean): string[] {
  return argv.slice(defaultApp ? 2 : 1);
}

function flagName(arg: string): string | null {
  if (!arg.startsWith('--') || arg === '--') return null;
  const eq = arg.indexOf('=');
  return eq === -1 ? arg.slice(2) : arg.slice(2, eq);
}

function isOwnFlag(name: string, known: ReadonlySet<string>): boolean {
  return known.has(name) || name.startsWith('otomax-') || name.startsWith('qontak-');
}

/**
 * Split argv into what bootstrap validates and what the shell handles. Chromium and Electron switches
 * (--inspect=9229, --no-sandbox, --original-process-start-time=…), positional arguments and anything else
 * bootstrap would reject as unknown are dropped. A kept `--name value` keeps its value, the way
 * parseFlags in core/config/load.ts reads it.
 */
export function splitArgs(args: readonly string[], known: ReadonlySet<string> = appFlagNames()): ShellArgs {
  const bootArgs: string[] = [];
  let hidden = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const name = flagName(arg);
    if (name === null) continue;
    if (name === SHELL_FLAGS.hidden) {
      hidden = true;
      continue;
    }
    if (!isOwnFlag(name, known)) continue;
    bootArgs.push(arg);
    const next = args[i + 1];
    if (!arg.includes('=') && next !== undefined && !next.startsWith('--')) {
      bootArgs.push(next);
      i++;
    }
  }
  return { bootArgs, hidden };
}
