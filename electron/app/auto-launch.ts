import { app } from 'electron';
import type { Logger } from '../core/kernel/logger';
import { SHELL_FLAGS } from './argv';
import { autostartEntry, autostartExec, autostartFile, linuxAutostart } from './autostart-linux';

export interface AutoLaunch {
  /** Only an installed app registers itself: a dev build would register the bare Electron binary. */
  supported: boolean;
  isEnabled(): boolean;
  setEnabled(on: boolean): void;
  /** macOS says so itself; Windows and Linux start us with --hidden. */
  openedAtLogin(): boolean;
}

const LOGIN_ARGS = [`--${SHELL_FLAGS.hidden}`];

export function setupAutoLaunch(deps: {
  platform: NodeJS.Platform;
  packaged: boolean;
  env: NodeJS.ProcessEnv;
  log: Logger;
}): AutoLaunch {
  const { platform, packaged, log } = deps;
  if (platform === 'linux') {
    const store = linuxAutostart(autostartFile(deps.env));
    return {
      supported: packaged,
      isEnabled: () => packaged && store.isEnabled(),
      setEnabled(on) {
        if (!packaged) return;
        const entry = autostartEntry({
          exec: autostartExec(deps.env, process.execPath),
          args: LOGIN_ARGS,
          name: 'Jembatan',
          comment: 'WhatsApp center for OtomaX',
        });
        store.setEnabled(on, entry);
        log.info({ on }, 'start at login changed');
      },
      openedAtLogin: () => false,
    };
  }
  if (platform === 'win32' || platform === 'darwin') {
    // Windows compares the registered args, so reading and writing pass the same ones.
    const args = platform === 'win32' ? { args: LOGIN_ARGS } : {};
    return {
      supported: packaged,
      isEnabled: () => packaged && app.getLoginItemSettings(args).openAtLogin,
      setEnabled(on) {
        if (!packaged) return;
        app.setLoginItemSettings({ openAtLogin: on, ...args });
        log.info({ on }, 'start at login changed');
      },
      openedAtLogin: () => platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin,
    };
  }
  return { supported: false, isEnabled: () => false, setEnabled: () => undefined, openedAtLogin: () => false };
}
