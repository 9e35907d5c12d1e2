import type { Db } from '../db/open';

/** One change to a signal key: a sealed value to store, or null to delete it. */
export interface AuthKeyChange {
  type: string;
  id: string;
  value: Buffer | null;
}

/**
 * The one owner of wa_auth_creds and wa_auth_keys for a session. It stores sealed bytes only: encryption and
 * Baileys' shapes live in auth-store.ts.
 */
export interface AuthRepo {
  creds(): Buffer | undefined;
  saveCreds(value: Buffer, now: number): void;
  keys(type: string, ids: string[]): { id: string; value: Buffer }[];
  /** All changes in one transaction, committed before it returns. */
  applyKeys(changes: AuthKeyChange[]): void;
  clearKeys(): void;
  /** Keys and creds, in one transaction. */
  wipe(): void;
}

export function createAuthRepo(db: Db, sessionId: string): AuthRepo {
  const selectCreds = db.prepare<[string], { value: Buffer }>('SELECT value FROM wa_auth_creds WHERE session_id = ?');
  const upsertCreds = db.prepare<[string, Buffer, number]>(
    `INSERT INTO wa_auth_creds (session_id, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (session_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const selectKeys = db.prepare<[string, string, string], { id: string; value: Buffer }>(
    'SELECT id, value FROM wa_auth_keys WHERE session_id = ? AND type = ? AND id IN (SELECT value FROM json_each(?))',
  );
  const upsertKey = db.prepare<[string, string, string, Buffer]>(
    `INSERT INTO wa_auth_keys (session_id, type, id, value) VALUES (?, ?, ?, ?)
     ON CONFLICT (session_id, type, id) DO UPDATE SET value = excluded.value`,
  );
  const deleteKey = db.prepare<[string, string, string]>(
    'DELETE FROM wa_auth_keys WHERE session_id = ? AND type = ? AND id = ?',
  );
  const deleteAllKeys = db.prepare<[string]>('DELETE FROM wa_auth_keys WHERE session_id = ?');
  const deleteCreds = db.prepare<[string]>('DELETE FROM wa_auth_creds WHERE session_id = ?');

  const applyAll = db.transaction((changes: AuthKeyChange[]) => {
    for (const c of changes) {
      if (c.value === null) deleteKey.run(sessionId, c.type, c.id);
      else upsertKey.run(sessionId, c.type, c.id, c.value);
    }
  });
  const wipeAll = db.transaction(() => {
    deleteAllKeys.run(sessionId);
    deleteCreds.run(sessionId);
  });

  return {
    creds: () => selectCreds.get(sessionId)?.value,
    saveCreds: (value, now) => void upsertCreds.run(sessionId, value, now),
    keys: (type, ids) => selectKeys.all(sessionId, type, JSON.stringify(ids)),
    applyKeys: (changes) => applyAll(changes),
    clearKeys: () => void deleteAllKeys.run(sessionId),
    wipe: () => wipeAll(),
  };
}
