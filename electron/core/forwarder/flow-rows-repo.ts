import type { Db } from '../db/open';
import type { CsvRow } from './flow-export';
import { waitingOtomax } from './flow-scan-repo';

/**
 * The rows of the Live flow as the window shows them: one inbound or outbox message with its first reply,
 * read by id (a page's ids come from flow-scan-repo). Reads only; the tables' writers are their own repositories.
 */

/** A log row as the flow query reads it: the CSV's columns plus what only the window shows. */
export interface RawFlow extends CsvRow {
  id: number;
  reply_error: string | null;
  error_class: string | null;
  number_id: string | null;
}

const IN_SELECT = `SELECT 'in' AS direction, i.id, i.received_at AS time, i.sender_phone AS phone, i.push_name AS name, i.text,
  CASE WHEN ${waitingOtomax('i')} THEN 'waiting_otomax' ELSE i.status END AS status, i.otomax_status, i.otomax_desc, i.kode_inbox, o.text AS reply_text, o.status AS reply_status, o.error_message AS reply_error, i.latency_ms,
  i.error_message AS error, i.error_class, i.id * 2 + 1 AS sortkey,
  i.session_id AS number_id, (SELECT name FROM wa_numbers WHERE id = i.session_id) AS number_name
  FROM inbound_messages i
  LEFT JOIN outbound_messages o ON o.id = (SELECT id FROM outbound_messages WHERE inbound_id = i.id ORDER BY id LIMIT 1)`;

const OUTBOX_SELECT = `SELECT 'outbox' AS direction, b.id, b.received_at AS time, b.penerima AS phone,
  (SELECT push_name FROM inbound_messages WHERE sender_phone = b.penerima AND push_name IS NOT NULL ORDER BY received_at DESC LIMIT 1) AS name,
  b.pesan AS text, b.status, NULL AS otomax_status, NULL AS otomax_desc, b.kode_inbox, o.text AS reply_text, o.status AS reply_status, o.error_message AS reply_error,
  CASE WHEN o.sent_at IS NOT NULL THEN o.sent_at - b.received_at END AS latency_ms, b.error_message AS error, NULL AS error_class, b.id * 2 AS sortkey,
  b.number_id, (SELECT name FROM wa_numbers WHERE id = b.number_id) AS number_name
  FROM outbox_messages b
  LEFT JOIN outbound_messages o ON o.id = (SELECT id FROM outbound_messages WHERE outbox_id = b.id ORDER BY id LIMIT 1)`;

export function createFlowRowsRepo(db: Db) {
  // The full rows of a page, fetched by id once the page's ids are known.
  const inRows = db.prepare<[string], RawFlow>(`${IN_SELECT} WHERE i.id IN (SELECT value FROM json_each(?))`);
  const outboxRows = db.prepare<[string], RawFlow>(`${OUTBOX_SELECT} WHERE b.id IN (SELECT value FROM json_each(?))`);
  // One row is read on every state change the window is told of: prepared once.
  const oneIn = db.prepare<[number], RawFlow>(`${IN_SELECT} WHERE i.id = ?`);
  const oneOutbox = db.prepare<[number], RawFlow>(`${OUTBOX_SELECT} WHERE b.id = ?`);
  return {
    /** Rows by id (a JSON array of ids), in no particular order. */
    many: (direction: 'in' | 'outbox', idsJson: string) => (direction === 'in' ? inRows : outboxRows).all(idsJson),
    one: (direction: 'in' | 'outbox', id: number) => (direction === 'in' ? oneIn : oneOutbox).get(id),
  };
}

export type FlowRowsRepo = ReturnType<typeof createFlowRowsRepo>;
