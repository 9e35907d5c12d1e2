import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../../electron/core/kernel/errors';
import { inputError, issueOf, parseInput } from '../../../electron/core/kernel/input';
import { parseOutboxPayload } from '../../../electron/core/otomax/callback-payload';

const schema = z.object({ phone: z.string().min(3), page: z.object({ n: z.number() }).optional() }).strict();

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('one zod -> AppError input helper', () => {
  it('names the first issue by its path and reads "field: why"', () => {
    const r = schema.safeParse({ phone: 'x', page: { n: 'one' } });
    expect(r.success).toBe(false);
    if (r.success) return;
    const first = issueOf(r.error);
    expect(first.field).toBe('phone');
    expect(first.message).toMatch(/^phone: /);
    const nested = schema.safeParse({ phone: 'abcd', page: { n: 'one' } });
    if (nested.success) throw new Error('expected a failure');
    expect(issueOf(nested.error).field).toBe('page.n');
  });

  it('a failure of the whole value falls back to the named field', () => {
    const r = schema.safeParse('not an object');
    if (r.success) throw new Error('expected a failure');
    expect(issueOf(r.error).field).toBe('input');
    expect(issueOf(r.error, 'body').field).toBe('body');
    expect(issueOf(r.error, 'body').message).toMatch(/^body: /);
  });

  it('parseInput returns the data or throws AppError VALIDATION with the field', () => {
    expect(parseInput(schema, { phone: 'abc' })).toEqual({ phone: 'abc' });
    const e = thrown(() => parseInput(schema, { phone: 'x' }));
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: 'VALIDATION', field: 'phone' });
    expect((e as AppError).message).toMatch(/^phone: /);
    const o = thrown(() => parseInput(schema, {}, { override: { field: 'id', message: 'id must look like in:12' } }));
    expect(o).toMatchObject({ code: 'VALIDATION', field: 'id', message: 'id must look like in:12' });
  });

  it('a callback payload and a command input fail with the same shape', () => {
    const fromCallback = thrown(() => parseOutboxPayload({ kode: '' }));
    expect(fromCallback).toBeInstanceOf(AppError);
    expect(fromCallback).toMatchObject({ code: 'VALIDATION', field: 'kode', message: 'kode: kode is required' });
    const r = z.object({ kode: z.string().min(1, 'kode is required') }).safeParse({ kode: '' });
    if (r.success) throw new Error('expected a failure');
    const fromCommand = inputError(r.error);
    expect({ code: fromCommand.code, field: fromCommand.field, message: fromCommand.message }).toEqual({
      code: 'VALIDATION',
      field: 'kode',
      message: 'kode: kode is required',
    });
  });
});
