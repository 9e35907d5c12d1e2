import type { Statement } from 'better-sqlite3';
import { NEEDS_CHECK, UNCERTAIN_CLASSES_SQL } from './uncertain';
import type { FlowFilter } from '../../../shared/dto';
import type { Db } from '../db/open';
import { normalizePhone } from '../otomax';
import { createFlowStatusesRepo, mergeNewest } from './flow-statuses-repo';
import { createPhoneList } from './flow-phones-repo';
import { createSearchIndexRepo } from './search-index-repo';

/**
 * One log table (inbound or outbox) read in time order, newest first, without sorting or counting the whole table:
 * - a page walks an index range backwards from the cursor and stops after `limit` ids (keyset pagination);
 * - a text or phone search first looks at a window of the newest rows (a common term fills the page there), and
 *   only when the term is rare asks for its few matches, then sorts those: a text term through its trigram index
 *   (migration 004), a phone through the phones that contain its digits, each read on the (phone, time) index
 *   (the phone trigram indexes went in migration 008);
 * - the total is the counter table when unfiltered, otherwise a count that stops at COUNT_CAP (a lower bound).
 * Every LIKE is applied to the real column too, so the trigram index only ever narrows, never changes, the answer.
 * The trigram index covers the rows up to its watermark (migration 009: it is filled in the background by
 * search-indexer.ts); every search through it also reads the rows past the watermark (the tail, a quarter second of
 * traffic at a steady rate) on the table itself, so a message is found the moment it is logged.
 */

export const COUNT_CAP = 10_000;
/** A number with at most this many rows in a table is read through its own rows when no index fits the filter. */
const SMALL_NUMBER = 20_000;
/** A status or time range with at most this many rows is counted through its own rows when the term is common. */
const SMALL_FILTER = 10_000;
/** Rows a search looks at before it asks the trigram index. */
const WINDOW = 2_000;
/** The widest second look before the trigram index is asked. */
const MAX_WINDOW = 40_000;

export interface TableSpec {
  dir: 'in' | 'outbox';
  table: 'inbound_messages' | 'outbox_messages';
  /** The trigram index of the text column (migration 004; the phone ones went in 008). */
  search: { text: string };
  counter: 'inbound' | 'outbox';
  time: string;
  phone: string;
  text: string;
  status: string;
  otomax: string | null;
  phoneIndex: 'inbound_by_phone' | 'outbox_by_phone';
  /** The WhatsApp number the row used (migration 006 indexes it with the time). */
  number: 'session_id' | 'number_id';
  /** sortkey = id * 2 + offset: the order between rows of both tables with the same time. */
  offset: 0 | 1;
}

export const INBOUND_SPEC: TableSpec = {
  dir: 'in',
  table: 'inbound_messages',
  search: { text: 'inbound_text_search' },
  counter: 'inbound',
  time: 'received_at',
  phone: 'sender_phone',
  phoneIndex: 'inbound_by_phone',
  number: 'session_id',
  text: 'text',
  status: 'status',
  otomax: 'otomax_status',
  offset: 1,
};

export const OUTBOX_SPEC: TableSpec = {
  dir: 'outbox',
  table: 'outbox_messages',
  search: { text: 'outbox_text_search' },
  counter: 'outbox',
  time: 'received_at',
  phone: 'penerima',
  phoneIndex: 'outbox_by_phone',
  number: 'number_id',
  text: 'pesan',
  status: 'status',
  otomax: null,
  offset: 0,
};

export interface Cursor {
  time: number;
  sortkey: number;
}

export interface Scanned {
  id: number;
  time: number;
}

