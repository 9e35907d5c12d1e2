import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  otomaxKey1,
  otomaxSignature,
  otomaxSigner,
  otomaxToken,
  otomaxTokenMetadata,
  verifyOtomaxToken,
} from '../../../electron/core/otomax/token';
import { mustReject, SPEC_CREDS, SPEC_KEY1, SPEC_METADATA, VECTORS } from './vectors';

type Creds = typeof SPEC_CREDS;
const lookupFor = (c: Creds) => (id: string) => (id === c.appId ? { appKey: c.appKey, devKey: c.devKey } : undefined);

/** The wrong construction: HMAC keyed with key1's 32 decoded bytes instead of its text. */
function sigWithRawKey(c: Creds, body: string): string {
  const raw = Buffer.from(otomaxKey1(c), 'base64');
  return createHmac('sha256', raw).update(body).digest('base64url');
}

describe('otomaxToken: the protocol doc vectors', () => {
  it('metadata and key1', () => {
    expect(otomaxTokenMetadata('APPID123')).toBe(SPEC_METADATA);
    expect(otomaxKey1(SPEC_CREDS)).toBe(SPEC_KEY1);
    expect(otomaxKey1(SPEC_CREDS)).toHaveLength(44);
  });

  for (const v of VECTORS) {
    it(`${v.name}: string and Buffer bodies give the vector`, () => {
      expect(otomaxToken(v.creds, v.body)).toBe(v.token);
      expect(otomaxToken(v.creds, Buffer.from(v.body, 'utf8'))).toBe(v.token);
      expect(otomaxSignature(v.creds, v.body)).toBe(v.token.split('.')[1]);
    });
  }

  it('otomaxSigner (metadata and key1 worked out once, as the client signs) gives every vector, many times over', () => {
    const signers = new Map(VECTORS.map((v) => [v.creds, otomaxSigner(v.creds)]));
    for (let round = 0; round < 3; round++) {
      for (const v of VECTORS) {
        const sign = signers.get(v.creds)!;
        expect(sign(v.body)).toBe(v.token);
        expect(sign(Buffer.from(v.body, 'utf8'))).toBe(v.token);
      }
    }
  });

  it('signs the exact bytes: the same JSON re-serialized differently is a different token', () => {
    expect(otomaxToken(SPEC_CREDS, '{}')).not.toBe(otomaxToken(SPEC_CREDS, '{ }'));
  });
});

describe('verifyOtomaxToken', () => {
  for (const v of VECTORS) {
    it(`accepts ${v.name}`, () => {
      expect(verifyOtomaxToken(v.token, Buffer.from(v.body), lookupFor(v.creds))).toEqual({
        ok: true,
        appId: v.creds.appId,
      });
      expect(verifyOtomaxToken(v.token, v.body, lookupFor(v.creds))).toEqual({ ok: true, appId: v.creds.appId });
    });

    for (const bad of mustReject(v, sigWithRawKey(v.creds, v.body))) {
      it(`rejects ${v.name}: ${bad.name}`, () => {
        const r = verifyOtomaxToken(bad.token, Buffer.from(bad.body), lookupFor(v.creds));
        expect(r.ok).toBe(false);
      });
    }
  }

  it('every vector has its forgeries (changed byte, padding, alphabet, raw key)', () => {
    const names = VECTORS.flatMap((v) => mustReject(v, sigWithRawKey(v.creds, v.body)).map((c) => c.name));
    for (const n of [
      'one body byte changed',
      'padded signature',
      'standard-alphabet padded signature',
      "key1's raw bytes as the key",
    ]) {
      expect(names.filter((x) => x === n)).toHaveLength(VECTORS.length);
    }
  });

  it('tells why: malformed, bad metadata, unknown app, bad signature', () => {
    const body = Buffer.from('{}');
    const good = VECTORS[0]!.token;
    const [, sig] = good.split('.') as [string, string];
    const lookup = lookupFor(SPEC_CREDS);
    expect(verifyOtomaxToken('', body, lookup)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyOtomaxToken('nodot', body, lookup)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyOtomaxToken(`.${sig}`, body, lookup)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyOtomaxToken(`${SPEC_METADATA}.`, body, lookup)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyOtomaxToken(`${SPEC_METADATA}.${sig}.x`, body, lookup)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyOtomaxToken(`${SPEC_METADATA}=.${sig}`, body, lookup)).toEqual({ ok: false, reason: 'bad_metadata' });
    const notJson = Buffer.from('id=APPID123').toString('base64url');
    expect(verifyOtomaxToken(`${notJson}.${sig}`, body, lookup)).toEqual({ ok: false, reason: 'bad_metadata' });
    const noId = Buffer.from('{"app":"APPID123"}').toString('base64url');
    expect(verifyOtomaxToken(`${noId}.${sig}`, body, lookup)).toEqual({ ok: false, reason: 'bad_metadata' });
    const other = otomaxToken({ ...SPEC_CREDS, appId: 'OTHER' }, body);
    expect(verifyOtomaxToken(other, body, lookup)).toEqual({ ok: false, reason: 'unknown_app' });
    const wrongKey = otomaxToken({ ...SPEC_CREDS, appKey: 'another' }, body);
    expect(verifyOtomaxToken(wrongKey, body, lookup)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('a token is bound to its body only: valid for any method, so _exp is the one freshness signal', () => {
    const body = Buffer.from('{"kode":"R0001"}');
    const t = otomaxToken(SPEC_CREDS, body);
    expect(verifyOtomaxToken(t, body, lookupFor(SPEC_CREDS)).ok).toBe(true);
    expect(verifyOtomaxToken(t, Buffer.from('{"kode":"R0002"}'), lookupFor(SPEC_CREDS)).ok).toBe(false);
  });
});
