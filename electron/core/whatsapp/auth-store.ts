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
import { type AuthKeyChange, createAuthRepo } from './auth-repo';
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
  const repo = createAuthRepo(db, sessionId);
  const applySet = (data: SignalDataSet) => {
    const changes: AuthKeyChange[] = [];
    for (const type of Object.keys(data) as KeyType[]) {
      const byId = data[type] ?? {};
      for (const [id, value] of Object.entries(byId)) {
        changes.push({ type, id, value: value === null || value === undefined ? null : encode(cipher, value) });
      }
    }
    repo.applyKeys(changes);
  };

  const raw: SignalKeyStore = {
    get<T extends KeyType>(type: T, ids: string[]) {
      const out: { [id: string]: SignalDataTypeMap[T] } = {};
      if (!ids.length) return out;
      for (const row of repo.keys(type, ids)) {
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
      repo.clearKeys();
    },
  };

  const saved = repo.creds();
  const creds = saved ? (decode(cipher, saved) as AuthenticationCreds) : initAuthCreds();
  // The cache lives as long as this auth state: one per session, not one per socket.
  const cache = createMemoryCache({ clock, ttlMs: 5 * 60_000, maxEntries: 20_000 });
  const state: AuthenticationState = { creds, keys: makeCacheableSignalKeyStore(raw, options.log, cache) };

  return {
    state,
    saveCreds() {
      repo.saveCreds(encode(cipher, state.creds), clock.now());
    },
    async wipe() {
      await cache.flushAll();
      repo.wipe();
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
  createAuthRepo(db, sessionId).wipe();
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
