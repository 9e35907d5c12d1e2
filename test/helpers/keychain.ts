import { openKeychain } from '../../electron/core/secrets/keytar-store';
import type { SecretStore } from '../../electron/core/secrets/secret-store';

/**
 * The real OS keychain for tests, under a test-only service name. With REQUIRE_KEYCHAIN=1 (CI) an unavailable
 * keychain is a failure; otherwise the caller skips with the reason.
 */
export async function testKeychain(service: string): Promise<{ store: SecretStore } | { reason: string }> {
  const probe = await openKeychain(service);
  if (probe.available) return { store: probe.store };
  if (process.env.REQUIRE_KEYCHAIN === '1')
    throw new Error(`REQUIRE_KEYCHAIN=1 but the keychain is unavailable: ${probe.reason}`);
  return { reason: probe.reason };
}
