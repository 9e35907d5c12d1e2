import { describe, expect, it } from 'vitest';
import { rejectReason } from '../../renderer/src/components/broadcast/reject-reason';
import { createI18n } from '../../renderer/src/i18n';

/** Every reason electron/core/qontak/recipients.ts writes for a refused row. */
const REASONS = [
  'missing phone number',
  'bad phone number',
  'name longer than 200 characters',
  'expected 4 values after the name, found 3',
  'expected 1 parameter, found 0',
  'expected 2 parameters, found 3',
  'expected 1 header parameter, found 0',
  'expected 1 link button value, found 2',
  'empty parameter {{2}}',
  'header empty parameter {{1}}',
  'parameter {{1}} longer than 1024 characters',
  'header parameter {{1}} longer than 60 characters',
  'parameter {{3}} has a line break, a tab or 5+ spaces',
  'empty value for link button 1',
  'link button 1 value has a space or line break',
  'link button 2 value longer than 2000 characters',
  'duplicate of row 4',
];

describe('refused rows in the owner’s language', () => {
  it('every engine reason becomes an Indonesian (and English) sentence with its numbers', () => {
    const tId = createI18n('id').t;
    const tEn = createI18n('en').t;
    const inId = REASONS.map((r) => rejectReason(tId, r));
    const inEn = REASONS.map((r) => rejectReason(tEn, r));
    inId.forEach((text, i) => expect(text).not.toBe(REASONS[i]));
    expect(inId.every((text) => !text.includes('broadcastMore'))).toBe(true);
    expect(inEn.every((text) => !text.includes('broadcastMore'))).toBe(true);
    expect(inId[3]).toBe('butuh 4 kolom isian setelah nama, ada 3');
    expect(inId[8]).toBe('isian {{2}} kosong');
    expect(inId[9]).toBe('isian judul 1 kosong');
    expect(inId[14]).toBe('akhiran tautan tombol 1 berisi spasi atau ganti baris');
    expect(inEn[16]).toBe('same number as row 4');
    expect(rejectReason(tId, 'something new')).toBe('something new');
  });
});
