import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Electron's setLoginItemSettings covers Windows and macOS only; on Linux a login item is an XDG autostart
 * desktop entry (https://specifications.freedesktop.org/autostart-spec/latest/).
 */
export function autostartFile(env: Record<string, string | undefined>, home = homedir()): string {
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'autostart', 'jembatan.desktop');
}

const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

/**
 * One argument of an Exec key: quoted when it holds reserved characters, with `"`, `` ` ``, `$` and `\`
 * escaped inside the quotes; then the string-level escaping of the desktop entry spec doubles every
 * backslash again, and a literal % is written %% (field codes).
 */
export function execArg(arg: string): string {
  const quoted = RESERVED.test(arg) ? `"${arg.replace(/["`$\\]/g, '\\$&')}"` : arg;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

export function autostartEntry(options: {
  exec: string;
  args: readonly string[];
  name: string;
  comment: string;
}): string {
  const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${oneLine(options.name)}`,
    `Comment=${oneLine(options.comment)}`,
    `Exec=${[options.exec, ...options.args].map(execArg).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** The program a login should start: an AppImage runs from a new mount each time, so use its own path. */
export function autostartExec(env: Record<string, string | undefined>, execPath: string): string {
  return env.APPIMAGE || execPath;
}

export interface LinuxAutostart {
  isEnabled(): boolean;
  setEnabled(on: boolean, entry: string): void;
}

export function linuxAutostart(file: string): LinuxAutostart {
  return {
    isEnabled: () => existsSync(file),
    setEnabled(on, entry) {
      if (on) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, entry, { mode: 0o644 });
      } else {
        rmSync(file, { force: true });
      }
    },
  };
}
