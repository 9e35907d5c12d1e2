import type { Db } from '../db/open';

/**
 * One question over inbound_messages for the outbox routing rule (electron/core/numbers/route.ts): which of these
 * numbers did this reseller last write to? A separate file only while inbound-repo.ts is being restructured
 * (issue 13); its statement belongs in createInboundRepo and moves there when that lands.
 *
 * Walks inbound_by_phone (sender_phone, received_at) newest first and stops at the first row on a live number.
 * Groups and our own echoes are not the reseller writing to a number.
 */
export interface InboundLastChat {
  lastNumberFor(phone: string, liveNumberIds: readonly string[]): string | null;
}

/** Exported for the query-plan test. */
export const LAST_CHAT_SQL = `SELECT session_id FROM inbound_messages
     WHERE sender_phone = ? AND from_me = 0 AND is_group = 0
       AND session_id IN (SELECT value FROM json_each(?))
     ORDER BY received_at DESC, id DESC LIMIT 1`;

export function createInboundLastChat(db: Db): InboundLastChat {
  const select = db.prepare<[string, string], { session_id: string }>(LAST_CHAT_SQL);
  return {
    lastNumberFor: (phone, liveNumberIds) =>
      liveNumberIds.length === 0 ? null : (select.get(phone, JSON.stringify(liveNumberIds))?.session_id ?? null),
  };
}
