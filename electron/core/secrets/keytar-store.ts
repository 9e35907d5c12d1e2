import { createRequire } from 'node:module';
import { AppError, errorMessage } from '../kernel/errors';
import type { SecretName, SecretStore } from './secret-store';

export const KEYCHAIN_SERVICE = 'Jembatan';

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export type KeychainProbe = { available: true; store: SecretStore } | { available: false; reason: string };

/**
 * Open the OS keychain through keytar and prove it works with a write/read/delete round trip.
 * keytar is a native module loaded lazily so that a machine without libsecret still starts (and says so).
 */
export async function openKeychain(service = KEYCHAIN_SERVICE): Promise<KeychainProbe> {
  let keytar: Keytar;
  try {
    const require = createRequire(import.meta.url);
    keytar = require('keytar') as Keytar;
  } catch (e) {
    return { available: false, reason: `keytar could not load: ${errorMessage(e)}` };
  }
  const store = createKeytarStore(keytar, service);
  try {
    const probe = `probe-${process.pid}-${Date.now()}`;
    await keytar.setPassword(service, '__probe__', probe);
    const back = await keytar.getPassword(service, '__probe__');
    await keytar.deletePassword(service, '__probe__');
    if (back !== probe) return { available: false, reason: 'keychain did not return what was written' };
  } catch (e) {
    return { available: false, reason: `keychain not usable: ${errorMessage(e)}` };
  }
  return { available: true, store };
}

export function createKeytarStore(keytar: Keytar, service = KEYCHAIN_SERVICE): SecretStore {
  const wrap = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw new AppError('KEYCHAIN_UNAVAILABLE', `keychain ${what} failed: ${errorMessage(e)}`, { cause: e });
    }
  };
  return {
    kind: 'keychain',
    get: (name: SecretName) => wrap('read', () => keytar.getPassword(service, name)),
    set: (name: SecretName, value: string) => wrap('write', () => keytar.setPassword(service, name, value)),
    delete: (name: SecretName) => wrap('delete', () => keytar.deletePassword(service, name)),
  };
}
