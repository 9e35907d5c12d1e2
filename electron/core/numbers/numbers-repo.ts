import { randomBytes } from 'node:crypto';
import type { NumberRefusal } from '../../../shared/dto';
import type { Clock } from '../kernel/clock';
import type { Db } from '../db/open';
import { AppError } from '../kernel/errors';
import {
  addNumberSchema,
  numberIdSchema,
  numberOptionsSchema,
  updateNumberSchema,
  type NumberOptions,
} from './schemas';
import { parseInput } from '../kernel/input';

/** The number whose session existed before numbers did (migration 005); also the id of a fresh install's first. */
export const FIRST_NUMBER_ID = 'default';
/** Live numbers at most: each is a WhatsApp socket, its keys and a send queue. Past this, more machines. */
export const MAX_NUMBERS = 20;

interface NumberRow {
  id: string;
  name: string;
  kode_terminal: number | null;
  is_primary: number;
  fallback_number_id: string | null;
  default_reseller: string | null;
  forward_incoming: number | null;
  forward_outgoing: number | null;
  forward_groups: number | null;
  forward_media: number | null;
  auto_reply: number | null;
  created_at: number;
  updated_at: number;
  removed_at: number | null;
}

/** A number as stored. null options = the global setting. */
export interface NumberRecord {
  id: string;
  name: string;
  kodeTerminal: number | null;
  primary: boolean;
  fallbackId: string | null;
  options: Required<{ [K in keyof NumberOptions]: Exclude<NumberOptions[K], undefined> }>;
  createdAt: number;
  updatedAt: number;
  removedAt: number | null;
}

export interface NumbersRepoDeps {
  clock: Clock;
  /** otomaxDefaultKodeTerminal in force: a number without its own terminal uses it. */
  defaultKodeTerminal: () => number;
  /** Tests pin ids; the default is `wa-` + 8 random hex digits. */
  newId?: () => string;
}

const bool = (v: number | null): boolean | null => (v === null ? null : v === 1);
const bit = (v: boolean | null): number | null => (v === null ? null : v ? 1 : 0);

function toRecord(r: NumberRow): NumberRecord {
  return {
    id: r.id,
    name: r.name,
    kodeTerminal: r.kode_terminal,
    primary: r.is_primary === 1,
    fallbackId: r.fallback_number_id,
    options: {
      defaultReseller: r.default_reseller,
      forwardIncoming: bool(r.forward_incoming),
      forwardOutgoing: bool(r.forward_outgoing),
      forwardGroups: bool(r.forward_groups),
      forwardMedia: bool(r.forward_media),
      autoReply: bool(r.auto_reply),
    },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    removedAt: r.removed_at,
  };
}

function refuse(
  code: 'CONFLICT' | 'VALIDATION' | 'NOT_FOUND',
  reason: NumberRefusal,
  message: string,
  extra: {
    field?: string;
    name?: string;
  } = {},
): never {
  throw new AppError(code, message, {
    ...(extra.field ? { field: extra.field } : {}),
    params: extra.name === undefined ? { reason } : { reason, name: extra.name },
  });
}

export interface NumbersRepo {
  /** Live numbers: the primary first, then in the order they were added. */
  list(): NumberRecord[];
  /** Any number, removed ones too (the log shows their names). */
  get(id: string): NumberRecord | null;
  primary(): NumberRecord;
  /** The terminal in force for a number (its own, else the global default). */
  terminalOf(n: NumberRecord): number;
  /** Input from outside (zod-checked): {name, kodeTerminal?}. */
  add(input: unknown): NumberRecord;
  /** Input from outside (zod-checked): {id, name?, kodeTerminal?, fallbackId?, primary?: true}. */
  update(input: unknown): NumberRecord;
  /** Soft removal: removed_at set, fallbacks pointing at it cleared; its log rows stay. */
  remove(id: unknown): NumberRecord;
  setFallback(id: string, fallbackId: string | null): NumberRecord;
  setPrimary(id: string): NumberRecord;
  setOptions(id: unknown, options: unknown): NumberRecord;
}

