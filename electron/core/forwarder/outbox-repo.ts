import type { OutboundKind, OutboxStatus } from '../../../shared/dto';
import { countsSinceSql } from '../db/counts-since';
import type { Db } from '../db/open';

export interface OutboxRow {
  id: number;
  kode: string;
  penerima: string;
  pesan: string;
  kode_inbox: number | null;
  kode_transaksi: number | null;
  kode_reseller: string | null;
  raw: string;
  received_at: number;
  status: OutboxStatus;
  delivered_at: number | null;
  report_status: number | null;
  reported_at: number | null;
  report_attempts: number;
  error_message: string | null;
}

export interface NewOutbox {
  kode: string;
  penerima: string;
  pesan: string;
  kodeInbox: number | null;
  kodeTransaksi: number | null;
  kodeReseller: string | null;
  raw: string;
  receivedAt: number;
}

/** The state a callback's row is stored in: decided before the insert, so no update follows it (issue 15). */
export interface OutboxStart {
  status: OutboxStatus;
  /** 20 or 40 when OtomaX is to hear it at once (carried by an auto-reply, refused); null while it is sent. */
  reportStatus: number | null;
  error: string | null;
  deliveredAt: number | null;
}

export type OutboxRepo = ReturnType<typeof createOutboxRepo>;

/** Today's counters per status, through outbox_by_status (status, received_at): db/counts-since.ts. */
export const OUTBOX_STATUS_COUNTS_SQL = countsSinceSql({
  table: 'outbox_messages',
  key: 'status',
  time: 'received_at',
  as: 'status',
});

export function createOutboxRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO outbox_messages (kode, penerima, pesan, kode_inbox, kode_transaksi, kode_reseller, raw, received_at, status)
     VALUES (@kode, @penerima, @pesan, @kodeInbox, @kodeTransaksi, @kodeReseller, @raw, @receivedAt, 'received')
     ON CONFLICT (kode) DO NOTHING RETURNING *`,
  );
  const insertAs = db.prepare<[NewOutbox & OutboxStart], { id: number }>(
    `INSERT INTO outbox_messages (kode, penerima, pesan, kode_inbox, kode_transaksi, kode_reseller, raw, received_at,
       status, report_status, error_message, delivered_at)
     VALUES (@kode, @penerima, @pesan, @kodeInbox, @kodeTransaksi, @kodeReseller, @raw, @receivedAt,
       @status, @reportStatus, @error, @deliveredAt)
     ON CONFLICT (kode) DO NOTHING RETURNING id`,
  );
  const byId = db.prepare<[number], OutboxRow>('SELECT * FROM outbox_messages WHERE id = ?');
  const byKode = db.prepare<[string], OutboxRow>('SELECT * FROM outbox_messages WHERE kode = ?');
  const setStatus = db.prepare<[OutboxStatus, number | null, string | null, number | null, number]>(
    'UPDATE outbox_messages SET status = ?, report_status = ?, error_message = ?, delivered_at = coalesce(?, delivered_at) WHERE id = ?',
  );
  const unreported = db.prepare<[number], OutboxRow>(
    'SELECT * FROM outbox_messages WHERE report_status IS NOT NULL AND reported_at IS NULL ORDER BY report_attempts, id LIMIT ?',
  );
  const setReported = db.prepare<[number, number]>(
    'UPDATE outbox_messages SET reported_at = ?, report_attempts = report_attempts + 1 WHERE id = ?',
  );
  const reportFailed = db.prepare<[string, number]>(
    // A refused row keeps its own reason: the owner needs "too long", not the report's trouble.
    `UPDATE outbox_messages SET report_attempts = report_attempts + 1,
       error_message = CASE WHEN status = 'too_long' THEN error_message ELSE ? END WHERE id = ?`,
  );
  // Read through outbox_by_kode_inbox (migration 011): the inbox code's few rows, not every row sent to the phone.
  const forKodeInbox = db.prepare<[number, string, string], { id: number }>(
    'SELECT id FROM outbox_messages WHERE kode_inbox = ? AND penerima = ? AND pesan = ? LIMIT 1',
  );
  const unreportedSummary = db.prepare<[], { n: number; oldest: number | null }>(
    'SELECT count(*) AS n, min(received_at) AS oldest FROM outbox_messages WHERE report_status IS NOT NULL AND reported_at IS NULL',
  );
  // Outbox rows whose WhatsApp send ended while no one was listening (a crash between the two commits).
  const settledWhileAway = db.prepare<
    [],
    { outboxId: number; outboundId: number; kind: OutboundKind; status: string; error: string | null }
  >(
    `SELECT b.id AS outboxId, o.id AS outboundId, o.kind, o.status, o.error_message AS error
     FROM outbox_messages b JOIN outbound_messages o ON o.outbox_id = b.id
     WHERE b.status = 'sending' AND o.status IN ('sent', 'delivered', 'read', 'failed')`,
  );
  const countUnreported = db.prepare<[], { n: number }>(
    'SELECT count(*) AS n FROM outbox_messages WHERE report_status IS NOT NULL AND reported_at IS NULL',
  );
  const rawOf = db.prepare<[number], { raw: string }>('SELECT raw FROM outbox_messages WHERE id = ?');
  const statusCounts = db.prepare<[number], { status: string; n: number }>(OUTBOX_STATUS_COUNTS_SQL);
  return {
    /** null when this kode was already received (OtomaX repeats until acknowledged). */
    insert: (m: NewOutbox): OutboxRow | null => (insert.get(m) as OutboxRow | undefined) ?? null,
    /** The row stored in the state the callback decided (one write, no update after it); null = kode already in. */
    insertAs: (m: NewOutbox, start: OutboxStart): number | null => insertAs.get({ ...m, ...start })?.id ?? null,
    get: (id: number) => byId.get(id) ?? null,
    getByKode: (kode: string) => byKode.get(kode) ?? null,
    setStatus(
      id: number,
      status: OutboxStatus,
      reportStatus: number | null,
      error: string | null = null,
      deliveredAt: number | null = null,
    ) {
      setStatus.run(status, reportStatus, error, deliveredAt, id);
    },
    unreported: (limit: number) => unreported.all(limit),
    setReported: (id: number, now: number) => setReported.run(now, id),
    reportFailed: (id: number, error: string) => reportFailed.run(error, id),
    /** An outbox message for this inbox code with this exact text and recipient already exists. */
    hasSameText: (kodeInbox: number, phone: string, text: string) =>
      forKodeInbox.get(kodeInbox, phone, text) !== undefined,
    countUnreported: () => countUnreported.get()?.n ?? 0,
    /** Rows still 'sending' whose WhatsApp send already ended (the app stopped between the two commits). */
    settledWhileAway: () => settledWhileAway.all(),
    /** Results OtomaX has not heard yet, and since when the oldest waits. */
    unreportedSummary(): { count: number; oldestAt: number | null } {
      const r = unreportedSummary.get();
      return { count: r?.n ?? 0, oldestAt: r?.oldest ?? null };
    },
    /** The callback's JSON as received, or null. */
    raw: (id: number) => rawOf.get(id)?.raw ?? null,
    /** Outbox messages received since `since`, by status (the metrics snapshot). */
    statusCountsSince: (since: number) => statusCounts.all(since).filter((r) => r.n > 0),
  };
}
