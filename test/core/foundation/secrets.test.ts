import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSettingsService, ValidationError } from '../../../electron/core/config/settings-service';
import { loadBootConfig } from '../../../electron/core/config/load';
import { openDatabase } from '../../../electron/core/db/open';
import { createSettingsRepo } from '../../../electron/core/db/settings-repo';
import { createDataCipher, loadDataKey, parseDataKey } from '../../../electron/core/secrets/data-key';
import { createMemorySecretStore } from '../../../electron/core/secrets/memory-store';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { testKeychain } from '../../helpers/keychain';
import { tempDir } from '../../helpers/tmp';

describe('OS keychain (keytar, a real Secret Service)', () => {
  it('round-trips, overwrites and deletes a secret', async (ctx) => {
    const k = await testKeychain('JembatanTest');
    if ('reason' in k) return ctx.skip(`keychain unavailable: ${k.reason}`);
    const { store } = k;
    expect(store.kind).toBe('keychain');
    await store.set('otomax.appKey', 'first');
    await store.set('otomax.appKey', 'sëcond ✓');
    expect(await store.get('otomax.appKey')).toBe('sëcond ✓');
    expect(await store.delete('otomax.appKey')).toBe(true);
    expect(await store.get('otomax.appKey')).toBeNull();
  });

  it('creates the data key once and finds it again', async (ctx) => {
    const k = await testKeychain('JembatanTestDataKey');
    if ('reason' in k) return ctx.skip(`keychain unavailable: ${k.reason}`);
    await k.store.delete('data.key');
    const first = await loadDataKey(k.store, undefined);
    const second = await loadDataKey(k.store, undefined);
    expect(first?.length).toBe(32);
    expect(second?.equals(first as Buffer)).toBe(true);
    await k.store.delete('data.key');
  });
});

describe('data encryption', () => {
  const key = Buffer.alloc(32, 7);
  it('encrypts with AES-256-GCM and a fresh IV each time', () => {
    const c = createDataCipher(key);
    const a = c.encrypt('session keys');
    const b = c.encrypt('session keys');
    expect(a.equals(b)).toBe(false);
    expect(a.includes(Buffer.from('session keys'))).toBe(false);
    expect(c.decrypt(a).toString()).toBe('session keys');
  });
  it('refuses a tampered box or the wrong key', () => {
    const c = createDataCipher(key);
    const box = c.encrypt('x');
    box[box.length - 1] = (box[box.length - 1] as number) ^ 1;
    expect(() => c.decrypt(box)).toThrow(/does not decrypt/);
    expect(() => createDataCipher(Buffer.alloc(32, 8)).decrypt(c.encrypt('x'))).toThrow(/does not decrypt/);
  });
  it('takes JEMBATAN_DATA_KEY as hex or base64, and has no key without keychain or env (never plaintext)', async () => {
    expect(parseDataKey('ab'.repeat(32)).length).toBe(32);
    expect(parseDataKey(Buffer.alloc(32, 1).toString('base64')).length).toBe(32);
    expect(() => parseDataKey('short')).toThrow(/32 bytes/);
    expect(await loadDataKey(null, undefined)).toBeNull();
    expect((await loadDataKey(null, 'cd'.repeat(32)))?.toString('hex')).toBe('cd'.repeat(32));
  });
});

describe('settings service', () => {
  function setup(argv: string[] = [], env: Record<string, string> = {}, keychain = true) {
    const t = tempDir();
    const file = join(t.dir, 'j.db');
    const db = openDatabase(file);
    const secrets = keychain ? createMemorySecretStore() : null;
    const service = createSettingsService({
      boot: loadBootConfig(['--data-dir', t.dir, ...argv], env),
      repo: createSettingsRepo(db),
      secrets,
      clock: { now: () => 1 },
      log: silentLogger(),
    });
    return { service, db, file, secrets, cleanup: () => (db.close(), t.cleanup()) };
  }

  it('saves valid settings, writes secrets to the keychain only, shows them as saved', async () => {
    const s = setup();
    const view = await s.service.save({ retentionDays: 30, otomaxAppKey: 'super-secret-app-key' });
    expect(view.values.retentionDays).toBe(30);
    expect(view.secrets.hasOtomaxAppKey).toBe(true);
    expect(JSON.stringify(view)).not.toContain('super-secret-app-key');
    expect(await s.secrets?.get('otomax.appKey')).toBe('super-secret-app-key');
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(s.file).includes(Buffer.from('super-secret-app-key'))).toBe(false);
    s.cleanup();
  });

  it('reports every bad field and saves nothing', async () => {
    const s = setup();
    let error: unknown;
    try {
      await s.service.save({ retentionDays: 0, otomaxApiUrl: 'nope', otomaxAppKey: 'k' } as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fields).sort()).toEqual(['otomaxApiUrl', 'retentionDays']);
    expect((error as ValidationError).reasons).toEqual({ otomaxApiUrl: 'invalid', retentionDays: 'invalid' });
    expect(await s.secrets?.get('otomax.appKey')).toBeNull();
    expect(s.service.get().retentionDays).toBe(90);
    s.cleanup();
  });

  it('refuses to change what a flag or env var sets, and never saves env secrets', async () => {
    const s = setup(['--port=4000'], { OTOMAX_DEV_KEY: 'from-env' });
    await expect(s.service.save({ port: 5000 })).rejects.toThrow(/set by --port/);
    await expect(s.service.save({ port: 5000 })).rejects.toMatchObject({ reasons: { port: 'locked' } });
    await expect(s.service.save({ otomaxDevKey: 'x' })).rejects.toThrow(/set by OTOMAX_DEV_KEY/);
    expect(await s.service.secret('otomaxDevKey')).toBe('from-env');
    expect(await s.secrets?.get('otomax.devKey')).toBeNull();
    s.cleanup();
  });

  it('without a keychain: secrets cannot be saved, the API key lasts one run', async () => {
    const s = setup([], {}, false);
    await expect(s.service.save({ otomaxAppKey: 'k' })).rejects.toThrow(/keychain is unavailable/);
    const key = await s.service.apiKey();
    expect(key.length).toBeGreaterThan(20);
    expect(await s.service.apiKey()).toBe(key);
    s.cleanup();
  });

  it('a failed keychain read is an error, never a new API key; concurrent first calls agree', async () => {
    const s = setup();
    await s.secrets?.set('api.key', 'the-key-clients-hold');
    const broken = createSettingsService({
      boot: loadBootConfig([], {}),
      repo: createSettingsRepo(s.db),
      secrets: { ...createMemorySecretStore(), get: () => Promise.reject(new Error('keychain locked')) },
      clock: { now: () => 1 },
      log: silentLogger(),
    });
    await expect(broken.apiKey()).rejects.toThrow(/keychain locked/);
    expect(await s.secrets?.get('api.key')).toBe('the-key-clients-hold');
    const [a, b] = await Promise.all([s.service.apiKey(), s.service.apiKey()]);
    expect(a).toBe('the-key-clients-hold');
    expect(b).toBe(a);
    s.cleanup();
  });

  it('creates the API key once and rotates it', async () => {
    const s = setup();
    const a = await s.service.apiKey();
    expect(await s.service.apiKey()).toBe(a);
    const b = await s.service.rotateApiKey();
    expect(b).not.toBe(a);
    expect(await s.service.apiKey()).toBe(b);
    s.cleanup();
  });
});
