import type { Db } from '../db/open';

/**
 * Today's traffic per WhatsApp number, for Status: what each number received and what it sent. Reads only (the log
 * tables' writers are their own repositories); every count walks an index on time (migration 006 for inbound).
 */
export interface NumberTraffic {
  id: string;
  /** The number's name, kept for a removed number; null for a session the numbers table never knew. */
  name: string | null;
  received: number;
  sent: number;
}

export function createFlowNumbersRepo(db: Db) {
  const received = db.prepare<[number], { id: string; n: number }>(
    // Today's rows only: left to itself the planner walks the whole (session_id, received_at) index for the GROUP BY.
    'SELECT session_id AS id, count(*) AS n FROM inbound_messages INDEXED BY inbound_by_time WHERE received_at >= ? GROUP BY session_id',
  );
  // Sent = WhatsApp took it (sent, then delivered, then read); a message sent today counts today.
  const sent = db.prepare<[number, number], { id: string; n: number }>(
    `SELECT session_id AS id, count(*) AS n FROM outbound_messages INDEXED BY outbound_by_time
     WHERE created_at >= ? - 86400000 AND sent_at >= ? AND status IN ('sent', 'delivered', 'read') GROUP BY session_id`,
  );
  const live = db.prepare<[], { id: string; name: string; primary: number }>(
    'SELECT id, name, is_primary AS "primary" FROM wa_numbers WHERE removed_at IS NULL ORDER BY is_primary DESC, created_at, id',
  );
  const nameOf = db.prepare<[string], { name: string }>('SELECT name FROM wa_numbers WHERE id = ?');
  return {
    /** Every live number (primary first), then any other number with traffic today (a removed one). */
    since(start: number): NumberTraffic[] {
      const rec = new Map(received.all(start).map((r) => [r.id, r.n]));
      const snt = new Map(sent.all(start, start).map((r) => [r.id, r.n]));
      const rows: NumberTraffic[] = live
        .all()
        .map((n) => ({ id: n.id, name: n.name, received: rec.get(n.id) ?? 0, sent: snt.get(n.id) ?? 0 }));
      const known = new Set(rows.map((r) => r.id));
      for (const id of new Set([...rec.keys(), ...snt.keys()])) {
        if (known.has(id)) continue;
        rows.push({ id, name: nameOf.get(id)?.name ?? null, received: rec.get(id) ?? 0, sent: snt.get(id) ?? 0 });
      }
      return rows;
    },
  };
}

export type FlowNumbersRepo = ReturnType<typeof createFlowNumbersRepo>;
