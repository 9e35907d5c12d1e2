import { describe, expect, it } from 'vitest';
import { autoReplyText } from '../../../electron/core/forwarder/inbound-rules';
import { classifyFailure } from '../../../electron/core/otomax/classify';
import { AppError } from '../../../electron/core/kernel/errors';
import { OtomaxError } from '../../../electron/core/otomax/errors';

describe('forwarder rules', () => {
  it('auto-reply: 21 → pesan (or statusDesc when empty), 41/42 → statusDesc, others none', () => {
    expect(autoReplyText(21, 'Saldo Rp 10.000', 'Sukses Masuk Outbox')).toBe('Saldo Rp 10.000');
    expect(autoReplyText(21, '', 'Sukses Masuk Outbox')).toBe('Sukses Masuk Outbox');
    expect(autoReplyText(41, 'x', 'Bukan Reseller')).toBe('Bukan Reseller');
    expect(autoReplyText(42, 'x', 'Format Salah')).toBe('Format Salah');
    for (const status of [20, 22, 40, 43, 46, 49, null]) expect(autoReplyText(status, 'x', 'y')).toBeNull();
    expect(autoReplyText(41, 'x', '  ')).toBeNull();
  });

  it('only a refusal or a 503 is sent again; ambiguous, other 5xx and garbage never', () => {
    const e = (klass: OtomaxError['klass'], httpStatus: number | null = null) =>
      classifyFailure(new OtomaxError({ klass, message: klass, httpStatus }));
    expect(e('unreachable')).toMatchObject({ retryLater: true, definite: false });
    expect(e('http_5xx', 503)).toMatchObject({ retryLater: true, definite: false });
    expect(e('http_5xx', 500)).toMatchObject({ retryLater: false, definite: false });
    expect(e('http_5xx', 502)).toMatchObject({ retryLater: false });
    expect(e('ambiguous')).toMatchObject({ retryLater: false, definite: false });
    expect(e('bad_json')).toMatchObject({ retryLater: false });
    expect(e('rejected')).toMatchObject({ retryLater: false, definite: true });
    expect(e('http_4xx', 404)).toMatchObject({ retryLater: false, definite: true });
    expect(classifyFailure(new AppError('OTOMAX_NOT_CONFIGURED', 'x'))).toMatchObject({
      klass: 'not_configured',
      retryLater: true,
    });
    expect(classifyFailure(new Error('bug'))).toMatchObject({ klass: 'internal', retryLater: false });
  });
});
