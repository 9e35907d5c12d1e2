/**
 * OtomaX's answers are read without running the zod schema when they have the usual shape (issue 15: one InsertInbox
 * answer a message, and the schema's unions and transforms showed in the engine's CPU). The fast path must give
 * exactly what the schema gives, and leave every other shape to the schema.
 */
import { describe, expect, it } from 'vitest';
import { OtomaxError } from '../../../electron/core/otomax/errors';
import {
  parseEnvelope,
  parseInsertInbox,
  parseInsertInboxBySchema,
  plainInsertInbox,
  type Answer,
} from '../../../electron/core/otomax/schemas';

const answer = (result: unknown): Answer => ({ result, raw: JSON.stringify({ ok: true, result }), httpStatus: 200 });

const outcome = (f: () => unknown) => {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    return { ok: false, klass: (e as OtomaxError).klass, message: (e as Error).message };
  }
};

const TEXTS: unknown[] = ['', 'Pesan diterima', '  spasi  ', null, undefined, 7, true, {}, ['x']];
const NUMBERS: unknown[] = [0, 1, 20, -3, 1.5, 123456789, '20', ' 21 ', '1.5', 'x', null, undefined, NaN, true, {}];

describe('InsertInbox answer: the fast path gives what the schema gives', () => {
  it('for every mix of usual and unusual fields (numbers as text, odd types, missing keys)', () => {
    let plain = 0;
    let cases = 0;
    for (const kode of NUMBERS)
      for (const status of NUMBERS)
        for (const text of TEXTS) {
          const variants: Record<string, unknown>[] = [
            { kode_inbox: kode, status, statusDesc: text, pesan: 'R#1 SUKSES' },
            { kode_inbox: kode, status, status_desc: text, pesan: text },
            { status, pesan: text, extra: 'ignored' },
          ];
          for (const v of variants) {
            const result = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined));
            cases++;
            if (plainInsertInbox(result)) plain++;
            expect(outcome(() => parseInsertInbox(answer(result)))).toEqual(
              outcome(() => parseInsertInboxBySchema(answer(result))),
            );
          }
        }
    // The usual shapes took the fast path; the rest went to the schema.
    expect(plain).toBeGreaterThan(100);
    expect(plain).toBeLessThan(cases);
  });

  it('for results that are not objects', () => {
    for (const result of [null, undefined, 5, 'x', [], [{ status: 20 }]]) {
      expect(plainInsertInbox(result)).toBeNull();
      expect(outcome(() => parseInsertInbox(answer(result)))).toEqual(
        outcome(() => parseInsertInboxBySchema(answer(result))),
      );
    }
  });
});

describe('envelope: a boolean "ok" read directly, anything else by the schema', () => {
  const parse = (body: unknown, status = 200) => outcome(() => parseEnvelope(status, JSON.stringify(body)));
  it('ok true with or without a result; ok false is a refusal with its desc', () => {
    expect(parse({ ok: true, result: { status: 20 } })).toMatchObject({ ok: true, value: { result: { status: 20 } } });
    expect(parse({ ok: true })).toMatchObject({ ok: true, value: { result: null } });
    expect(parse({ ok: false, desc: 'Token salah' })).toEqual({
      ok: false,
      klass: 'rejected',
      message: 'OtomaX refused: Token salah',
    });
  });
  it('"ok" as text still goes through the schema; no "ok", or an array, is not understood', () => {
    expect(parse({ ok: 'true', result: 1 })).toMatchObject({ ok: true, value: { result: 1 } });
    expect(parse({ ok: 'false', desc: 'x' })).toMatchObject({ ok: false, klass: 'rejected' });
    expect(parse({ result: 1 })).toMatchObject({ ok: false, klass: 'bad_response' });
    expect(parse([{ ok: true }])).toMatchObject({ ok: false, klass: 'bad_response' });
    expect(parse({ ok: 1 })).toMatchObject({ ok: false, klass: 'bad_response' });
  });
});
