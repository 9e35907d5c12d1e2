import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestHeader, hmacSignature, signingString, signRequest } from '../../../electron/core/qontak/signer';

const DATE = 'Sat, 21 Nov 2026 10:00:00 GMT';
const at = new Date(Date.UTC(2026, 10, 21, 10, 0, 0));
const sign = (line: string, secret = 'csecret', date = DATE) =>
  createHmac('sha256', secret).update(`date: ${date}\n${line}`).digest('base64');

describe('Mekari HMAC signer (docs/qontak-protocol.md vectors)', () => {
  it.each([
    ['POST', '/qontak/chat/v1/broadcasts/whatsapp/direct', 'kKKzrNVNTc8bfsry5EClmoNaCFOwTEjaS5WmwwwLB3Y='],
    ['GET', '/qontak/chat/v1/broadcasts/b1/whatsapp/log', 'rO0LqhtCMKmUird4C9TGedvKOnbRz4of+8724JvtfHk='],
    ['GET', '/qontak/chat/v1/integrations?target_channel=wa&limit=10', '7WqtJV+CPKV40Jhtzoc2mvf7DyRDa9BgrYW9jJYKvEE='],
  ])('%s %s', (method, target, expected) => {
    const headers = signRequest({
      method,
      url: new URL(`https://api.mekari.com${target}`),
      clientId: 'cid',
      clientSecret: 'csecret',
      date: at,
    });
    expect(headers.Date).toBe(DATE);
    expect(headers.Authorization).toBe(
      `hmac username="cid", algorithm="hmac-sha256", headers="date request-line", signature="${expected}"`,
    );
    expect(headers.Digest).toBeUndefined();
  });

  it("reproduces Mekari's own published vector", () => {
    const headers = signRequest({
      method: 'post',
      url: new URL('https://api.mekari.com/v2/klikpajak/v1/efaktur/out?auto_approval=false'),
      clientId: 'YOUR_MEKARI_API_CLIENT_ID',
      clientSecret: 'YOUR_MEKARI_API_CLIENT_SECRET',
      date: new Date(Date.UTC(2021, 10, 10, 7, 24, 29)),
    });
    expect(headers.Date).toBe('Wed, 10 Nov 2021 07:24:29 GMT');
    expect(headers.Authorization).toContain('signature="6+Ah/UTmbqd+DDqlh6zYZ0HuCwVhtElYDOoucRPCaFg="');
  });

  it('builds the signing string with one LF and no trailing newline', () => {
    expect(signingString(DATE, 'get', '/x?a=1')).toBe(`date: ${DATE}\nGET /x?a=1 HTTP/1.1`);
  });

  describe('each "must fail" variant gives a different signature', () => {
    const line = 'POST /qontak/chat/v1/broadcasts/whatsapp/direct HTTP/1.1';
    const good = 'kKKzrNVNTc8bfsry5EClmoNaCFOwTEjaS5WmwwwLB3Y=';
    it('the positive vector itself', () => expect(hmacSignature('csecret', `date: ${DATE}\n${line}`)).toBe(good));
    it('CRLF instead of LF', () => expect(hmacSignature('csecret', `date: ${DATE}\r\n${line}`)).not.toBe(good));
    it('no "date: " prefix', () => expect(hmacSignature('csecret', `${DATE}\n${line}`)).not.toBe(good));
    it('path without /qontak/chat', () => expect(sign('POST /v1/broadcasts/whatsapp/direct HTTP/1.1')).not.toBe(good));
    it('hex instead of base64', () => {
      const hex = createHmac('sha256', 'csecret').update(`date: ${DATE}\n${line}`).digest('hex');
      expect(hex).not.toBe(good);
      expect(Buffer.from(hex, 'hex').toString('base64')).toBe(good);
    });
    it('trailing newline', () => expect(hmacSignature('csecret', `date: ${DATE}\n${line}\n`)).not.toBe(good));
    it('query left out', () =>
      expect(sign('GET /qontak/chat/v1/integrations HTTP/1.1')).not.toBe(
        '7WqtJV+CPKV40Jhtzoc2mvf7DyRDa9BgrYW9jJYKvEE=',
      ));
  });

  it('signs the query exactly as the URL will send it (encoded)', () => {
    const url = new URL('https://api.mekari.com/qontak/chat/v1/templates/whatsapp');
    url.searchParams.set('cursor', 'ab+/=');
    const headers = signRequest({ method: 'GET', url, clientId: 'cid', clientSecret: 'csecret', date: at });
    expect(url.search).toBe('?cursor=ab%2B%2F%3D');
    expect(headers.Authorization).toContain(`signature="${sign(`GET ${url.pathname}${url.search} HTTP/1.1`)}"`);
  });

  it('Digest vector, and Digest is never part of the signature', () => {
    expect(digestHeader('{"hello": "world"}')).toBe('SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=');
    const url = new URL('https://api.mekari.com/qontak/chat/v1/broadcasts/whatsapp/direct');
    const body = Buffer.from('{"hello": "world"}');
    const withBody = signRequest({ method: 'POST', url, clientId: 'cid', clientSecret: 'csecret', date: at, body });
    expect(withBody.Digest).toBe('SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=');
    expect(withBody.Authorization).toContain('signature="kKKzrNVNTc8bfsry5EClmoNaCFOwTEjaS5WmwwwLB3Y="');
  });
});
