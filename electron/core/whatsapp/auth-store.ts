import {
  type AuthenticationCreds,
  type AuthenticationState,
  BufferJSON,
  type SignalDataSet,
  type SignalDataTypeMap,
  type SignalKeyStore,
  initAuthCreds,
  makeCacheableSignalKeyStore,
  proto,
} from '@whiskeysockets/baileys';
import type { Clock } from '../kernel/clock';
import { systemClock } from '../kernel/clock';
import type { Db } from '../db/open';
import type { Logger } from '../kernel/logger';
import type { DataCipher } from '../secrets/data-key';
import { createMemoryCache } from './memory-cache';

export interface SqliteAuthState {
  /** Hand this to the socket. `state.creds` is replaced by fresh creds on wipe(). */
  state: AuthenticationState;
  /** Persist the whole `state.creds` (call on every creds.update). Durable when it returns. */
  saveCreds(): void;
  /** Delete creds and every key of this session (logout, 401): the next socket pairs anew. */
  wipe(): Promise<void>;
  /** True once a phone has been linked (creds.registered or a known account). */
  isRegistered(): boolean;
  /**
   * True once linking finished: WhatsApp signed this device (creds.account, from pair-success) or confirmed
   * the pairing code (creds.registered). requestPairingCode alone sets creds.me but neither of these.
   */
  isLinked(): boolean;
  /**
   * Linking never finished but creds.me is set (a pairing code was asked for): Baileys would send a login
   * instead of a registration on the next connect, and linking could never succeed. Wipe them; true if it did.
   */
  clearUnlinked(): Promise<boolean>;
}

export interface SqliteAuthOptions {
  log?: Logger;
  clock?: Clock;
}

type KeyType = keyof SignalDataTypeMap;

function encode(cipher: DataCipher, value: unknown): Buffer {
  return cipher.encrypt(JSON.stringify(value, BufferJSON.replacer));
}

function decode(cipher: DataCipher, box: Buffer): unknown {
  return JSON.parse(cipher.decrypt(box).toString('utf8'), BufferJSON.reviver);
}

/**
 * The Baileys auth state kept in SQLite, never in loose files (Baileys' own useMultiFileAuthState is not for
 * production). Every value is encrypted with the data key. A `keys.set` is one transaction, committed before
 * it returns. Throws AppError DB_FAILED when the saved creds do not decrypt with this key.
 */
export function createSqliteAuthState(
  db: Db,
  sessionId: string,
  cipher: DataCipher,
  options: SqliteAuthOptions = {},
): SqliteAuthState {
  const clock = options.clock ?? systemClock;
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

  const applySet = db.transaction((data: SignalDataSet) => {
    for (const type of Object.keys(data) as KeyType[]) {
      const byId = data[type] ?? {};
      for (const [id, value] of Object.entries(byId)) {
        if (value === null || value === undefined) deleteKey.run(sessionId, type, id);
        else upsertKey.run(sessionId, type, id, encode(cipher, value));
      }
    }
  });
  const clearAll = db.transaction(() => {
    deleteAllKeys.run(sessionId);
    deleteCreds.run(sessionId);
  });

  const raw: SignalKeyStore = {
    get<T extends KeyType>(type: T, ids: string[]) {
      const out: { [id: string]: SignalDataTypeMap[T] } = {};
      if (!ids.length) return out;
      for (const row of selectKeys.all(sessionId, type, JSON.stringify(ids))) {
        let value = decode(cipher, row.value);
        if (type === 'app-state-sync-key' && value) {
          value = proto.Message.AppStateSyncKeyData.fromObject(value as Record<string, unknown>);
        }
        out[row.id] = value as SignalDataTypeMap[T];
      }
      return out;
    },
    set(data) {
      applySet(data);
    },
    clear() {
      deleteAllKeys.run(sessionId);
    },
  };

  const saved = selectCreds.get(sessionId);
  const creds = saved ? (decode(cipher, saved.value) as AuthenticationCreds) : initAuthCreds();
  // The cache lives as long as this auth state: one per session, not one per socket.
  const cache = createMemoryCache({ clock, ttlMs: 5 * 60_000, maxEntries: 20_000 });
  const state: AuthenticationState = { creds, keys: makeCacheableSignalKeyStore(raw, options.log, cache) };

  return {
    state,
    saveCreds() {
      upsertCreds.run(sessionId, encode(cipher, state.creds), clock.now());
    },
    async wipe() {
      await cache.flushAll();
      clearAll();
      state.creds = initAuthCreds();
    },
    isRegistered() {
      return Boolean(state.creds.registered || state.creds.me?.id);
    },
    isLinked() {
      return Boolean(state.creds.registered || state.creds.account);
    },
    async clearUnlinked() {
      if (this.isLinked() || !state.creds.me) return false;
      await this.wipe();
      return true;
    },
  };
}

/** Delete a session's auth rows without reading them (they may not decrypt with the current key). */
export function wipeSqliteAuthState(db: Db, sessionId: string): void {
  db.transaction(() => {
    db.prepare('DELETE FROM wa_auth_keys WHERE session_id = ?').run(sessionId);
    db.prepare('DELETE FROM wa_auth_creds WHERE session_id = ?').run(sessionId);
  })();
}

/**
 * The auth state a session starts from. Saved keys that no longer decrypt (the data key was replaced) are
 * useless: they are dropped and the session pairs again, rather than failing at every start.
 */
export function openSqliteAuthState(
  db: Db,
  sessionId: string,
  cipher: DataCipher,
  options: SqliteAuthOptions & { log: Logger },
): SqliteAuthState {
  try {
    return createSqliteAuthState(db, sessionId, cipher, options);
  } catch (err) {
    options.log.error({ err }, 'saved WhatsApp session is unreadable (data key changed?): pairing again');
    wipeSqliteAuthState(db, sessionId);
    return createSqliteAuthState(db, sessionId, cipher, options);
  }
}
