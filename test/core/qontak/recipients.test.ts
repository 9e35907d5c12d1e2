import { describe, expect, it } from 'vitest';
import {
  countPlaceholders,
  normalizePhone,
  parseRecipients,
  validateRecipients,
} from '../../../electron/core/qontak/recipients';

describe('normalizePhone', () => {
  it.each([
    ['081234567890', '6281234567890'],
    ['0812-3456-7890', '6281234567890'],
    ['0812 3456 7890', '6281234567890'],
    ['0812.3456.7890', '6281234567890'],
    ['(0812) 3456-7890', '6281234567890'],
    ['+62 812-3456-7890', '6281234567890'],
    ['+62 0812 3456 7890', '6281234567890'],
    ['6281234567890', '6281234567890'],
    ['81234567890', '6281234567890'],
    ['0062 812 3456 7890', '6281234567890'],
    ['+60 12-345 6789', '60123456789'],
    ['021 5551234', '62215551234'],
  ])('%s -> %s', (raw, want) => expect(normalizePhone(raw)).toBe(want));

  it.each([
    '',
    'abc',
    '0812',
    '12345678901',
    '6.28123E+11',
    '+62',
    '0812345678901234567',
    '08123x4567',
    '0812+34567890',
  ])('rejects %j', (raw) => expect(normalizePhone(raw)).toBeNull());
});

describe('countPlaceholders', () => {
  it('counts distinct {{n}} by the highest n', () => {
    expect(countPlaceholders('Halo {{1}}, harga {{2}} turun jadi {{3}}. Cek {{2}}!')).toBe(3);
    expect(countPlaceholders('Info tanpa variabel')).toBe(0);
    expect(countPlaceholders('{{ 1 }} dan {{1}}')).toBe(1);
    expect(countPlaceholders('{{1}} {{3}}')).toBe(3);
    expect(countPlaceholders('{{x}} {1} {{}}')).toBe(0);
  });
});

describe('parseRecipients', () => {
  it('reads a header, a BOM, commas and quoted fields', () => {
    const csv =
      '\uFEFFphone,name,produk,harga\r\n081234567890,Budi,"Pulsa 10.000","Rp 10.500, hemat"\r\n+62 813 1111 2222,"Siti ""Ani""",Data,Rp 50.000\r\n';
    expect(parseRecipients(csv, 2)).toEqual({
      recipients: [
        { phone: '6281234567890', name: 'Budi', params: ['Pulsa 10.000', 'Rp 10.500, hemat'] },
        { phone: '6281311112222', name: 'Siti "Ani"', params: ['Data', 'Rp 50.000'] },
      ],
      rejected: [],
    });
  });

  it('detects ; separators (Indonesian Excel) and works without a header', () => {
    const csv = '0812-3456-7890;Budi;10.000\n0813 1111 2222;Siti;20.000\n';
    const out = parseRecipients(csv, 1);
    expect(out.recipients.map((r) => [r.phone, r.params[0]])).toEqual([
      ['6281234567890', '10.000'],
      ['6281311112222', '20.000'],
    ]);
    expect(out.rejected).toEqual([]);
  });

  it('takes tab-separated text pasted from a spreadsheet', () => {
    expect(parseRecipients('Nomor HP\tNama\n081234567890\tBudi\n', 0).recipients).toEqual([
      { phone: '6281234567890', name: 'Budi', params: [] },
    ]);
  });

  it('lists bad rows with their line and reason, and keeps the good ones', () => {
    const csv = [
      'phone,name,p1,p2',
      '081234567890,Budi,a,b',
      'abc,Tono,a,b',
      '081311112222,Siti,a',
      '081311113333,Ani,a,b,c',
      '',
      '0812-3456-7890,Budi lagi,a,b',
      ',Kosong,a,b',
      '081344445555,Dewi,a,',
      '081355556666,Eka,"baris\nbaru",b',
    ].join('\n');
    const out = parseRecipients(csv, 2);
    expect(out.recipients.map((r) => r.phone)).toEqual(['6281234567890']);
    expect(out.rejected).toEqual([
      { row: 3, phone: 'abc', reason: 'bad phone number' },
      { row: 4, phone: '081311112222', reason: 'expected 2 parameters, found 1' },
      { row: 5, phone: '081311113333', reason: 'expected 2 parameters, found 3' },
      { row: 7, phone: '0812-3456-7890', reason: 'duplicate of row 2' },
      { row: 8, phone: '', reason: 'missing phone number' },
      { row: 9, phone: '081344445555', reason: 'empty parameter {{2}}' },
      { row: 11, phone: '081355556666', reason: 'parameter {{1}} has a line break, a tab or 5+ spaces' },
    ]);
  });

  it('uses the number as the name when the name is missing, and drops trailing empty columns', () => {
    const out = parseRecipients('081234567890\n081311112222,,x,,\n', 0);
    expect(out.recipients).toEqual([{ phone: '6281234567890', name: '6281234567890', params: [] }]);
    expect(out.rejected).toEqual([{ row: 2, phone: '081311112222', reason: 'expected 0 parameters, found 1' }]);
  });

  it('a first row with digits is data, not a header', () => {
    expect(parseRecipients('081234567890,Budi\n081311112222,Siti\n', 0).recipients).toHaveLength(2);
  });

  it('a bad first row that is not a header is rejected, not silently skipped', () => {
    const out = parseRecipients('Budi,081234567890\n', 0);
    expect(out.rejected).toEqual([{ row: 1, phone: 'Budi', reason: 'bad phone number' }]);
  });

  it('empty input gives nothing; an unclosed quote is a VALIDATION error', () => {
    expect(parseRecipients('', 1)).toEqual({ recipients: [], rejected: [] });
    expect(() => parseRecipients('081234567890,"Budi\n', 0)).toThrow(
      expect.objectContaining({ code: 'VALIDATION', field: 'csv' }),
    );
  });
});

describe('validateRecipients (API input)', () => {
  it('applies the same rules with rows numbered from 1', () => {
    const out = validateRecipients(
      [
        { phone: '+62 812 3456 7890', name: ' Budi ', params: [' a '] },
        { phone: '6281234567890', name: 'Budi', params: ['b'] },
        { phone: '0813', name: 'X', params: ['c'] },
        { phone: '081311112222', name: 'Y', params: [] },
      ],
      1,
    );
    expect(out.recipients).toEqual([{ phone: '6281234567890', name: 'Budi', params: ['a'] }]);
    expect(out.rejected.map((r) => [r.row, r.reason])).toEqual([
      [2, 'duplicate of row 1'],
      [3, 'bad phone number'],
      [4, 'expected 1 parameter, found 0'],
    ]);
  });

  it('refuses more than 10 000 recipients', () => {
    const many = Array.from({ length: 10_001 }, (_, i) => ({
      phone: `0812${String(i).padStart(8, '0')}`,
      name: 'x',
      params: [],
    }));
    expect(() => validateRecipients(many, 0)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });
});