function likeEscape(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The digits a phone filter looks for: 08…, +62… and 62… all become 62…, whole or partial ("0812" finds every
 * 62812… number, as an Indonesian owner types it); a fragment without a prefix ("3456") stays as typed.
 */
export function phoneNeedle(phone: string): string {
  const whole = normalizePhone(phone);
  if (whole) return whole;
  const t = phone.trim();
  let digits = t.replace(/\D/g, '');
  if (t.startsWith('+') || digits.startsWith('00')) digits = digits.replace(/^00/, '');
  else if (digits.startsWith('0')) digits = `62${digits.slice(1)}`;
  if (digits.startsWith('620')) digits = `62${digits.slice(3)}`;
  return digits;
}

/** A trigram with at most this many rows is a good way in: its candidates are few enough to check and sort. */
const PROBE_LIMIT = 5_000;
/** At most this many phones are read one by one (each in its own index order) before a rare text trigram is tried. */
const MAX_PHONES = 64;
/**
 * With no rare text trigram, at most this many phones are read one by one (one index seek each, a few µs); more, and
 * the phone index is scanned whole instead (see `scan` below).
 */
const MAX_PHONES_READ = 4_000;

/**
 * `wide`: the term's common trigrams together (none is rare): many candidates (the slow way in). `scan`: the whole phone index
 * (phone, time) read and each entry's phone checked: the way in when the table has more distinct phones than the
 * phone list keeps, or the digits are in too many of them; correct, and its count stops at COUNT_CAP.
 */
export type Narrow =
  | { kind: 'phones'; phones: string[] }
  | { kind: 'fts'; table: string; query: string; wide?: boolean }
  | { kind: 'scan' };

function trigrams(term: string): string[] {
  const chars = [...term];
  return [...new Set(chars.slice(0, -2).map((_, i) => chars.slice(i, i + 3).join('')))];
}

/** Trigrams asked of the index per term: enough to make a rare term's candidates few, few enough to stay quick. */
const MAX_TRIGRAMS = 12;
/** A common trigram goes into the intersection when at most this many times as dense as the term's sparsest. */
const DENSER = 8;

/**
 * A queued message that OtomaX already failed to take (refused, timed out, not configured): shown and filtered as
 * 'waiting_otomax' ("Menunggu OtomaX"). Derived, never stored; `a` is the inbound table's alias.
 */
export function waitingOtomax(a: string): string {
  return `(${a}.status IN ('queued', 'forwarding') AND (${a}.error_class IS NOT NULL
  OR EXISTS (SELECT 1 FROM forward_attempts fa WHERE fa.inbound_id = ${a}.id AND fa.outcome <> 'ok')))`;
}

interface Parts {
  /** Conditions an index can serve: time range, status. */
  indexed: string[];
  indexedParams: unknown[];
  /** LIKE conditions (checked on the real columns). */
  like: string[];
  likeParams: unknown[];
  /** The digits a phone filter looks for; the text term, as given. */
  needle: string | null;
  terms: { table: string; term: string }[];
  /**
   * A number filter without a status: its rows in time order are read one status at a time (see `partitions`).
   * Every other number filter is checked row by row (the term is written `+t.number = ?`, so the planner walks the
   * time, status or answer index as without it) unless a status is bound, when (number, status, time) serves.
   */
  numberSplit: boolean;
}

const numberTerm = (spec: TableSpec) => `t.${spec.number} = ?`;
/** "Unknown sender" as the owner means it: no number found, or OtomaX answered 41 (not a reseller). */
const SENDER_UNKNOWN = `(t.status = 'sender_unknown' OR t.otomax_status = 41)`;

/** null = this table cannot have a row matching the filter (an OtomaX status code on the outbox). */
function parts(spec: TableSpec, filter: FlowFilter): Parts | null {
  let statusBound = false;
  const p: Parts = {
    indexed: [],
    indexedParams: [],
    like: [],
    likeParams: [],
    needle: null,
    terms: [],
    numberSplit: false,
  };
  const t = `t.${spec.time}`;
  if (filter.from !== undefined) {
    p.indexed.push(`${t} >= ?`);
    p.indexedParams.push(filter.from);
  }
  if (filter.to !== undefined) {
    p.indexed.push(`${t} <= ?`);
    p.indexedParams.push(filter.to);
  }
  if (filter.status === NEEDS_CHECK) {
    // Flagged "perlu dicek": only inbound messages can be.
    if (spec.dir === 'outbox') return null;
    p.indexed.push(`t.${spec.status} = 'failed' AND t.error_class IN ${UNCERTAIN_CLASSES_SQL}`);
    statusBound = true;
  } else if (filter.status) {
    if (/^\d+$/.test(filter.status)) {
      if (!spec.otomax) return null;
      p.indexed.push(`t.${spec.otomax} = ?`);
      p.indexedParams.push(Number(filter.status));
    } else if (spec.dir === 'in' && filter.status === 'sender_unknown') {
      // "Unknown sender" as the owner means it: no number found, or OtomaX answered 41 (not a reseller).
      p.indexed.push(SENDER_UNKNOWN);
    } else if (spec.dir === 'in' && filter.status === 'waiting_otomax') {
      p.indexed.push(waitingOtomax('t'));
    } else if (spec.dir === 'in' && (filter.status === 'queued' || filter.status === 'forwarding')) {
      p.indexed.push(`t.${spec.status} = ? AND NOT ${waitingOtomax('t')}`);
      p.indexedParams.push(filter.status);
      statusBound = true;
    } else {
      p.indexed.push(`t.${spec.status} = ?`);
      p.indexedParams.push(filter.status);
      statusBound = true;
    }
  }
  if (filter.number !== undefined) {
    p.indexed.push(statusBound ? numberTerm(spec) : `+${numberTerm(spec)}`);
    p.indexedParams.push(filter.number);
    p.numberSplit = filter.status === undefined;
  }
  // One way in narrows the candidates (the phone list, or the text index); the LIKEs check.
  if (filter.phone) {
    const digits = phoneNeedle(filter.phone);
    p.like.push(`t.${spec.phone} LIKE ? ESCAPE '\\'`);
    p.likeParams.push(likeEscape(digits));
    p.needle = digits;
  }
  if (filter.text) {
    p.like.push(`t.${spec.text} LIKE ? ESCAPE '\\'`);
    p.likeParams.push(likeEscape(filter.text));
    p.terms.push({ table: spec.search.text, term: filter.text });
  }
  return p;
}

const and = (xs: string[]) => (xs.length ? xs.join(' AND ') : '1');

/** Index conditions and their values: the whole filter's, or one part of it. */
interface Part {
  indexed: string[];
  params: unknown[];
}

/** The largest id of this table that sorts before the cursor at the cursor's time. */
function cursorId(spec: TableSpec, c: Cursor): number {
  return Math.floor((c.sortkey - 1 - spec.offset) / 2);
}

/**
 * The trigram counts a page has probed (table and trigram → rows, up to PROBE_LIMIT + 1): a page asks its ids and its
 * count with the same filter, and each trigram is counted once for both. One per page, never kept longer: the counts
 * only choose the way in (the LIKE decides the answer), and a fresh page probes again.
 */
export type Probes = Map<string, Probe>;

/** A trigram's rows (up to PROBE_LIMIT + 1) and the rowids they span. */
interface Probe {
  n: number;
  span: number;
}

export interface TableScanOptions {
  /** Distinct phones listed at most for phone searches (flow-phones-repo.ts); past it the phone index is scanned. */
  phoneListMax?: number;
  /** Rows a trigram may be in to count as rare (default PROBE_LIMIT); tests make it small. */
  probeLimit?: number;
}

export function createTableScan(db: Db, spec: TableSpec, opts: TableScanOptions = {}) {
  // A handful of filter shapes exist (which filters are set); each SQL text is prepared once and kept.
  const statements = new Map<string, Statement>();
  const prepare = (sql: string): Statement => {
    let s = statements.get(sql);
    if (!s) {
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  };
  const order = `ORDER BY t.${spec.time} DESC, t.id DESC`;
  const from = `FROM ${spec.table} t`;
  // CROSS JOIN keeps the trigram index outermost: its few candidates drive, the table is looked up by id.
  const fromFts = (fts: string) => `FROM ${fts} CROSS JOIN ${spec.table} t ON t.id = ${fts}.rowid`;
  // One phone's rows in its own index order, whatever other filter could tempt the planner elsewhere.
  const fromPhone = `FROM ${spec.table} t INDEXED BY ${spec.phoneIndex}`;
  const counter = db.prepare<[string], { n: number }>('SELECT n FROM flow_counts WHERE name = ?');
  const phones = createPhoneList(db, spec, opts.phoneListMax);
  const probeLimit = opts.probeLimit ?? PROBE_LIMIT;
  const statuses = createFlowStatusesRepo(db, spec.table);
  const searchIndex = createSearchIndexRepo(db);
  /**
   * The rows past the index's watermark that match every condition, checked on the table: NOT INDEXED keeps the
   * planner on the rowid range (a time index would walk the whole table backwards for a rare term). The tail is
   * what the indexer has not reached: a few hundred rows at most while it keeps up; after a restart with a backlog
   * it is read whole until caught up (correct, slower: about 25 ms a read for 120,000 rows waiting, 2 shared cores).
   */
  const tail = (fts: string, where: string, params: unknown[], limit: number): Scanned[] =>
    prepare(
      `SELECT t.id, t.${spec.time} AS time FROM ${spec.table} t NOT INDEXED WHERE t.id > ? AND ${where} ${order} LIMIT ?`,
    ).all(searchIndex.watermark(fts), ...params, limit) as Scanned[];
  const tailCount = (fts: string, where: string, params: unknown[]): number =>
    (
      prepare(
        `SELECT count(*) AS n FROM (SELECT 1 FROM ${spec.table} t NOT INDEXED WHERE t.id > ? AND ${where} LIMIT ?)`,
      ).get(searchIndex.watermark(fts), ...params, COUNT_CAP + 1) as { n: number }
    ).n;

  /**
   * How many rows of the index hold a trigram, counted up to PROBE_LIMIT + 1, and the rowids those first rows span
   * (for a common trigram: the fewer rows it is in, the wider the span). Once per page: see Probes.
   */
  const probe = (probes: Probes, table: string, query: string): Probe => {
    const key = `${table}\u0000${query}`;
    let r = probes.get(key);
    if (!r) {
      r = prepare(
        `SELECT count(*) AS n, coalesce(max(rowid) - min(rowid), 0) AS span FROM (SELECT rowid FROM ${table} WHERE ${table} MATCH ? LIMIT ?)`,
      ).get(query, probeLimit + 1) as Probe;
      probes.set(key, r);
    }
    return r;
  };

  /**
   * How to find a rare term's rows: the few phones that contain the digits (each read in its own index order), or
   * the rare trigrams of the text together (each in at most PROBE_LIMIT rows; the index intersects them, so
   * "1234567", made of trigrams in 4,000-5,000 rows each, has a handful of candidates to check on the table, not the
   * rarest trigram's 4,000), or, failing both, the phones that contain the digits however many (or the phone index
   * scanned, past MAX_PHONES_READ of them or when the table has too many phones to list), or the term's common
   * trigrams together (correct, slower: a term rare overall but made of common trigrams, or a common term being
   * counted). Common trigrams go in only when at most DENSER times as dense as the sparsest: walking the list of a
   * trigram in most rows ("081" of "S5.0811") cost more than the few candidates it takes out.
   */
  const narrow = (p: Parts, probes: Probes): Narrow | null => {
    const list = p.needle ? phones.matching(p.needle) : null;
    if (list && list.length <= MAX_PHONES) return { kind: 'phones', phones: list };
    let best: { table: string; query: string; n: number } | null = null;
    let wide: { table: string; query: string } | null = null;
    for (const { table, term } of p.terms) {
      const grams = trigrams(term).map((gram) => {
        const query = `"${gram.replace(/"/g, '""')}"`;
        return { query, ...probe(probes, table, query) };
      });
      const rare = grams
        .filter((g) => g.n <= probeLimit)
        .sort((a, b) => a.n - b.n)
        .slice(0, MAX_TRIGRAMS);
      const first = rare[0];
      if (first && (!best || first.n < best.n)) {
        // A trigram in no row: no row holds the term, the intersection is that empty list.
        const query = first.n === 0 ? first.query : rare.map((g) => g.query).join(' AND ');
        best = { table, query, n: first.n };
      }
      const sparse = grams.sort((a, b) => b.span - a.span);
      const widest = sparse[0]?.span ?? 0;
      const picked = sparse.filter((g) => g.span * DENSER >= widest).slice(0, MAX_TRIGRAMS);
      if (picked.length) wide = { table, query: picked.map((g) => g.query).join(' AND ') };
    }
    if (best) return { kind: 'fts', table: best.table, query: best.query };
    if (p.needle) return list && list.length <= MAX_PHONES_READ ? { kind: 'phones', phones: list } : { kind: 'scan' };
    return wide ? { kind: 'fts', ...wide, wide: true } : null;
  };

  /**
   * True when the filter's index conditions are only a stored status and a time range (each walks its own index) and
   * hold at most SMALL_FILTER rows: checking those rows costs less than a common term's candidates.
   */
  const fewRows = (p: Parts): boolean => {
    const simple = [`t.${spec.time} >= ?`, `t.${spec.time} <= ?`, `t.${spec.status} = ?`];
    if (!p.indexed.length || !p.indexed.every((c) => simple.includes(c))) return false;
    const n = (
      prepare(`SELECT count(*) AS n FROM (SELECT 1 ${from} WHERE ${and(p.indexed)} LIMIT ?)`).get(
        ...p.indexedParams,
        SMALL_FILTER + 1,
      ) as { n: number }
    ).n;
    return n <= SMALL_FILTER;
  };

  /**
   * The conditions split so that each part walks one index in time order: a number filter without a status is read
   * one status at a time on the (number, status, time) index (migration 007 dropped the (number, time) one), and
   * the parts' newest rows merged are the newest rows of the whole. No split otherwise: one part, as given.
   */
  const partitions = (filter: FlowFilter, p: Parts, whole: Part): Part[] => {
    const loose = whole.indexed.includes(`+${numberTerm(spec)}`);
    // A number with few rows and a condition no index of it serves (an OtomaX code, unknown senders, waiting):
    // walking the number's own rows, status by status, costs at most SMALL_NUMBER rows.
    if (filter.number !== undefined && loose && !p.numberSplit && statuses.small(filter.number, SMALL_NUMBER)) {
      // The answer code is checked on each row (a leading +): on its own index the planner would walk every row
      // with that code in the table, once per status.
      const indexed = whole.indexed.map((c) =>
        c === `+${numberTerm(spec)}` ? numberTerm(spec) : c === `t.${spec.otomax} = ?` ? `+${c}` : c,
      );
      return statuses.of(filter.number).map((s) => ({
        indexed: [...indexed, `t.${spec.status} = ?`],
        params: [...whole.params, s],
      }));
    }
    if (filter.number !== undefined && whole.indexed.includes(SENDER_UNKNOWN)) {
      // A number's unknown senders: its 'sender_unknown' rows on (number, status, time), and its other rows that
      // OtomaX answered 41 on the answer index (no row is in both parts).
      const swap = (c: string, to: string, number: string) =>
        c === SENDER_UNKNOWN ? to : c === `+${numberTerm(spec)}` ? number : c;
      return [
        {
          indexed: whole.indexed.map((c) => swap(c, `t.${spec.status} = 'sender_unknown'`, numberTerm(spec))),
          params: whole.params,
        },
        {
          indexed: whole.indexed.map((c) =>
            swap(c, `t.otomax_status = 41 AND t.${spec.status} <> 'sender_unknown'`, `+${numberTerm(spec)}`),
          ),
          params: whole.params,
        },
      ];
    }
    if (filter.number === undefined || !p.numberSplit) return [whole];
    const indexed = whole.indexed.map((c) => (c === `+${numberTerm(spec)}` ? numberTerm(spec) : c));
    return statuses.of(filter.number).map((s) => ({
      indexed: [...indexed, `t.${spec.status} = ?`],
      params: [...whole.params, s],
    }));
  };

  /**
   * The newest `limit` matches of the LIKE conditions, found among the newest rows: null when they do not hold a
   * page and there are more rows than were looked at (a rare term: ask the trigram index instead).
   */
  const windowed = (filter: FlowFilter, v: Part, p: Parts, limit: number): Scanned[] | null => {
    const parted = partitions(filter, p, v);
    /** The matches among the newest `size` rows, and how many rows that window held. */
    let look: (size: number) => { near: Scanned[]; looked: number | null };
    if (parted.length === 1 && parted[0] === v) {
      const inner = `SELECT t.id, t.${spec.time}, t.${spec.phone}, t.${spec.text} ${from} WHERE ${and(v.indexed)} ${order} LIMIT ?`;
      const stmt = prepare(
        `SELECT t.id, t.${spec.time} AS time FROM (${inner}) t WHERE ${and(p.like)} ${order} LIMIT ?`,
      );
      look = (size) => ({ near: stmt.all(...v.params, size, ...p.likeParams, limit) as Scanned[], looked: null });
    } else {
      // A number without a status: its newest rows are the parts' newest merged (each part's index alone), then
      // the LIKE conditions are checked on those rows by id.
      const newest = `SELECT t.id, t.${spec.time} AS time ${from}`;
      const check = prepare(
        `SELECT t.id, t.${spec.time} AS time ${from} WHERE t.id IN (SELECT value FROM json_each(?)) AND ${and(p.like)} ${order} LIMIT ?`,
      );
      look = (size) => {
        const ids = mergeNewest(
          parted.map(
            (x) => prepare(`${newest} WHERE ${and(x.indexed)} ${order} LIMIT ?`).all(...x.params, size) as Scanned[],
          ),
          size,
        );
        const near = check.all(JSON.stringify(ids.map((r) => r.id)), ...p.likeParams, limit) as Scanned[];
        return { near, looked: ids.length };
      };
    }
    const first = look(WINDOW + 1);
    const near = first.near;
    if (near.length >= limit) return near;
    const looked =
      first.looked ??
      (
        prepare(`SELECT count(*) AS n FROM (SELECT 1 ${from} WHERE ${and(v.indexed)} LIMIT ?)`).get(
          ...v.params,
          WINDOW + 1,
        ) as { n: number }
      ).n;
    if (looked <= WINDOW) return near;
    // A term of middling frequency: a wider window, sized from the matches seen, costs less than sorting
    // the trigram index's many candidates.
    if (near.length > 0) {
      const wider = Math.ceil((2 * limit * WINDOW) / near.length);
      if (wider <= MAX_WINDOW) {
        const more = look(wider).near;
        if (more.length >= limit) return more;
      }
    }
    return null;
  };

  return {
    spec,
    /** The way a rare filter's rows are found (for tests and diagnostics): what `ids` and `count` read past the window. */
    plan(filter: FlowFilter): Narrow | null {
      const p = parts(spec, filter);
      return p && (p.like.length ? narrow(p, new Map()) : null);
    },
    /** Up to `limit` ids matching the filter, newest first, strictly before the cursor. */
    ids(filter: FlowFilter, cursor: Cursor | null, limit: number, probes: Probes = new Map()): Scanned[] {
      const p = parts(spec, filter);
      if (!p) return [];
      const indexed = [...p.indexed];
      const indexedParams = [...p.indexedParams];
      if (cursor) {
        indexed.push(`(t.${spec.time}, t.id) <= (?, ?)`);
        indexedParams.push(cursor.time, cursorId(spec, cursor));
      }
      const cols = `SELECT t.id, t.${spec.time} AS time`;
      if (!p.like.length) {
        return mergeNewest(
          partitions(filter, p, { indexed, params: indexedParams }).map(
            (v) =>
              prepare(`${cols} ${from} WHERE ${and(v.indexed)} ${order} LIMIT ?`).all(...v.params, limit) as Scanned[],
          ),
          limit,
        );
      }
      // A common term: the newest rows hold a page of matches (or are all the rows there are).
      const near = windowed(filter, { indexed, params: indexedParams }, p, limit);
      if (near) return near;
      // A rare term: its candidates (few), checked against every condition, then sorted.
      const n = narrow(p, probes);
      const all = [...indexed, ...p.like];
      if (n?.kind === 'phones') {
        const stmt = prepare(`${cols} ${fromPhone} WHERE t.${spec.phone} = ? AND ${and(all)} ${order} LIMIT ?`);
        const merged = n.phones.flatMap((ph) => stmt.all(ph, ...indexedParams, ...p.likeParams, limit) as Scanned[]);
        return merged.sort((a, b) => b.time - a.time || b.id - a.id).slice(0, limit);
      }
      if (n?.kind === 'scan') {
        return prepare(`${cols} ${fromPhone} WHERE ${and(all)} ${order} LIMIT ?`).all(
          ...indexedParams,
          ...p.likeParams,
          limit,
        ) as Scanned[];
      }
      if (n) {
        const indexedRows = prepare(
          `${cols} ${fromFts(n.table)} WHERE ${n.table} MATCH ? AND ${and(all)} ${order} LIMIT ?`,
        ).all(n.query, ...indexedParams, ...p.likeParams, limit) as Scanned[];
        // The index covers rows up to its watermark and the tail holds the rest: no row is in both.
        return mergeNewest([indexedRows, tail(n.table, and(all), [...indexedParams, ...p.likeParams], limit)], limit);
      }
      return prepare(`${cols} ${from} WHERE ${and(all)} ${order} LIMIT ?`).all(
        ...indexedParams,
        ...p.likeParams,
        limit,
      ) as Scanned[];
    },

    /** How many rows match: exact up to COUNT_CAP, else COUNT_CAP with `capped`. */
    count(filter: FlowFilter, probes: Probes = new Map()): { n: number; capped: boolean } {
      const p = parts(spec, filter);
      if (!p) return { n: 0, capped: false };
      let n: number;
      if (!p.indexed.length && !p.like.length) {
        n = counter.get(spec.counter)?.n ?? 0;
        return { n, capped: false };
      }
      const where = and([...p.indexed, ...p.like]);
      const params = [...p.indexedParams, ...p.likeParams];
      let nar = p.like.length ? narrow(p, probes) : null;
      // A number with few rows counts its own rows (below) rather than a common term's candidates in the whole log.
      if (nar?.kind === 'fts' && nar.wide && filter.number !== undefined && statuses.small(filter.number, SMALL_NUMBER))
        nar = null;
      // So does a status or time range with few rows: a common term's candidates can be every row of the table, none
      // kept ("0811" in the outbox's 'failed' rows: 500,000 candidates read for 0 rows, 200 ms).
      if (nar?.kind === 'fts' && nar.wide && fewRows(p)) nar = null;
      if (nar?.kind === 'phones') {
        const stmt = prepare(
          `SELECT count(*) AS n FROM (SELECT 1 ${fromPhone} WHERE t.${spec.phone} = ? AND ${where} LIMIT ?)`,
        );
        n = 0;
        for (const ph of nar.phones) {
          if (n > COUNT_CAP) break;
          n += (stmt.get(ph, ...params, COUNT_CAP + 1) as { n: number }).n;
        }
      } else if (nar?.kind === 'scan') {
        n = (
          prepare(`SELECT count(*) AS n FROM (SELECT 1 ${fromPhone} WHERE ${where} LIMIT ?)`).get(
            ...params,
            COUNT_CAP + 1,
          ) as { n: number }
        ).n;
      } else if (nar) {
        n = (
          prepare(
            `SELECT count(*) AS n FROM (SELECT 1 ${fromFts(nar.table)} WHERE ${nar.table} MATCH ? AND ${where} LIMIT ?)`,
          ).get(nar.query, ...params, COUNT_CAP + 1) as { n: number }
        ).n;
        if (n <= COUNT_CAP) n += tailCount(nar.table, where, params);
      } else {
        // Part by part (each on its index), stopping once past the cap.
        n = 0;
        for (const v of partitions(filter, p, { indexed: p.indexed, params: p.indexedParams })) {
          if (n > COUNT_CAP) break;
          n += (
            prepare(`SELECT count(*) AS n FROM (SELECT 1 ${from} WHERE ${and([...v.indexed, ...p.like])} LIMIT ?)`).get(
              ...v.params,
              ...p.likeParams,
              COUNT_CAP + 1,
            ) as { n: number }
          ).n;
        }
      }
      return n > COUNT_CAP ? { n: COUNT_CAP, capped: true } : { n, capped: false };
    },
  };
}

export type TableScan = ReturnType<typeof createTableScan>;
