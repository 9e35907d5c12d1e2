import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { AppError, errorMessage } from '../kernel/errors';

export type Db = Database.Database;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The migrations folder: next to this file in source (tsx, vitest), copied next to the bundle by
 * electron.vite.config.ts in the built app.
 */
export function defaultMigrationsDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), 'migrations');
}

export function loadMigrations(dir = defaultMigrationsDir()): Migration[] {
  const files = readdirSync(dir)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort();
  const migrations = files.map((f) => ({
    version: Number(f.slice(0, 3)),
    name: f,
    sql: readFileSync(join(dir, f), 'utf8'),
  }));
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name}: expected number ${String(i + 1).padStart(3, '0')}`);
  });
  return migrations;
}

export interface OpenOptions {
  /**
   * FULL (the default) syncs the WAL at every commit: a commit that returned survives a power cut. NORMAL syncs
   * only at checkpoints, so a power cut can roll back the last commits, the marks that guard money and duplicates
   * among them; it is here for the durability benchmark (test/bench/durability.ts). docs/durability.md.
   */
  synchronous?: 'FULL' | 'NORMAL';
}

/** Open (creating) the database: WAL, foreign keys, busy timeout, synchronous FULL, then migrate. */
export function openDatabase(file: string, migrations: Migration[] = loadMigrations(), opts: OpenOptions = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  let db: Db;
  try {
    db = new Database(file);
  } catch (e) {
    throw new AppError('DB_FAILED', `cannot open database ${file}: ${errorMessage(e)}`, { cause: e });
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Per connection (better-sqlite3 has one per Db). FULL costs about what syncing only the guarding commits
    // costs (measured: docs/durability.md), and also keeps the log rows and the WhatsApp keys through a power cut.
    db.pragma(opts.synchronous === 'NORMAL' ? 'synchronous = NORMAL' : 'synchronous = FULL');
    // Each group commit item is a savepoint; its statement journal goes to memory, not a temp file (issue 15).
    db.pragma('temp_store = MEMORY');
    migrate(db, migrations);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/** Apply pending migrations in one transaction; refuse a database written by a newer Jembatan. */
export function migrate(db: Db, migrations: Migration[]): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length ? (migrations[migrations.length - 1] as Migration).version : 0;
  if (current > latest) {
    throw new AppError(
      'DB_TOO_NEW',
      `database schema version ${current} is newer than this Jembatan understands (${latest}); install the newer Jembatan or use another --data-dir`,
    );
  }
  const pending = migrations.filter((m) => m.version > current);
  if (!pending.length) return current;
  db.transaction(() => {
    for (const m of pending) db.exec(m.sql);
    db.pragma(`user_version = ${latest}`);
  })();
  return latest;
}

/** The schema version the database is at (the number of migrations applied): shown in the health report. */
export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}
