import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { initAuthCreds, proto, type SignalDataSet, type SignalDataTypeMap } from '@whiskeysockets/baileys';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteAuthState } from '../../../electron/core/whatsapp/auth-store';
import type { DataCipher } from '../../../electron/core/secrets/data-key';
import { tempDb, testCipher, type TempDb } from '../../fakes/wa-test-env';

const MARKER = 'PLAINTEXT-MARKER-7f3a9c';

function everyKeyType(): SignalDataSet {
  return {
    'pre-key': { '1': { public: Buffer.from('pre-public-1'), private: Buffer.from('pre-private-1') } },
    session: { '6281234567890.0': Buffer.from(`session-bytes-${MARKER}`) },
    'sender-key': { 'group@g.us::6281::0': Buffer.from('sender-key-bytes') },
    'sender-key-memory': { 'group@g.us': { '6281234567890:0@s.whatsapp.net': true } },
    'app-state-sync-key': {
      AAAAAQ: proto.Message.AppStateSyncKeyData.fromObject({
        keyData: Buffer.from('app-state-key-data'),
        fingerprint: { rawId: 7, currentIndex: 2, deviceIndexes: [0, 1] },
        timestamp: 1700000000,
      }),
    },
    'app-state-sync-version': {
      regular: { version: 12, hash: Buffer.alloc(128, 3), indexValueMap: { abc: { valueMac: Buffer.from('mac') } } },
    },
    'lid-mapping': { '6281234567890': `${MARKER}@lid`, '99887766_reverse': '6281234567890' },
    'device-list': { '6281234567890': ['0', '3'] },
    tctoken: { '6281234567890@s.whatsapp.net': { token: Buffer.from('tc-token'), timestamp: '1700000000' } },
    'identity-key': { '6281234567890.0': Buffer.from('identity-key-bytes') },
  };
}

const ids = (set: SignalDataSet, type: keyof SignalDataTypeMap) => Object.keys(set[type] ?? {});

