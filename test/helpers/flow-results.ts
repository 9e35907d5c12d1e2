import Database from 'better-sqlite3';
import type { FlowFilter } from '../../shared/dto';
import { loadMigrations, migrate, type Db } from '../../electron/core/db/open';
import { createFlowQuery } from '../../electron/core/forwarder/flow-query';
import { createInboundRepo } from '../../electron/core/forwarder/inbound-repo';
import { seedLog } from './seed-log';

/**
 * Every row id of each filter (page by page, at most 100 pages of 250) and its total, through the live flow's query:
 * what a migration must leave the same.
 */
export function flowResults(db: Db, filters: FlowFilter[]): Record<string, { ids: string[]; total: number }> {
  const flow = createFlowQuery(db, createInboundRepo(db));
  const out: Record<string, { ids: string[]; total: number }> = {};
  for (const f of filters) {
    const ids: string[] = [];
    let before: string | null = null;
    let total = 0;
    for (let i = 0; i < 100; i++) {
      const p = flow.page(f, before, 250);
      if (i === 0) total = p.total;
      ids.push(...p.rows.map((r) => r.id));
      before = p.nextCursor;
      if (!before) break;
    }
    out[JSON.stringify(f)] = { ids, total };
  }
  return out;
}

/** What each full-text index finds for each query, straight from the index (rowids in order). */
export function indexMatches(db: Db, queries: Record<string, string[]>): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [table, list] of Object.entries(queries)) {
    for (const q of list) {
      out[`${table} ${q}`] = (
        db.prepare(`SELECT rowid AS id FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid`).all(q) as { id: number }[]
      ).map((r) => r.id);
    }
  }
  return out;
}

/**
 * A database file as Jembatan left it at schema `version` (migrations up to it, WAL, foreign keys on) with a seeded
 * log of `inbound` messages and half as many outbox messages from 150 resellers, one a second from `start`: what a
 * migration test upgrades. Returned open, for the caller's own rows; the caller closes it.
 */
export function databaseAtVersion(
  path: string,
  version: number,
  o: { start: number; inbound: number },
): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  migrate(
    db,
    loadMigrations().filter((m) => m.version <= version),
  );
  if (db.pragma('user_version', { simple: true }) !== version) throw new Error(`schema is not at ${version}`);
  seedLog(db, { inbound: o.inbound, outbox: o.inbound / 2, start: o.start, stepMs: 1000, resellers: 150 });
  return db;
}
