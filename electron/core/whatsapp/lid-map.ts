import type { Clock } from '../clock';
import type { Db } from '../db/open';

/** The persistent LID ↔ phone table of one session (wa_lid_map). */
export interface LidMap {
  /** Phone digits for a normalized LID JID, or null. */
  phoneFor(lid: string): string | null;
  /** Remember (or refresh) what a LID stands for. */
  remember(lid: string, phone: string): void;
  size(): number;
}

export function createLidMap(db: Db, sessionId: string, clock: Clock): LidMap {
  const select = db.prepare<[string, string], { phone: string }>(
    'SELECT phone FROM wa_lid_map WHERE session_id = ? AND lid = ?',
  );
  const upsert = db.prepare<[string, string, string, number]>(
    `INSERT INTO wa_lid_map (session_id, lid, phone, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (session_id, lid) DO UPDATE SET phone = excluded.phone, updated_at = excluded.updated_at
     WHERE wa_lid_map.phone <> excluded.phone`,
  );
  const count = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM wa_lid_map WHERE session_id = ?');
  return {
    phoneFor(lid) {
      return select.get(sessionId, lid)?.phone ?? null;
    },
    remember(lid, phone) {
      upsert.run(sessionId, lid, phone, clock.now());
    },
    size() {
      return count.get(sessionId)?.n ?? 0;
    },
  };
}
