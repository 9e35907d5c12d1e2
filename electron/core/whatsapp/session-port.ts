import type { SessionStatus } from '../../../shared/dto';

/** One WhatsApp message the session accepted (after skipping echo-less noise), ready for the inbound log. */
export interface InboundMessage {
  sessionId: string;
  /** `${sessionId}|${remoteJid}|${participant ?? ''}|${id}`: stable across WhatsApp's re-deliveries. */
  waKey: string;
  waId: string;
  chatJid: string;
  participantJid: string | null;
  /** Digits, international form (62...). Null when the sender hides behind a LID we cannot resolve. */
  senderPhone: string | null;
  senderLid: string | null;
  pushName: string | null;
  /** Sent from the account itself (the phone): the consumer decides whether to forward it. */
  fromMe: boolean;
  isGroup: boolean;
  isMedia: boolean;
  text: string;
  timestampMs: number;
}

export type PairingRequest = { mode: 'qr' } | { mode: 'code'; phone: string };

/** The message being answered, as the inbound log knows it. */
export interface QuotedRef {
  chatJid: string;
  waId: string;
  participantJid: string | null;
  text: string;
  fromMe: boolean;
}

export interface SendTextOptions {
  /** Chosen by the caller before the first attempt, so a resend after a crash reuses it. */
  messageId: string;
  quoted?: QuotedRef;
}

export interface SendTextResult {
  waId: string;
  /** The encoded proto.Message, kept so getMessage can answer retry receipts after a restart. */
  message?: Uint8Array;
}

export type ReceiptStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface ReceiptEvent {
  waId: string;
  status: ReceiptStatus;
  at: number;
}

export interface MarkReadRef {
  chatJid: string;
  waId: string;
  participantJid: string | null;
}

export interface SessionEvents {
  status: SessionStatus;
  message: InboundMessage;
  receipt: ReceiptEvent;
}

/** What the engine and the forwarder see of a WhatsApp number: the Baileys session or the simulated one. */
export interface WhatsAppSession {
  readonly id: string;
  readonly mode: 'baileys' | 'simulated';
  status(): SessionStatus;
  /** Connect with the saved auth, or show a QR when there is none. */
  start(): Promise<void>;
  stop(): Promise<void>;
  startPairing(req: PairingRequest): Promise<SessionStatus>;
  logout(): Promise<void>;
  markRead(msg: MarkReadRef): Promise<void>;
  /** Throws AppError NOT_CONNECTED when the session is not open, WHATSAPP_FAILED when WhatsApp refused. */
  sendText(jid: string, text: string, opts: SendTextOptions): Promise<SendTextResult>;
  on<E extends keyof SessionEvents>(event: E, listener: (payload: SessionEvents[E]) => void): () => void;
  isConnected(): boolean;
}
