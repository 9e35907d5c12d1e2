import type { Logger } from '../kernel/logger';
import { createDataCipher, parseDataKey } from './data-key';
import type { SecretName, SecretStore } from './secret-store';

/** Where sealed values live: the state rows of the settings table (see state-repo.ts). */
export interface SealedRows {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown, now: number): void;
  delete(key: string): void;
}

/**
 * A SecretStore for a PC without a keychain but with JEMBATAN_DATA_KEY: each value is sealed with the data key
 * (AES-256-GCM) and kept in the database, so it lasts across restarts and the database alone does not reveal it.
 * A value sealed under another key reads as missing (and is replaced when set), never as plaintext.
 */
export function createSealedSecretStore(
  rows: SealedRows,
  dataKey: string,
  clock: { now(): number },
  log: Logger,
): SecretStore {
  const cipher = createDataCipher(parseDataKey(dataKey));
  const key = (name: SecretName) => `sealed.${name}`;
  return {
    kind: 'memory',
    get(name) {
      const box = rows.get<string>(key(name));
      if (typeof box !== 'string') return Promise.resolve(null);
      try {
        return Promise.resolve(cipher.decrypt(Buffer.from(box, 'base64')).toString('utf8'));
      } catch {
        log.warn({ name }, 'a sealed secret does not open with this JEMBATAN_DATA_KEY (was the key changed?)');
        return Promise.resolve(null);
      }
    },
    set(name, value) {
      rows.set(key(name), cipher.encrypt(value).toString('base64'), clock.now());
      return Promise.resolve();
    },
    delete(name) {
      const had = rows.get(key(name)) !== undefined;
      rows.delete(key(name));
      return Promise.resolve(had);
    },
  };
}

/**
 * Where the callback secret is kept, so OtomaX's callback URL stays valid across restarts: the keychain when there
 * is one, else sealed with JEMBATAN_DATA_KEY in the database; with neither, nowhere (it lasts one run).
 */
export function callbackSecretStore(d: {
  secrets: SecretStore | null;
  dataKey: string | undefined;
  rows: SealedRows;
  clock: { now(): number };
  log: Logger;
}): SecretStore | null {
  if (d.secrets) return d.secrets;
  if (d.dataKey) return createSealedSecretStore(d.rows, d.dataKey, d.clock, d.log);
  return null;
}
