import { z } from 'zod';
import type { KeychainState } from '../../../shared/dto';
import type { HandlerMap } from '../api/dispatch';
import { parseInput } from '../kernel/input';
import type { SettingsService } from './settings-service';

export interface AppCommandDeps {
  version: string;
  host: 'electron' | 'headless';
  dataDir: string;
  databasePath: string;
  keychain: KeychainState;
  settings: SettingsService;
  whatsappMode: () => 'baileys' | 'simulated';
  apiUrl: () => string;
}

/** What the app is and where it keeps its data; the settings and the local REST API key. */
export function appCommands(d: AppCommandDeps): HandlerMap {
  return {
    'app:info': async () => ({
      version: d.version,
      host: d.host,
      dataDir: d.dataDir,
      databasePath: d.databasePath,
      keychain: d.keychain,
      whatsappMode: d.whatsappMode(),
      apiUrl: d.apiUrl(),
    }),
    'settings:get': () => d.settings.view(),
    'settings:save': (patch) => d.settings.save(parseInput(z.record(z.string(), z.unknown()), patch)),
    'apikey:rotate': async () => ({ apiKey: await d.settings.rotateApiKey() }),
  };
}
