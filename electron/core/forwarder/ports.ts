import type { InsertInboxBody } from '../otomax';

/** What the forwarder needs from the rest of the engine: small ports, adapted in engine.ts, faked in tests. */

/** A WhatsApp message accepted by the session (see electron/core/whatsapp/session-port.ts). */
export type { InboundMessage as IncomingMessage } from '../whatsapp';
/** A message for the durable send queue (see electron/core/whatsapp/outbound-repo.ts). */
export type { NewOutbound } from '../whatsapp';
import type { NewOutbound, OutboundRepo } from '../whatsapp';

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

/** A number's own forwarding options (wa_numbers); null = the global setting. */
export interface NumberForwardOptions {
  defaultReseller: string | null;
  forwardIncoming: boolean | null;
  forwardOutgoing: boolean | null;
  autoReply: boolean | null;
}

/** The options of the number a message arrived on; null = none of its own (the global settings). */
export type NumberOptionsLookup = (sessionId: string) => NumberForwardOptions | null;

export interface OtomaxPort {
  insertInbox(
    body: InsertInboxBody,
    opts: { onAttempt: (a: AttemptRecord) => void; safeRetryOnly: boolean },
  ): Promise<InsertInboxAnswer>;
  updateStatusOutbox(kode: string, status: number): Promise<unknown>;
}

/** OtomaX as the pipelines reach it: null while it is not configured (a value they branch on, never a throw). */
export type OtomaxLookup = () => OtomaxPort | null;

/** What the forwarder asks the owner of outbound_messages (whatsapp/outbound-repo.ts), its SQL kept there. */
export type OutboundLedger = Pick<OutboundRepo, 'isOurs' | 'autoReplyWithText' | 'linkOutbox'>;

/** The durable send queue and its table, as the WhatsApp side hands them to the forwarder. */
export interface OutboundPort extends OutboundLedger {
  /** Synchronous: called inside the forwarder's own transaction. */
  insert(row: NewOutbound, now: number): { id: number; waId: string };
  /** Start sending what was committed. */
  wake(): void;
  /** A chat's hold may have ended (the owner released it): every queue asks its held chats again. */
  release(): void;
}

/**
 * Outcome of a send ('sent' or 'failed'), exactly as the send queue reports it: the row as it is at that moment
 * (its outbox link, when it was queued and sent), so no one downstream copies it or reads the row again.
 */
export type { SendQueueEvent as SendOutcome } from '../whatsapp';
