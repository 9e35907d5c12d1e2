import { describe, expect, it } from 'vitest';
import type { WaNumber } from '../../../shared/dto';
import {
  numberRefSchema,
  restAddNumberBodySchema,
  restNumberParamsSchema,
  toRestNumber,
  updateNumberSchema,
} from '../../../electron/core/numbers/schemas';

describe('numbers REST and command shapes', () => {
  it.each([
    [
      { name: 'Cadangan', kode_terminal: 2 },
      { name: 'Cadangan', kodeTerminal: 2 },
    ],
    [
      { name: ' H2H ', kode_terminal: '5' },
      { name: 'H2H', kodeTerminal: 5 },
    ],
    [{ name: 'Pakai bawaan' }, { name: 'Pakai bawaan', kodeTerminal: null }],
    [
      { name: 'Pakai bawaan', kode_terminal: null },
      { name: 'Pakai bawaan', kodeTerminal: null },
    ],
  ])('POST /whatsapp/numbers %j', (body, parsed) => {
    expect(restAddNumberBodySchema.parse(body)).toEqual(parsed);
  });

  it.each([
    [{ kode_terminal: 2 }, 'name'],
    [{ name: '', kode_terminal: 2 }, 'name'],
    [{ name: 'A', kode_terminal: 'dua' }, 'kode_terminal'],
    [{ name: 'A', kode_terminal: -1 }, 'kode_terminal'],
    [{ name: 'A', kode_terminal: 2.5 }, 'kode_terminal'],
    [{ name: 'A', kode_terminal: 2_000_000 }, 'kode_terminal'],
    [{ name: 'A', kodeTerminal: 2 }, ''],
  ])('POST /whatsapp/numbers refuses %j at %s', (body, path) => {
    const r = restAddNumberBodySchema.safeParse(body);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path.join('.')).toBe(path);
  });

  it('DELETE /whatsapp/numbers/:id takes a session id only', () => {
    expect(restNumberParamsSchema.parse({ id: 'wa-1a2b3c4d' })).toEqual({ id: 'wa-1a2b3c4d' });
    expect(restNumberParamsSchema.parse({ id: 'default' })).toEqual({ id: 'default' });
    for (const id of ['', '../default', 'WA-1', 'a b', 'x'.repeat(41)]) {
      expect(restNumberParamsSchema.safeParse({ id }).success, id).toBe(false);
    }
  });

  it('GET /whatsapp/numbers items carry id, name, kode_terminal, state and phone', () => {
    const n: WaNumber = {
      id: 'wa-1a2b3c4d',
      name: 'Cadangan',
      kodeTerminal: null,
      state: 'open',
      phone: '6281234567890',
      primary: false,
      fallbackId: 'default',
    };
    expect(toRestNumber(n)).toEqual({
      id: 'wa-1a2b3c4d',
      name: 'Cadangan',
      kode_terminal: null,
      state: 'open',
      phone: '6281234567890',
      primary: false,
      fallback_id: 'default',
      default_reseller: null,
      forward_incoming: null,
      forward_outgoing: null,
      forward_groups: null,
      forward_media: null,
      auto_reply: null,
    });
  });

  it('numbers:update takes only known fields; primary can only be set, not unset', () => {
    expect(updateNumberSchema.parse({ id: 'default', fallbackId: null })).toEqual({ id: 'default', fallbackId: null });
    expect(updateNumberSchema.safeParse({ id: 'default', primary: false }).success).toBe(false);
    expect(updateNumberSchema.safeParse({ id: 'default', state: 'open' }).success).toBe(false);
  });

  it('the optional number of session commands and dev routes', () => {
    expect(numberRefSchema.parse({})).toEqual({});
    expect(numberRefSchema.parse({ number: 'wa-1a2b3c4d', mode: 'qr' })).toEqual({ number: 'wa-1a2b3c4d' });
    expect(numberRefSchema.safeParse({ number: 'Nomor 2' }).success).toBe(false);
  });
});
