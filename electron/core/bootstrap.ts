import { join } from 'node:path';
import type { KeychainState } from '../../shared/dto';
import { type BootConfig, type Env, loadBootConfig } from './config/load';
import { lockDataFolder } from './db/folder-lock';
import { openDatabase, type Db } from './db/open';
import { createLogger, openRootLogger, type Logger } from './kernel/logger';
import { startMemoryReport } from './kernel/memory-report';
import { startMemoryTrim } from './kernel/memory-trim';
import { openKeychain } from './secrets/keytar-store';
import type { SecretStore } from './secrets/secret-store';

export interface Bootstrapped {
  boot: BootConfig;
  log: Logger;
  db: Db;
  databasePath: string;
  secrets: SecretStore | null;
  keychain: KeychainState;
  /** End the log transports (last thing on shutdown). */
  closeLog: () => Promise<void>;
  /** Free the data folder for the next start (after the database is closed). */
  releaseLock: () => void;
}

export interface BootstrapOptions {
  argv: readonly string[];
  env: Env;
  /** Pretty log lines on stdout (a terminal). */
  pretty?: boolean;
  /** Skip the keychain (tests); the app always tries it. */
  secrets?: SecretStore | null;
}

/**
 * Everything a host needs before the engine: validated flags and env (throws one clear line on a bad value),
 * the logger, the keychain (or a plain statement that there is none) and the migrated database.
 */
export async function bootstrap(options: BootstrapOptions): Promise<Bootstrapped> {
  const boot = loadBootConfig(options.argv, options.env);
  // Before the log files or the database: a second copy on this folder must touch nothing in it.
  const lock = lockDataFolder(boot.dataDir, process.versions.electron ? 'desktop app' : 'headless');
  try {
    return await open(options, boot, lock.release);
  } catch (e) {
    lock.release();
    throw e;
  }
}

async function open(options: BootstrapOptions, boot: BootConfig, releaseLock: () => void): Promise<Bootstrapped> {
  const level = (boot.overrides.debug ? 'debug' : boot.overrides.logLevel) ?? 'info';
  const root = openRootLogger({ level, logDir: join(boot.dataDir, 'logs'), pretty: options.pretty ?? false });
  const log = root.log;
  const stopMemoryReport = startMemoryReport(createLogger(log, 'memory'), options.env.JEMBATAN_DEBUG_MEMORY);
  // Gives back what a burst of messages grew once the engine is quiet again (docs/memory.md).
  const stopMemoryTrim = startMemoryTrim({ log: createLogger(log, 'memory') });
  const closeLog = async () => {
    stopMemoryTrim();
    stopMemoryReport();
    await root.close();
  };
  let secrets: SecretStore | null;
  let keychain: KeychainState;
  if (options.secrets !== undefined) {
    secrets = options.secrets;
    keychain = secrets ? { available: true } : { available: false, reason: 'keychain disabled' };
  } else {
    // A separate service name keeps test runs away from a real installation's secrets on the same machine.
    const probe = await openKeychain(options.env.JEMBATAN_KEYCHAIN_SERVICE || undefined);
    secrets = probe.available ? probe.store : null;
    keychain = probe.available ? { available: true } : { available: false, reason: probe.reason };
  }
  const boot_ = createLogger(log, 'boot');
  if (!keychain.available) {
    boot_.warn(
      { reason: keychain.reason },
      'OS keychain unavailable: secrets come only from environment variables and flags, and none can be saved',
    );
  }
  const databasePath = join(boot.dataDir, 'jembatan.db');
  let db: Db;
  try {
    db = openDatabase(databasePath);
  } catch (e) {
    await closeLog();
    throw e;
  }
  boot_.info({ dataDir: boot.dataDir, databasePath }, 'database open');
  return { boot, log, db, databasePath, secrets, keychain, closeLog, releaseLock };
}
