import type { Clock } from '../kernel/clock';
import type { Db } from '../db/open';

/** The persistent LID ↔ phone table of one session (wa_lid_map). */
export interface LidMap {
  /** Phone digits for a normalized LID JID, or null. */
  phoneFor(lid: string): string | null;
  /** The LID WhatsApp keeps this phone's chat by (the newest pair), or null. */
  lidFor(phone: string): string | null;
  /**
   * Remember (or correct) what a LID stands for, from a source that states the pair itself: Baileys'
   * lid-mapping events and store, the history sync, contacts that carry both addresses.
   */
  remember(lid: string, phone: string): void;
  /**
   * A pair read from a message key: kept only when the LID is new. A key never overwrites a stored pair,
   * so one odd key cannot move a reseller's LID onto another number.
   */
  learn(lid: string, phone: string): void;
  size(): number;
}

export function createLidMap(db: Db, sessionId: string, clock: Clock): LidMap {
  const select = db.prepare<[string, string], { phone: string }>(
    'SELECT phone FROM wa_lid_map WHERE session_id = ? AND lid = ?',
  );
  const selectLid = db.prepare<[string, string], { lid: string }>(
    'SELECT lid FROM wa_lid_map WHERE session_id = ? AND phone = ? ORDER BY updated_at DESC LIMIT 1',
  );
  const upsert = db.prepare<[string, string, string, number]>(
    `INSERT INTO wa_lid_map (session_id, lid, phone, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (session_id, lid) DO UPDATE SET phone = excluded.phone, updated_at = excluded.updated_at
     WHERE wa_lid_map.phone <> excluded.phone`,
  );
  const insertNew = db.prepare<[string, string, string, number]>(
    `INSERT INTO wa_lid_map (session_id, lid, phone, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (session_id, lid) DO NOTHING`,
  );
  const count = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM wa_lid_map WHERE session_id = ?');
  return {
    phoneFor(lid) {
      return select.get(sessionId, lid)?.phone ?? null;
    },
    lidFor(phone) {
      return selectLid.get(sessionId, phone)?.lid ?? null;
    },
    remember(lid, phone) {
      upsert.run(sessionId, lid, phone, clock.now());
    },
    learn(lid, phone) {
      insertNew.run(sessionId, lid, phone, clock.now());
    },
    size() {
      return count.get(sessionId)?.n ?? 0;
    },
  };
}