/** The one owner of wa_numbers. Inputs from outside are parsed here (zod) before any statement runs. */
export function createNumbersRepo(db: Db, deps: NumbersRepoDeps): NumbersRepo {
  const newId = deps.newId ?? (() => `wa-${randomBytes(4).toString('hex')}`);
  const selectOne = db.prepare<[string], NumberRow>('SELECT * FROM wa_numbers WHERE id = ?');
  const countLive = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM wa_numbers WHERE removed_at IS NULL');
  // A terminal belongs to one live number, counting the numbers that use the global default as having it.
  const terminalOwner = db.prepare<[string, number, number], { id: string; name: string }>(
    'SELECT id, name FROM wa_numbers WHERE removed_at IS NULL AND id <> ? AND COALESCE(kode_terminal, ?) = ? LIMIT 1',
  );
  const insert = db.prepare<[string, string, number | null, number, number]>(
    'INSERT INTO wa_numbers (id, name, kode_terminal, is_primary, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?)',
  );
  const setName = db.prepare<[string, number, string]>('UPDATE wa_numbers SET name = ?, updated_at = ? WHERE id = ?');
  const setTerminal = db.prepare<[number | null, number, string]>(
    'UPDATE wa_numbers SET kode_terminal = ?, updated_at = ? WHERE id = ?',
  );
  const setFallback = db.prepare<[string | null, number, string]>(
    'UPDATE wa_numbers SET fallback_number_id = ?, updated_at = ? WHERE id = ?',
  );
  const clearPrimary = db.prepare<[number]>(
    'UPDATE wa_numbers SET is_primary = 0, updated_at = ? WHERE is_primary = 1',
  );
  const makePrimary = db.prepare<[number, string]>('UPDATE wa_numbers SET is_primary = 1, updated_at = ? WHERE id = ?');
  const setRemoved = db.prepare<[number, number, string]>(
    'UPDATE wa_numbers SET removed_at = ?, fallback_number_id = NULL, updated_at = ? WHERE id = ?',
  );
  const dropFallbackTo = db.prepare<[number, string]>(
    'UPDATE wa_numbers SET fallback_number_id = NULL, updated_at = ? WHERE fallback_number_id = ?',
  );
  const setOptions = db.prepare(
    `UPDATE wa_numbers SET default_reseller = @defaultReseller, forward_incoming = @forwardIncoming,
       forward_outgoing = @forwardOutgoing, forward_groups = @forwardGroups, forward_media = @forwardMedia,
       auto_reply = @autoReply, updated_at = @now WHERE id = @id`,
  );

  // The numbers in memory (issue 15: the terminal, options and primary were a query or two per message). The table
  // is small (at most MAX_NUMBERS live, plus the removed); every write here drops the copy, and so does a commit by
  // another connection (data_version moves: a test or a support tool editing the file), seen from the next loop
  // turn on. Records handed out are frozen: callers share them.
  const selectAll = db.prepare<[], NumberRow>('SELECT * FROM wa_numbers ORDER BY is_primary DESC, created_at, id');
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  let cache: {
    version: number;
    byId: Map<string, NumberRecord>;
    live: NumberRecord[];
    primary: NumberRecord | null;
  } | null = null;
  /** data_version is asked once a loop turn at most: the lookups of one message share the answer. */
  let checkedThisTurn = false;
  const cached = () => {
    if (cache && checkedThisTurn) return cache;
    const version = dataVersion.get() as number;
    checkedThisTurn = true;
    setImmediate(() => (checkedThisTurn = false));
    if (cache?.version === version) return cache;
    const all = selectAll.all().map((r) => {
      const n = toRecord(r);
      Object.freeze(n.options);
      return Object.freeze(n);
    });
    cache = {
      version,
      byId: new Map(all.map((n) => [n.id, n])),
      live: all.filter((n) => n.removedAt === null),
      primary: all.find((n) => n.primary) ?? null,
    };
    return cache;
  };
  /** A write: the copy in memory is dropped whether it commits or not. */
  const writes =
    <A extends unknown[], R>(fn: (...a: A) => R) =>
    (...a: A): R => {
      try {
        return fn(...a);
      } finally {
        cache = null;
      }
    };

  function live(id: string): NumberRow {
    const row = selectOne.get(id);
    if (!row) refuse('NOT_FOUND', 'removed', `number ${id} does not exist`, { field: 'id' });
    if (row.removed_at !== null) refuse('NOT_FOUND', 'removed', `number ${id} was removed`, { field: 'id' });
    return row;
  }

  function checkTerminal(id: string, kodeTerminal: number | null): void {
    const def = deps.defaultKodeTerminal();
    const owner = terminalOwner.get(id, def, kodeTerminal ?? def);
    if (owner) {
      refuse('CONFLICT', 'terminal_taken', `kode_terminal ${kodeTerminal ?? def} is already used by ${owner.id}`, {
        field: 'kodeTerminal',
        name: owner.name,
      });
    }
  }

  const add = db.transaction((input: unknown): NumberRecord => {
    const { name, kodeTerminal } = parseInput(addNumberSchema, input);
    if ((countLive.get()?.n ?? 0) >= MAX_NUMBERS) {
      refuse('CONFLICT', 'too_many', `at most ${MAX_NUMBERS} numbers`);
    }
    let id = newId();
    // An id is never reused, not even a removed number's: its rows in the log keep pointing at it alone.
    for (let i = 0; selectOne.get(id) && i < 5; i++) id = newId();
    if (selectOne.get(id)) throw new Error('could not pick a free number id');
    checkTerminal(id, kodeTerminal);
    const now = deps.clock.now();
    insert.run(id, name, kodeTerminal, now, now);
    return toRecord(live(id));
  });

  const update = db.transaction((input: unknown): NumberRecord => {
    const u = parseInput(updateNumberSchema, input);
    live(u.id);
    const now = deps.clock.now();
    if (u.name !== undefined) setName.run(u.name, now, u.id);
    if (u.kodeTerminal !== undefined) {
      checkTerminal(u.id, u.kodeTerminal);
      setTerminal.run(u.kodeTerminal, now, u.id);
    }
    if (u.fallbackId !== undefined) {
      if (u.fallbackId === u.id) {
        refuse('VALIDATION', 'fallback_self', 'a number cannot be its own fallback', { field: 'fallbackId' });
      }
      if (u.fallbackId !== null) {
        const f = selectOne.get(u.fallbackId);
        if (!f || f.removed_at !== null) {
          refuse('NOT_FOUND', 'fallback_unknown', `fallback ${u.fallbackId} is not a live number`, {
            field: 'fallbackId',
          });
        }
      }
      setFallback.run(u.fallbackId, now, u.id);
    }
    if (u.primary) {
      clearPrimary.run(now);
      makePrimary.run(now, u.id);
    }
    const { defaultReseller, forwardIncoming, forwardOutgoing, forwardGroups, forwardMedia, autoReply } = u;
    applyOptions(u.id, { defaultReseller, forwardIncoming, forwardOutgoing, forwardGroups, forwardMedia, autoReply });
    return toRecord(live(u.id));
  });

  const remove = db.transaction((rawId: unknown): NumberRecord => {
    const id = parseInput(numberIdSchema, rawId);
    const row = live(id);
    if (row.is_primary === 1) {
      refuse('CONFLICT', 'primary_remove', 'the primary number cannot be removed; make another number primary first', {
        field: 'id',
        name: row.name,
      });
    }
    const now = deps.clock.now();
    setRemoved.run(now, now, id);
    dropFallbackTo.run(now, id);
    return toRecord(selectOne.get(id) as NumberRow);
  });

  /** Sets the option fields given (undefined = unchanged, null = the global setting) over the stored ones. */
  const applyOptions = (id: string, o: NumberOptions): void => {
    const current = toRecord(live(id)).options;
    const given = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as NumberOptions;
    if (Object.keys(given).length === 0) return;
    const next = { ...current, ...given };
    setOptions.run({
      id,
      now: deps.clock.now(),
      defaultReseller: next.defaultReseller ?? null,
      forwardIncoming: bit(next.forwardIncoming ?? null),
      forwardOutgoing: bit(next.forwardOutgoing ?? null),
      forwardGroups: bit(next.forwardGroups ?? null),
      forwardMedia: bit(next.forwardMedia ?? null),
      autoReply: bit(next.autoReply ?? null),
    });
  };

  const options = db.transaction((rawId: unknown, input: unknown): NumberRecord => {
    const id = parseInput(numberIdSchema, rawId);
    live(id);
    applyOptions(id, parseInput(numberOptionsSchema, input));
    return toRecord(live(id));
  });

  return {
    list: () => [...cached().live],
    get: (id) => cached().byId.get(id) ?? null,
    primary: () => {
      const p = cached().primary;
      // Migration 005 inserts one and nothing here leaves none: a missing primary is a bug.
      if (!p) throw new Error('wa_numbers has no primary number');
      return p;
    },
    terminalOf: (n) => n.kodeTerminal ?? deps.defaultKodeTerminal(),
    add: writes(add),
    update: writes(update),
    remove: writes(remove),
    setFallback: (id, fallbackId) => writes(update)({ id, fallbackId }),
    setPrimary: (id) => writes(update)({ id, primary: true }),
    setOptions: writes(options),
  };
}
