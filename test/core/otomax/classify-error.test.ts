import { errors as undiciErrors } from 'undici';
import { describe, expect, it } from 'vitest';
import { classifyError, OtomaxError } from '../../../electron/core/otomax/client';
import { AttemptTimeoutError } from '../../../electron/core/otomax/errors';

describe('classifyError', () => {
  const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

  it('refused, DNS and connect failures are unreachable', () => {
    for (const code of [
      'ECONNREFUSED',
      'ENOTFOUND',
      'EAI_AGAIN',
      'EHOSTUNREACH',
      'ENETUNREACH',
      'UND_ERR_CONNECT_TIMEOUT',
    ]) {
      expect(classifyError(withCode(code))).toMatchObject({
        klass: 'unreachable',
        outcome: 'refused',
        code: 'OTOMAX_UNREACHABLE',
      });
    }
    expect(classifyError(new undiciErrors.ConnectTimeoutError())).toMatchObject({ klass: 'unreachable' });
  });

  it('looks into AggregateError (happy eyeballs) and cause chains', () => {
    const agg = new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'connect failed');
    expect(classifyError(agg).klass).toBe('unreachable');
    const wrapped = new TypeError('fetch failed', { cause: withCode('ENOTFOUND') });
    expect(classifyError(wrapped).klass).toBe('unreachable');
  });

  it('resets and unknown failures are ambiguous', () => {
    for (const e of [
      withCode('ECONNRESET'),
      withCode('EPIPE'),
      new undiciErrors.SocketError('other side closed'),
      new Error('weird'),
    ]) {
      expect(classifyError(e)).toMatchObject({ klass: 'ambiguous', outcome: 'reset', code: 'OTOMAX_AMBIGUOUS' });
    }
    expect(classifyError('a string').klass).toBe('ambiguous');
  });

  it('timeouts are ambiguous with code OTOMAX_TIMEOUT', () => {
    for (const e of [
      new AttemptTimeoutError(100),
      new undiciErrors.HeadersTimeoutError(),
      new undiciErrors.BodyTimeoutError(),
      withCode('ETIMEDOUT'),
    ]) {
      expect(classifyError(e)).toMatchObject({ klass: 'ambiguous', outcome: 'timeout', code: 'OTOMAX_TIMEOUT' });
    }
  });

  it('an unparsable HTTP answer is a bad response', () => {
    expect(classifyError(withCode('HPE_INVALID_CONSTANT')).klass).toBe('bad_response');
  });

  it('passes an OtomaxError through and redacts token URLs in messages', () => {
    const e = new OtomaxError({ klass: 'rejected', message: 'x', desc: 'd' });
    expect(classifyError(e)).toBe(e);
    const leaky = withCode('ECONNRESET', 'failed http://h:5000/Test?token=abc.def');
    expect(classifyError(leaky).message).not.toContain('abc.def');
  });

  it('retryable: only what gave no definite answer', () => {
    const r = (klass: OtomaxError['klass']) => new OtomaxError({ klass, message: klass }).retryable;
    expect(
      ['unreachable', 'ambiguous', 'http_5xx', 'bad_json', 'bad_response'].map((k) => r(k as OtomaxError['klass'])),
    ).toEqual([true, true, true, true, true]);
    expect(['http_4xx', 'rejected', 'expired'].map((k) => r(k as OtomaxError['klass']))).toEqual([false, false, false]);
  });
});
