import type { Db } from './open';

/**
 * Small runtime state the owner controls (the tray's forwarding switch, the auto-reply switch), kept in the
 * settings table under `state.*` keys so it survives restarts without being a configuration setting.
 */
export interface StateRepo {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown, now: number): void;
  delete(key: string): void;
}

export function createStateRepo(db: Db): StateRepo {
  const select = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const upsert = db.prepare<[string, string, number]>(
    'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  );
  const del = db.prepare<[string]>('DELETE FROM settings WHERE key = ?');
  return {
    get<T>(key: string) {
      const row = select.get(`state.${key}`);
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    set(key, value, now) {
      upsert.run(`state.${key}`, JSON.stringify(value), now);
    },
    delete(key) {
      del.run(`state.${key}`);
    },
  };
}
