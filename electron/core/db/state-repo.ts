import type { SettingsRepo } from './settings-repo';

/**
 * Small runtime state the owner controls (the tray's forwarding switch, the auto-reply switch), kept in the
 * settings table under `state.*` keys so it survives restarts without being a configuration setting.
 * The settings repository owns that table; this one only names the keys.
 */
export interface StateRepo {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown, now: number): void;
  delete(key: string): void;
}

export function createStateRepo(settings: SettingsRepo): StateRepo {
  return {
    get<T>(key: string) {
      return settings.read(`state.${key}`) as T | undefined;
    },
    set(key, value, now) {
      settings.write(`state.${key}`, value, now);
    },
    delete(key) {
      settings.erase(`state.${key}`);
    },
  };
}
