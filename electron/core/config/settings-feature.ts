import type { CoreContext } from '../engine-types';
import { appCommands, type AppCommandDeps } from './commands';

/**
 * The settings as the window sees them: every save is told to every window (settings:changed) and the log level
 * follows the debug switch at once; app:info, settings and API key commands.
 */
export function createSettingsFeature(ctx: CoreContext, d: Omit<AppCommandDeps, 'settings'>) {
  const { settings, events } = ctx;
  settings.onChange((s) => {
    ctx.log.level = s.debug ? 'debug' : s.logLevel;
    void settings.view().then((v) => events.emit('settings:changed', v));
  });
  return { commands: appCommands({ ...d, settings }) };
}