describe('SQLite auth state', () => {
  let t: TempDb;
  afterEach(() => t?.cleanup());

  it('round-trips creds and every key type through the file, encrypted, across close and reopen', async () => {
    t = tempDb();
    const key = randomBytes(32);
    const first = createSqliteAuthState(t.db, 'default', testCipher(key));
    first.state.creds.me = { id: '6281111111111:5@s.whatsapp.net', name: MARKER };
    first.saveCreds();
    const data = everyKeyType();
    await first.state.keys.set(data);
    const savedCreds = first.state.creds;

    t.reopen();
    const wal = `${t.file}-wal`;
    const bytes = Buffer.concat([readFileSync(t.file), existsSync(wal) ? readFileSync(wal) : Buffer.alloc(0)]);
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.includes(Buffer.from(MARKER))).toBe(false);
    expect(bytes.includes(Buffer.from('session-bytes'))).toBe(false);
    expect(bytes.includes(Buffer.from(Buffer.from(`session-bytes-${MARKER}`).toString('base64')))).toBe(false);

    const again = createSqliteAuthState(t.db, 'default', testCipher(key));
    expect(again.isRegistered()).toBe(true);
    expect(again.state.creds.me).toEqual(savedCreds.me);
    expect(Buffer.from(again.state.creds.noiseKey.private)).toEqual(Buffer.from(savedCreds.noiseKey.private));
    expect(Buffer.from(again.state.creds.signedIdentityKey.public)).toEqual(
      Buffer.from(savedCreds.signedIdentityKey.public),
    );
    expect(again.state.creds.registrationId).toBe(savedCreds.registrationId);
    expect(again.state.creds.advSecretKey).toBe(savedCreds.advSecretKey);

    const types = Object.keys(data) as (keyof SignalDataTypeMap)[];
    expect(types).toHaveLength(10);
    for (const type of types) {
      const got = await again.state.keys.get(type, ids(data, type));
      expect(Object.keys(got).sort(), type).toEqual(ids(data, type).sort());
      if (type === 'app-state-sync-key') continue;
      expect(JSON.parse(JSON.stringify(got)), type).toEqual(JSON.parse(JSON.stringify(data[type])));
    }
    const appKey = (await again.state.keys.get('app-state-sync-key', ['AAAAAQ'])).AAAAAQ;
    expect(appKey).toBeInstanceOf(proto.Message.AppStateSyncKeyData);
    expect(Buffer.from(appKey?.keyData ?? [])).toEqual(Buffer.from('app-state-key-data'));
    expect(appKey?.fingerprint?.rawId).toBe(7);
    const version = (await again.state.keys.get('app-state-sync-version', ['regular'])).regular;
    expect(Buffer.isBuffer(version?.hash)).toBe(true);
  });

  it('deletes a key set to null and answers only the ids it has', async () => {
    t = tempDb();
    const auth = createSqliteAuthState(t.db, 'default', testCipher());
    await auth.state.keys.set({ session: { a: Buffer.from('A'), b: Buffer.from('B') } });
    await auth.state.keys.set({ session: { a: null } });
    const count = t.db.prepare("SELECT count(*) AS n FROM wa_auth_keys WHERE type = 'session'").get() as { n: number };
    expect(count.n).toBe(1);
    expect(Object.keys(await auth.state.keys.get('session', ['a', 'b', 'c']))).toEqual(['b']);
  });

  it('applies one keys.set as one transaction: a failure stores nothing of it', async () => {
    t = tempDb();
    const real = testCipher();
    const failing: DataCipher = {
      encrypt: (plain) => {
        if (String(plain).includes('FAIL-HERE')) throw new Error('disk full');
        return real.encrypt(plain);
      },
      decrypt: (box) => real.decrypt(box),
    };
    const auth = createSqliteAuthState(t.db, 'default', failing);
    await expect(
      auth.state.keys.set({ session: { ok: Buffer.from('fine') }, 'lid-mapping': { x: 'FAIL-HERE' } }),
    ).rejects.toThrow('disk full');
    const n = t.db.prepare('SELECT count(*) AS n FROM wa_auth_keys').get() as { n: number };
    expect(n.n).toBe(0);
  });

  it('keeps sessions apart and wipe removes only its own creds and keys', async () => {
    t = tempDb();
    const cipher = testCipher();
    const a = createSqliteAuthState(t.db, 'a', cipher);
    const b = createSqliteAuthState(t.db, 'b', cipher);
    a.saveCreds();
    b.saveCreds();
    await a.state.keys.set(everyKeyType());
    await b.state.keys.set({ session: { x: Buffer.from('b-session') } });
    const noiseBefore = Buffer.from(a.state.creds.noiseKey.private);

    await a.wipe();
    const rows = (table: string, id: string) =>
      (t.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE session_id = ?`).get(id) as { n: number }).n;
    expect(rows('wa_auth_keys', 'a')).toBe(0);
    expect(rows('wa_auth_creds', 'a')).toBe(0);
    expect(rows('wa_auth_keys', 'b')).toBe(1);
    expect(rows('wa_auth_creds', 'b')).toBe(1);
    expect(Buffer.from(a.state.creds.noiseKey.private)).not.toEqual(noiseBefore);
    expect(a.isRegistered()).toBe(false);
    // the cache is flushed too: nothing comes back from memory
    expect(await a.state.keys.get('session', ['6281234567890.0'])).toEqual({});
  });

  it('refuses creds saved under another data key', () => {
    t = tempDb();
    createSqliteAuthState(t.db, 'default', testCipher()).saveCreds();
    expect(() => createSqliteAuthState(t.db, 'default', testCipher())).toThrow(/data key/);
  });

  it('starts from fresh creds when nothing is saved', () => {
    t = tempDb();
    const auth = createSqliteAuthState(t.db, 'default', testCipher());
    expect(auth.isRegistered()).toBe(false);
    expect(Object.keys(auth.state.creds).sort()).toEqual(Object.keys(initAuthCreds()).sort());
  });
});
