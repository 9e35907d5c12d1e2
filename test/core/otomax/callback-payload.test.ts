import { describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/core/kernel/errors';
import { parseOutboxPayload } from '../../../electron/core/otomax/callback-payload';
import { normalizePhone } from '../../../electron/core/otomax/phone';

describe('normalizePhone', () => {
  it.each([
    ['6281234567890', '6281234567890'],
    ['081234567890', '6281234567890'],
    ['+6281234567890', '6281234567890'],
    ['+62 812-3456-7890', '6281234567890'],
    ['0812 3456 7890', '6281234567890'],
    ['(0812) 3456.7890', '6281234567890'],
    ['006281234567890', '6281234567890'],
    ['62 0812 3456 7890', '6281234567890'],
    ['+62 (0)812 3456 7890', '6281234567890'],
    [' 6281234567890 ', '6281234567890'],
    ['6281234567890@s.whatsapp.net', '6281234567890'],
    ['6281234567890:12@s.whatsapp.net', '6281234567890'],
    ['+60123456789', '60123456789'],
    ['0812996000', '62812996000'],
    [6281234567890, '6281234567890'],
  ])('%s -> %s', (input, out) => {
    expect(normalizePhone(input)).toBe(out);
  });

  it.each([
    '123456789012345@lid',
    '120363025246125888@g.us',
    'status@broadcast',
    'abc',
    '0812abc4567',
    '',
    '+',
    '0812',
    '1234567',
    '1234567890123456',
    '0',
    '62',
    '620',
    '++6281234567890',
    null,
    undefined,
    {},
    -6281234567890,
    6.2,
  ])('rejects %s', (input) => {
    expect(normalizePhone(input)).toBeNull();
  });
});

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('VALIDATION');
    return (e as AppError).field;
  }
  throw new Error('expected a validation error');
}

describe('parseOutboxPayload', () => {
  const outboxRow = {
    kode: 5001,
    penerima: '081234567890',
    tipe_penerima: 'W',
    pesan: 'R#9001 S10.081298765432 SUKSES. SN:123',
    kode_inbox: 1001,
    kode_transaksi: 9001,
    kode_reseller: 'R0001',
    kode_terminal: 1,
    tgl_entri: '2026-01-05 10:00:00',
    status: 0,
  };

  it('the outbox-row shape', () => {
    expect(parseOutboxPayload(outboxRow)).toEqual({
      kode: '5001',
      recipient: '6281234567890',
      text: outboxRow.pesan,
      kodeInbox: 1001,
      kodeTransaksi: 9001,
      kodeReseller: 'R0001',
      kodeTerminal: 1,
    });
  });

  it('the seed shape {kode, status, message, pesan, pengirim}', () => {
    expect(
      parseOutboxPayload({ kode: 'OUT-7', status: 0, message: 'Saldo Rp 1', pengirim: '+62 812 3456 7890' }),
    ).toEqual({
      kode: 'OUT-7',
      recipient: '6281234567890',
      text: 'Saldo Rp 1',
      kodeInbox: null,
      kodeTransaksi: null,
      kodeReseller: null,
    });
    expect(parseOutboxPayload({ kode: 1, pesan: 'A', message: 'B', pengirim: '6281234567890' }).text).toBe('A');
    expect(parseOutboxPayload({ kode: 1, pesan: '', message: 'B', pengirim: '6281234567890' }).text).toBe('B');
  });

  it('numbers given as strings, empty ids as none, a JSON string body', () => {
    const p = parseOutboxPayload({
      ...outboxRow,
      kode: '5001',
      kode_inbox: '1001',
      kode_transaksi: '',
      kode_reseller: '  ',
    });
    expect(p).toMatchObject({ kode: '5001', kodeInbox: 1001, kodeTransaksi: null, kodeReseller: null });
    expect(parseOutboxPayload(JSON.stringify(outboxRow)).kode).toBe('5001');
    expect(parseOutboxPayload({ ...outboxRow, kode_inbox: null }).kodeInbox).toBeNull();
  });

  it('recipient = penerima ?? pengirim', () => {
    expect(parseOutboxPayload({ ...outboxRow, pengirim: '6289999999999' }).recipient).toBe('6281234567890');
    expect(parseOutboxPayload({ ...outboxRow, penerima: undefined, pengirim: '6289999999999' }).recipient).toBe(
      '6289999999999',
    );
  });

  it('refuses bad input with the field at fault', () => {
    expect(fieldOf(() => parseOutboxPayload({ ...outboxRow, penerima: '123456789012345@lid' }))).toBe('penerima');
    expect(fieldOf(() => parseOutboxPayload({ ...outboxRow, penerima: 'Budi' }))).toBe('penerima');
    expect(fieldOf(() => parseOutboxPayload({ ...outboxRow, penerima: undefined }))).toBe('penerima');
    expect(fieldOf(() => parseOutboxPayload({ ...outboxRow, penerima: undefined, pengirim: 'x' }))).toBe('pengirim');
    expect(fieldOf(() => parseOutboxPayload({ ...outboxRow, pesan: '  ' }))).toBe('pesan');
    expect(fieldOf(() => parseOutboxPayload({ ...outboxRow, kode: '' }))).toBe('kode');
    expect(fieldOf(() => parseOutboxPayload({ ...outboxRow, kode: undefined }))).toBe('kode');
    expect(fieldOf(() => parseOutboxPayload({ ...outboxRow, kode_inbox: 'abc' }))).toBe('kode_inbox');
    expect(fieldOf(() => parseOutboxPayload({ ...outboxRow, pesan: 42 }))).toBe('pesan');
    expect(fieldOf(() => parseOutboxPayload('{not json'))).toBe('body');
    expect(fieldOf(() => parseOutboxPayload([outboxRow]))).toBe('body');
    expect(fieldOf(() => parseOutboxPayload(null))).toBe('body');
  });
});
