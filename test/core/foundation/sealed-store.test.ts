import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCallbackSecret } from '../../../electron/core/otomax/callback-secret';
import { openDatabase } from '../../../electron/core/db/open';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { callbackSecretStore, createSealedSecretStore } from '../../../electron/core/secrets/sealed-store';
import { createMemorySecretStore } from '../../../electron/core/secrets/memory-store';
import { createStateRepo } from '../../../electron/core/db/state-repo';
import { createSettingsRepo } from '../../../electron/core/db/settings-repo';
import { tempDir } from '../../helpers/tmp';

const KEY_A = 'ab'.repeat(32);
const KEY_B = Buffer.alloc(32, 7).toString('base64');

describe('callback secret sealed with JEMBATAN_DATA_KEY (no keychain)', () => {
  it('survives a restart, rotation included (with its grace); a changed key yields a new secret, never plaintext', async () => {
    const t = tempDir();
    const file = join(t.dir, 'j.db');
    let now = 1_000;
    const clock = { now: () => now };
    const open = (key: string) => {
      const db = openDatabase(file);
      const store = callbackSecretStore({
        secrets: null,
        dataKey: key,
        rows: createStateRepo(createSettingsRepo(db)),
        clock,
        log: silentLogger(),
      });
      return { db, secret: createCallbackSecret(store, clock, 60_000) };
    };
    let run = open(KEY_A);
    expect(run.secret.ephemeral()).toBe(false);
    const first = await run.secret.get();
    run.db.close();

    run = open(KEY_A);
    expect(await run.secret.get()).toBe(first);
    const rotated = await run.secret.rotate();
    expect(await run.secret.matches(first)).toBe(true);
    now += 60_000;
    expect(await run.secret.matches(first)).toBe(false);
    run.db.close();

    run = open(KEY_A);
    expect(await run.secret.get()).toBe(rotated);
    run.db.close();
    for (const f of ['j.db', 'j.db-wal']) {
      try {
        const bytes = readFileSync(join(t.dir, f));
        expect(bytes.includes(rotated)).toBe(false);
        expect(bytes.includes(first)).toBe(false);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }

    // Another data key cannot open it: a new secret (and the mismatch check tells the owner), not garbage.
    run = open(KEY_B);
    const other = await run.secret.get();
    expect(other).not.toBe(rotated);
    expect(other).toMatch(/^[\w-]{20,}$/);
    run.db.close();
    t.cleanup();
  });

  it('prefers the keychain; with neither keychain nor key there is no store (per-run secret)', () => {
    const db = openDatabase(':memory:');
    const rows = createStateRepo(createSettingsRepo(db));
    const keychain = createMemorySecretStore();
    const d = { rows, clock: { now: () => 1 }, log: silentLogger() };
    expect(callbackSecretStore({ ...d, secrets: keychain, dataKey: KEY_A })).toBe(keychain);
    expect(callbackSecretStore({ ...d, secrets: null, dataKey: undefined })).toBeNull();
    const sealed = createSealedSecretStore(rows, KEY_A, d.clock, d.log);
    expect(sealed).not.toBeNull();
    db.close();
  });
});
