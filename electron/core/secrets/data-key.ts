import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../kernel/errors';
import type { SecretStore } from './secret-store';

/** Encrypts what must be secret at rest (the WhatsApp session keys) with AES-256-GCM. */
export interface DataCipher {
  encrypt(plain: Buffer | string): Buffer;
  decrypt(box: Buffer): Buffer;
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** box = version(1) | iv(12) | tag(16) | ciphertext */
export function createDataCipher(key: Buffer): DataCipher {
  if (key.length !== 32)
    throw new AppError('CONFIG_INVALID', 'data key must be 32 bytes (64 hex or 44 base64 characters)');
  return {
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([
        cipher.update(typeof plain === 'string' ? Buffer.from(plain, 'utf8') : plain),
        cipher.final(),
      ]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
    },
    decrypt(box) {
      if (box.length < 1 + IV_BYTES + TAG_BYTES || box[0] !== VERSION) {
        throw new AppError('DB_FAILED', 'encrypted value has an unknown format');
      }
      const iv = box.subarray(1, 1 + IV_BYTES);
      const tag = box.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(box.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
      } catch (e) {
        throw new AppError('DB_FAILED', 'encrypted value does not decrypt with this data key', { cause: e });
      }
    },
  };
}

/** Parse JEMBATAN_DATA_KEY: 64 hex characters or base64 (standard or URL-safe) of exactly 32 bytes. */
export function parseDataKey(text: string): Buffer {
  const t = text.trim();
  let key: Buffer | null = null;
  if (/^[0-9a-fA-F]{64}$/.test(t)) key = Buffer.from(t, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) key = Buffer.from(t, 'base64');
  if (!key || key.length !== 32) {
    // The value itself is a secret: say only how long it was.
    throw new AppError(
      'CONFIG_INVALID',
      `JEMBATAN_DATA_KEY: expected 32 bytes as 64 hex or 44 base64 characters, got ${t.length} characters`,
      { field: 'dataKey' },
    );
  }
  return key;
}

/**
 * The data key: from JEMBATAN_DATA_KEY when given, else from the keychain (created on first use).
 * Without either there is no key: callers must refuse to store secrets rather than fall back to plaintext.
 */
export async function loadDataKey(secrets: SecretStore | null, fromEnv: string | undefined): Promise<Buffer | null> {
  if (fromEnv) return parseDataKey(fromEnv);
  if (!secrets) return null;
  const saved = await secrets.get('data.key');
  if (saved) return parseDataKey(saved);
  const fresh = randomBytes(32);
  await secrets.set('data.key', fresh.toString('base64'));
  return fresh;
}
