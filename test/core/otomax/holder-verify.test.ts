import { afterEach, describe, expect, it } from 'vitest';
import { loadBootConfig } from '../../../electron/core/config/load';
import { createSettingsService } from '../../../electron/core/config/settings-service';
import { openDatabase, type Db } from '../../../electron/core/db/open';
import { createSettingsRepo } from '../../../electron/core/db/settings-repo';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { createOtomaxHolder } from '../../../electron/core/otomax/holder';
import { otomaxToken } from '../../../electron/core/otomax/token';
import { createMemorySecretStore } from '../../../electron/core/secrets/memory-store';
import type { SecretName } from '../../../electron/core/secrets/secret-store';
import { tempDir } from '../../helpers/tmp';

/**
 * Issue 15: the token of every OtomaX callback was checked with the app and dev keys read from the keychain again,
 * two keychain calls per callback (a D-Bus or Credential Manager round trip in a shop, where the keys are saved
 * from the window). The keys are read when the client is built (start, settings saved) and kept with it.
 */
describe('OtomaX holder: callback token check', () => {
  let db: Db | null = null;
  let cleanup: (() => void) | null = null;
  afterEach(() => {
    db?.close();
    cleanup?.();
  });

  it('checks tokens with the keys read when the client was built, not a keychain read per callback', async () => {
    const t = tempDir('jembatan-holder-');
    cleanup = t.cleanup;
    db = openDatabase(`${t.dir}/j.db`);
    const store = createMemorySecretStore();
    let reads = 0;
    const secrets = {
      ...store,
      get: (name: SecretName) => {
        reads++;
        return store.get(name);
      },
    };
    const settings = createSettingsService({
      boot: loadBootConfig(['--data-dir', t.dir], {}),
      repo: createSettingsRepo(db),
      secrets,
      clock: { now: () => 1 },
      log: silentLogger(),
    });
    await settings.save({
      otomaxApiUrl: 'http://127.0.0.1:1/',
      otomaxAppId: 'APP1',
      otomaxAppKey: 'app-key-1',
      otomaxDevKey: 'dev-key-1',
    });
    const holder = createOtomaxHolder({ settings, clock: { now: () => 1 }, log: silentLogger() });
    try {
      await holder.refresh();
      const creds = { appId: 'APP1', appKey: 'app-key-1', devKey: 'dev-key-1' };
      const before = reads;
      for (let i = 0; i < 50; i++) {
        const body = Buffer.from(JSON.stringify({ kode: i, pesan: `ok ${i}` }));
        expect(await holder.verify(otomaxToken(creds, body), body)).toBe(true);
        expect(await holder.verify(otomaxToken({ ...creds, devKey: 'wrong' }, body), body)).toBe(false);
      }
      expect(reads - before).toBe(0);

      // New keys saved: the client is rebuilt and the new keys are the ones that verify.
      await settings.save({ otomaxAppKey: 'app-key-2' });
      await holder.refresh();
      const body = Buffer.from('{"kode":1}');
      expect(await holder.verify(otomaxToken(creds, body), body)).toBe(false);
      expect(await holder.verify(otomaxToken({ ...creds, appKey: 'app-key-2' }, body), body)).toBe(true);

      // Keys removed: nothing verifies.
      await settings.save({ otomaxDevKey: '' });
      await holder.refresh();
      expect(await holder.verify(otomaxToken({ ...creds, appKey: 'app-key-2' }, body), body)).toBe(false);
    } finally {
      await holder.close();
    }
  });
});
