import type { SettingKey } from '../../../shared/settings';
import type { Db } from './open';

export interface SettingsRepo {
  all(): Partial<Record<SettingKey, unknown>>;
  save(values: Partial<Record<SettingKey, unknown>>, now: number): void;
  remove(keys: SettingKey[]): void;
  /** One row by its raw key (e.g. `state.forwarding`), parsed; undefined when absent. */
  read(key: string): unknown;
  /** Upserts one row by its raw key. */
  write(key: string, value: unknown, now: number): void;
  /** Deletes one row by its raw key. */
  erase(key: string): void;
}

/**
 * The one owner of the `settings` table: configuration under the setting keys, and the small runtime state
 * (state-repo) under `state.*` keys, which asks this repository rather than writing the table itself.
 */
export function createSettingsRepo(db: Db): SettingsRepo {
  const selectOne = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const selectAll = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings');
  const upsert = db.prepare<[string, string, number]>(
    'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  );
  const del = db.prepare<[string]>('DELETE FROM settings WHERE key = ?');
  const saveAll = db.transaction((entries: [string, unknown][], now: number) => {
    for (const [k, v] of entries) upsert.run(k, JSON.stringify(v), now);
  });
  return {
    all() {
      const out: Record<string, unknown> = {};
      for (const row of selectAll.all()) {
        try {
          out[row.key] = JSON.parse(row.value) as unknown;
        } catch {
          // A corrupt value falls back to the default (resolveSettings ignores absent keys).
        }
      }
      return out as Partial<Record<SettingKey, unknown>>;
    },
    save(values, now) {
      saveAll(Object.entries(values), now);
    },
    remove(keys) {
      db.transaction(() => keys.forEach((k) => del.run(k)))();
    },
    read(key) {
      const row = selectOne.get(key);
      return row ? (JSON.parse(row.value) as unknown) : undefined;
    },
    write(key, value, now) {
      upsert.run(key, JSON.stringify(value), now);
    },
    erase(key) {
      del.run(key);
    },
  };
}
