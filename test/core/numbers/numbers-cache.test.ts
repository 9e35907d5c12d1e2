/**
 * The numbers are read per message (each number's terminal, options, the primary): issue 15 found a wa_numbers
 * query or two per message in the engine's profile. The repo keeps them in memory and drops the copy on every
 * write of its own (read back at once) and on a commit by another connection (seen from the next loop turn).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from '../../../electron/core/db/open';
import { createNumbersRepo, FIRST_NUMBER_ID, type NumbersRepo } from '../../../electron/core/numbers/numbers-repo';
import { tempDir } from '../../helpers/tmp';

let db: Db;
let file: string;
let repo: NumbersRepo;
let cleanup: () => void;
let ids: string[] = [];

beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  file = join(t.dir, 'j.db');
  db = openDatabase(file);
  ids = ['wa-aaaa0001', 'wa-aaaa0002'];
  repo = createNumbersRepo(db, {
    clock: { now: () => 1_000 },
    defaultKodeTerminal: () => 1,
    newId: () => ids.shift() ?? 'wa-ffff0000',
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  db.close();
  cleanup();
});

/** Counts the statements run on wa_numbers (read or write) from here on. */
function countNumbersQueries(): () => number {
  let n = 0;
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<
    'get' | 'all' | 'run',
    (...a: unknown[]) => unknown
  >;
  probe.close();
  for (const m of ['get', 'all', 'run'] as const) {
    const original = proto[m];
    vi.spyOn(proto, m).mockImplementation(function (this: Database.Statement, ...a: unknown[]) {
      if (this.source.includes('wa_numbers')) n++;
      return original.apply(this, a);
    });
  }
  return () => n;
}

describe('numbers in memory', () => {
  it('the per-message lookups run no wa_numbers query once the numbers are read', () => {
    const second = repo.add({ name: 'Cabang', kodeTerminal: 4 });
    repo.list();
    const queries = countNumbersQueries();
    for (let i = 0; i < 1_000; i++) {
      expect(repo.primary().id).toBe(FIRST_NUMBER_ID);
      expect(repo.terminalOf(repo.get(second.id) ?? repo.primary())).toBe(4);
      expect(repo.get(second.id)?.options.autoReply).toBeNull();
      expect(repo.list()).toHaveLength(2);
    }
    expect(queries()).toBe(0);
  });

  it('a change through the repo is read back at once, refused or not', () => {
    const second = repo.add({ name: 'Cabang', kodeTerminal: 4 });
    expect(repo.get(second.id)?.kodeTerminal).toBe(4);
    repo.update({ id: second.id, kodeTerminal: 5 });
    expect(repo.get(second.id)?.kodeTerminal).toBe(5);
    repo.setOptions(second.id, { autoReply: false, defaultReseller: 'R7' });
    expect(repo.get(second.id)?.options).toMatchObject({ autoReply: false, defaultReseller: 'R7' });
    repo.setPrimary(second.id);
    expect(repo.primary().id).toBe(second.id);
    expect(repo.list().map((n) => n.id)).toEqual([second.id, FIRST_NUMBER_ID]);
    // Refused (the terminal is taken): nothing changed, and the copy says so.
    const third = repo.add({ name: 'Ketiga', kodeTerminal: 6 });
    expect(() => repo.update({ id: third.id, name: 'Dua', kodeTerminal: 5 })).toThrow();
    expect(repo.get(third.id)).toMatchObject({ name: 'Ketiga', kodeTerminal: 6 });
    repo.remove(third.id);
    expect(repo.get(third.id)?.removedAt).toBe(1_000);
    expect(repo.list().map((n) => n.id)).toEqual([second.id, FIRST_NUMBER_ID]);
  });

  it('a commit by another connection (a support tool, a test) is seen from the next loop turn', async () => {
    expect(repo.list()).toHaveLength(1);
    const other = new Database(file);
    try {
      other
        .prepare(
          "INSERT INTO wa_numbers (id, name, kode_terminal, is_primary, created_at, updated_at) VALUES ('n2', 'Luar', 9, 0, 5, 5)",
        )
        .run();
    } finally {
      other.close();
    }
    await new Promise((r) => setImmediate(r));
    expect(repo.list().map((n) => n.id)).toEqual([FIRST_NUMBER_ID, 'n2']);
    expect(repo.get('n2')?.kodeTerminal).toBe(9);
  });

  it('the records handed out are shared and frozen: a caller cannot change what the next one reads', () => {
    const p = repo.primary();
    expect(Object.isFrozen(p) && Object.isFrozen(p.options)).toBe(true);
    expect(() => {
      (p as { name: string }).name = 'x';
    }).toThrow(TypeError);
    expect(repo.primary().name).not.toBe('x');
  });
});
