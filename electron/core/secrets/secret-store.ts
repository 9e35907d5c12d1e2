/** The OS keychain as a port. Values are strings; a missing entry is null. */
export interface SecretStore {
  /** 'keychain' for the real one, 'memory' for tests and for "no keychain" mode. */
  readonly kind: 'keychain' | 'memory';
  get(name: SecretName): Promise<string | null>;
  set(name: SecretName, value: string): Promise<void>;
  delete(name: SecretName): Promise<boolean>;
}

/** Every secret the app keeps. Account names in the keychain under service "Jembatan". */
export const SECRET_NAMES = [
  'otomax.appKey',
  'otomax.devKey',
  'api.key',
  'callback.secret',
  'data.key',
  'qontak.clientSecret',
] as const;
export type SecretName = (typeof SECRET_NAMES)[number];
