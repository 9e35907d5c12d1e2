import type { FlowFilter } from '../../shared/dto';
import type { Db } from '../../electron/core/db/open';
import { createFlowQuery } from '../../electron/core/forwarder/flow-query';
import { createInboundRepo } from '../../electron/core/forwarder/inbound-repo';

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
