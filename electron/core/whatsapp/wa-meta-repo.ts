import type { Clock } from '../kernel/clock';
import type { Db } from '../db/open';

/** Small per-session facts in wa_meta (the version that worked, the simulated pairing, ...). */
export interface WaMeta {
  get(key: string): string | null;
  set(key: string, value: string): void;
  delete(key: string): void;
}

export function createWaMeta(db: Db, sessionId: string, clock: Clock): WaMeta {
  const select = db.prepare<[string, string], { value: string }>(
    'SELECT value FROM wa_meta WHERE session_id = ? AND key = ?',
  );
  const upsert = db.prepare<[string, string, string, number]>(
    `INSERT INTO wa_meta (session_id, key, value, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (session_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[string, string]>('DELETE FROM wa_meta WHERE session_id = ? AND key = ?');
  return {
    get: (key) => select.get(sessionId, key)?.value ?? null,
    set: (key, value) => void upsert.run(sessionId, key, value, clock.now()),
    delete: (key) => void remove.run(sessionId, key),
  };
}
