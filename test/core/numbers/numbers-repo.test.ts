import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/core/db/open';
import { AppError } from '../../../electron/core/kernel/errors';
import { createNumbersRepo, MAX_NUMBERS, type NumbersRepo } from '../../../electron/core/numbers/numbers-repo';
import { tempDir } from '../../helpers/tmp';

let db: Db;
let repo: NumbersRepo;
let cleanup: () => void;
let now = 1_000;
let defaultTerminal = 1;
let ids: string[] = [];

beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  db = openDatabase(join(t.dir, 'j.db'));
  now = 1_000;
  defaultTerminal = 1;
  ids = ['wa-aaaa0001', 'wa-aaaa0002', 'wa-aaaa0003', 'wa-aaaa0004'];
  repo = createNumbersRepo(db, {
    clock: { now: () => now },
    defaultKodeTerminal: () => defaultTerminal,
    newId: () => ids.shift() ?? `wa-${String(Math.random()).slice(2, 10)}`,
  });
});
afterEach(() => {
  db.close();
  cleanup();
});

/** The AppError a call throws, for its code, field and params. */
function refusal(f: () => unknown): AppError {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('numbers repository', () => {
  it('lists the primary (the pre-numbers session) first', () => {
    expect(repo.list().map((n) => [n.id, n.primary])).toEqual([['default', true]]);
    expect(repo.primary().id).toBe('default');
    expect(repo.terminalOf(repo.primary())).toBe(1);
  });

  it('adds a number with a generated id, a trimmed name and its own terminal', () => {
    now = 2_000;
    const n = repo.add({ name: '  Cadangan  ', kodeTerminal: 2 });
    expect(n).toMatchObject({
      id: 'wa-aaaa0001',
      name: 'Cadangan',
      kodeTerminal: 2,
      primary: false,
      fallbackId: null,
      createdAt: 2_000,
      removedAt: null,
    });
    expect(n.options).toEqual({
      defaultReseller: null,
      forwardIncoming: null,
      forwardOutgoing: null,
      forwardGroups: null,
      forwardMedia: null,
      autoReply: null,
    });
    expect(repo.list().map((x) => x.id)).toEqual(['default', 'wa-aaaa0001']);
  });

  it('generates random ids of the session_id form by default, never reusing one', () => {
    const r = createNumbersRepo(db, { clock: { now: () => now }, defaultKodeTerminal: () => 1 });
    const a = r.add({ name: 'A', kodeTerminal: 5 });
    const b = r.add({ name: 'B', kodeTerminal: 6 });
    expect(a.id).toMatch(/^wa-[0-9a-f]{8}$/);
    expect(b.id).not.toBe(a.id);
    // A colliding generator gets another id, a removed number's id included.
    let calls = 0;
    const colliding = createNumbersRepo(db, {
      clock: { now: () => now },
      defaultKodeTerminal: () => 1,
      newId: () => (calls++ === 0 ? a.id : 'wa-fresh001'),
    });
    r.remove(a.id);
    expect(colliding.add({ name: 'C', kodeTerminal: 7 }).id).toBe('wa-fresh001');
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ name: '   ' }, 'name'],
    [{ name: 'x'.repeat(41) }, 'name'],
    [{ name: 'Tab\there' }, 'name'],
    [{ name: 'A', kodeTerminal: 1.5 }, 'kodeTerminal'],
    [{ name: 'A', kodeTerminal: -1 }, 'kodeTerminal'],
    [{ name: 'A', kodeTerminal: 1_000_001 }, 'kodeTerminal'],
    [{ name: 'A', kodeTerminal: '2' }, 'kodeTerminal'],
    [{ name: 'A', extra: 1 }, 'input'],
    [null, 'input'],
  ])('refuses %j (field %s)', (input, field) => {
    const e = refusal(() => repo.add(input));
    expect(e.code).toBe('VALIDATION');
    expect(e.field).toBe(field);
    expect(repo.list()).toHaveLength(1);
  });

  it('keeps kode_terminal unique among live numbers, the global default counting for numbers without their own', () => {
    repo.add({ name: 'Dua', kodeTerminal: 2 });
    const taken = refusal(() => repo.add({ name: 'Dua lagi', kodeTerminal: 2 }));
    expect(taken.code).toBe('CONFLICT');
    expect(taken.field).toBe('kodeTerminal');
    expect(taken.params).toEqual({ reason: 'terminal_taken', name: 'Dua' });
    // The primary has no terminal of its own: it uses the default (1), so 1 and "none" are both taken.
    expect(refusal(() => repo.add({ name: 'Satu', kodeTerminal: 1 })).params).toEqual({
      reason: 'terminal_taken',
      name: 'Nomor utama',
    });
    expect(refusal(() => repo.add({ name: 'Tanpa' })).params?.['reason']).toBe('terminal_taken');
    // With another global default, 1 is free.
    defaultTerminal = 9;
    expect(repo.add({ name: 'Satu', kodeTerminal: 1 }).kodeTerminal).toBe(1);
    expect(repo.list()).toHaveLength(3);
  });

  it('a removed number frees its terminal; its row stays for the log', () => {
    const n = repo.add({ name: 'Dua', kodeTerminal: 2 });
    now = 5_000;
    const removed = repo.remove(n.id);
    expect(removed.removedAt).toBe(5_000);
    expect(repo.list().map((x) => x.id)).toEqual(['default']);
    expect(repo.get(n.id)).toMatchObject({ name: 'Dua', removedAt: 5_000 });
    expect(repo.add({ name: 'Dua baru', kodeTerminal: 2 }).kodeTerminal).toBe(2);
  });

  it('renames and changes the terminal; a clash leaves the number as it was', () => {
    const a = repo.add({ name: 'A', kodeTerminal: 2 });
    repo.add({ name: 'B', kodeTerminal: 3 });
    now = 7_000;
    expect(repo.update({ id: a.id, name: 'Pusat' })).toMatchObject({
      name: 'Pusat',
      kodeTerminal: 2,
      updatedAt: 7_000,
    });
    // Its own terminal again is no clash.
    expect(repo.update({ id: a.id, kodeTerminal: 2 }).kodeTerminal).toBe(2);
    const e = refusal(() => repo.update({ id: a.id, name: 'Tidak jadi', kodeTerminal: 3 }));
    expect(e.params).toEqual({ reason: 'terminal_taken', name: 'B' });
    // One transaction: the rename in the same call did not happen either.
    expect(repo.get(a.id)).toMatchObject({ name: 'Pusat', kodeTerminal: 2 });
    expect(repo.update({ id: a.id, kodeTerminal: 4 }).kodeTerminal).toBe(4);
    expect(refusal(() => repo.update({ id: a.id, name: '' })).field).toBe('name');
    expect(refusal(() => repo.update({ id: 'wa-nope', name: 'X' })).code).toBe('NOT_FOUND');
    expect(refusal(() => repo.update({ id: 'Bad Id!', name: 'X' })).field).toBe('id');
  });

  it('sets and clears a fallback: never itself, never an unknown or removed number; removal clears it', () => {
    const a = repo.add({ name: 'A', kodeTerminal: 2 });
    const b = repo.add({ name: 'B', kodeTerminal: 3 });
    expect(repo.setFallback(a.id, b.id).fallbackId).toBe(b.id);
    expect(repo.setFallback('default', a.id).fallbackId).toBe(a.id);
    expect(refusal(() => repo.setFallback(a.id, a.id)).params).toEqual({ reason: 'fallback_self' });
    expect(refusal(() => repo.setFallback(a.id, 'wa-nope')).params).toEqual({ reason: 'fallback_unknown' });
    repo.remove(b.id);
    // Whoever fell back on the removed number waits for its own again.
    expect(repo.get(a.id)?.fallbackId).toBeNull();
    expect(refusal(() => repo.setFallback(a.id, b.id)).code).toBe('NOT_FOUND');
    expect(repo.setFallback('default', null).fallbackId).toBeNull();
  });

  it('moves the primary; the primary cannot be removed, another can after the move', () => {
    const a = repo.add({ name: 'A', kodeTerminal: 2 });
    const e = refusal(() => repo.remove('default'));
    expect(e.code).toBe('CONFLICT');
    expect(e.params).toEqual({ reason: 'primary_remove', name: 'Nomor utama' });
    expect(repo.setPrimary(a.id).primary).toBe(true);
    expect(repo.primary().id).toBe(a.id);
    expect(repo.list().map((n) => [n.id, n.primary])).toEqual([
      [a.id, true],
      ['default', false],
    ]);
    repo.remove('default');
    expect(repo.list().map((n) => n.id)).toEqual([a.id]);
    expect(refusal(() => repo.remove('default')).code).toBe('NOT_FOUND');
    expect(refusal(() => repo.setPrimary('default')).code).toBe('NOT_FOUND');
  });

  it('keeps per-number options, null meaning the global setting', () => {
    const a = repo.add({ name: 'H2H', kodeTerminal: 2 });
    const o = repo.setOptions(a.id, { defaultReseller: ' R001 ', forwardGroups: true, autoReply: false });
    expect(o.options).toEqual({
      defaultReseller: 'R001',
      forwardIncoming: null,
      forwardOutgoing: null,
      forwardGroups: true,
      forwardMedia: null,
      autoReply: false,
    });
    expect(repo.setOptions(a.id, { forwardGroups: null }).options).toMatchObject({
      defaultReseller: 'R001',
      forwardGroups: null,
      autoReply: false,
    });
    expect(refusal(() => repo.setOptions(a.id, { forwardGroups: 'yes' })).field).toBe('forwardGroups');
  });

  it(`refuses more than ${MAX_NUMBERS} live numbers`, () => {
    for (let i = 1; i < MAX_NUMBERS; i++) repo.add({ name: `N${i}`, kodeTerminal: 100 + i });
    expect(repo.list()).toHaveLength(MAX_NUMBERS);
    expect(refusal(() => repo.add({ name: 'One more', kodeTerminal: 999 })).params).toEqual({ reason: 'too_many' });
  });
});
