import type { OutboundKind } from '../../../shared/dto';
import type { InsertInboxBody } from '../otomax';

/** What the forwarder needs from the rest of the engine: small ports, adapted in engine.ts, faked in tests. */

/** A WhatsApp message accepted by the session (see electron/core/whatsapp/session-port.ts). */
export type { InboundMessage as IncomingMessage } from '../whatsapp';
/** A message for the durable send queue (see electron/core/whatsapp/outbound-repo.ts). */
export type { NewOutbound } from '../whatsapp';
import type { NewOutbound } from '../whatsapp';

/** The one InsertInbox body type (electron/core/otomax/types.ts); the client fills tipe_pengirim 'W'. */
export type { InsertInboxBody } from '../otomax';

export interface InsertInboxAnswer {
  kode_inbox: number | null;
  status: number | null;
  statusDesc: string | null;
  pesan: string | null;
  raw: string;
}

export interface AttemptRecord {
  attempt: number;
  startedAt: number;
  finishedAt: number;
  outcome: string;
  httpStatus: number | null;
  error: string | null;
  latencyMs: number;
}

export interface OtomaxPort {
  insertInbox(
    body: InsertInboxBody,
    opts: { onAttempt: (a: AttemptRecord) => void; safeRetryOnly: boolean },
  ): Promise<InsertInboxAnswer>;
  updateStatusOutbox(kode: string, status: number): Promise<unknown>;
}

export interface OutboundPort {
  /** Synchronous: called inside the forwarder's own transaction. */
  insert(row: NewOutbound, now: number): { id: number; waId: string };
  /** Start sending what was committed. */
  wake(): void;
}

/** Outcome of a send, reported by the send queue. */
export interface SendOutcome {
  outboundId: number;
  outboxId: number | null;
  inboundId: number | null;
  kind: OutboundKind;
  status: 'sent' | 'failed';
  error?: string | null;
}
