/** Data that crosses from the engine to the renderer. Plain JSON: numbers are ms timestamps. */

export type SessionState =
  | 'idle'
  | 'connecting'
  | 'qr'
  | 'pairing_code'
  | 'open'
  | 'reconnecting'
  | 'logged_out'
  | 'blocked'
  | 'replaced'
  | 'version_too_old'
  | 'qr_timeout'
  | 'stopped';

export interface SessionStatus {
  sessionId: string;
  state: SessionState;
  since: number;
  /** state 'qr': the string to render as a QR code, and when it expires. */
  qr?: string;
  qrExpiresAt?: number;
  /** state 'pairing_code': 8 characters to type on the phone, for this phone number. */
  pairingCode?: string;
  pairingPhone?: string;
  /** state 'open': the account's own number. */
  phone?: string;
  name?: string;
  /** state 'reconnecting'. */
  attempt?: number;
  nextRetryAt?: number;
  /** A short English reason for logs; the UI shows its own text per state. */
  reason?: string;
  /** WhatsApp close code, when the state came from one. */
  code?: number;
}

export type InboundStatus =
  'received' | 'queued' | 'forwarding' | 'forwarded' | 'failed' | 'expired' | 'not_forwarded' | 'sender_unknown';
export type OutboxStatus = 'received' | 'sending' | 'sent' | 'duplicate_text' | 'failed' | 'expired';
export type OutboundStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed';
export type OutboundKind = 'auto_reply' | 'outbox' | 'expired_notice' | 'manual';

/** One row of the live flow: an inbound message (with its auto-reply) or an outbox message. */
export interface FlowRow {
  /** 'in:<id>' or 'outbox:<id>' */
  id: string;
  direction: 'in' | 'outbox';
  time: number;
  phone: string | null;
  name: string | null;
  text: string;
  status: InboundStatus | OutboxStatus;
  otomaxStatus: number | null;
  otomaxDesc: string | null;
  kodeInbox: number | null;
  /** The auto-reply (in) or the delivery (outbox) text and its WhatsApp status. */
  replyText: string | null;
  replyStatus: OutboundStatus | null;
  latencyMs: number | null;
  error: string | null;
}

export interface FlowFilter {
  phone?: string;
  status?: string;
  text?: string;
  direction?: 'in' | 'outbox';
  from?: number;
  to?: number;
}

export interface FlowPage {
  rows: FlowRow[];
  /** Pass as `before` for the next (older) page; null at the end. */
  nextCursor: string | null;
  total: number;
}

export interface ForwardAttemptDto {
  attempt: number;
  startedAt: number;
  finishedAt: number | null;
  outcome: string;
  httpStatus: number | null;
  error: string | null;
  latencyMs: number | null;
}

export interface OutboundDto {
  id: number;
  kind: OutboundKind;
  toPhone: string;
  text: string;
  status: OutboundStatus;
  waId: string;
  attempts: number;
  createdAt: number;
  sentAt: number | null;
  deliveredAt: number | null;
  readAt: number | null;
  error: string | null;
}

export interface MessageStory {
  row: FlowRow;
  attempts: ForwardAttemptDto[];
  outbound: OutboundDto[];
  /** The OtomaX answer or outbox payload as received. */
  raw: string | null;
  events: { at: number; what: string }[];
}

export interface ForwardingState {
  forwarding: boolean;
  autoReply: boolean;
}

export interface KeychainState {
  available: boolean;
  reason?: string;
}

export interface AppInfo {
  version: string;
  host: 'electron' | 'headless';
  dataDir: string;
  databasePath: string;
  keychain: KeychainState;
  whatsappMode: 'baileys' | 'simulated';
  apiUrl: string;
}

export interface MetricsSnapshot {
  at: number;
  today: {
    received: number;
    forwarded: number;
    autoReplies: number;
    expired: number;
    duplicates: number;
    errors: number;
    outboxReceived: number;
    outboxDelivered: number;
    outboxFailed: number;
  };
  byStatus: Record<string, number>;
  queues: { forward: number; send: number; outboxReport: number };
  otomax: {
    reachable: boolean | null;
    lastOkAt: number | null;
    lastErrorAt: number | null;
    lastError: string | null;
    unreachableSince: number | null;
    latencyP50Ms: number | null;
    latencyP95Ms: number | null;
  };
  /** Last 60 minutes, oldest first. */
  perMinute: { t: number; messages: number; errors: number }[];
}

export interface Banner {
  id: 'logged_out' | 'keychain_missing' | 'otomax_unreachable' | 'blocked' | 'replaced' | 'version_too_old';
  level: 'error' | 'warning';
  since: number;
}

export interface OtomaxTestResult {
  ok: boolean;
  latencyMs: number;
  message: string;
  version?: string;
}

// Broadcasts (Mekari Qontak)
export interface QontakIntegration {
  id: string;
  targetChannel: string;
  accountName: string;
  phoneNumber: string;
  isActive: boolean;
}

export interface QontakTemplate {
  id: string;
  name: string;
  language: string;
  body: string;
  status: string;
  category: string;
  /** Number of {{n}} placeholders in body. */
  placeholders: number;
  /** null when the template has no header. */
  header: QontakTemplateHeader | null;
  footer: string;
  buttons: QontakTemplateButton[];
  /** Variables of a TEXT header ({{1}}): filled per recipient like body parameters. */
  headerPlaceholders: number;
  /** URL buttons whose link ends in {{1}}: one value per recipient for each, in button order. */
  dynamicButtons: number;
  /** Why Jembatan cannot send this template, or null when it can. */
  unusable: TemplateProblem | null;
}

/** TEXT, IMAGE, DOCUMENT, VIDEO (LOCATION exists upstream but cannot be sent from here). */
export interface QontakTemplateHeader {
  format: string;
  /** The text of a TEXT header (may hold {{1}}); empty for media headers. */
  text: string;
}

export interface QontakTemplateButton {
  /** URL, QUICK_REPLY, PHONE_NUMBER, COPY_CODE, OTP... as Qontak reports it (upper case). */
  type: string;
  text: string;
  /** The link of a URL button, possibly ending in {{1}}; the number of a PHONE_NUMBER button. */
  url: string;
}

/** Why a template cannot be used: not approved, or a part Jembatan cannot fill. */
export type TemplateProblem =
  | { kind: 'not_approved'; status: string }
  | { kind: 'unsupported_header'; format: string }
  | { kind: 'unsupported_button'; type: string };

/** The media of a media header, the same for every recipient of a broadcast. */
export interface BroadcastHeaderMedia {
  url: string;
  /** Shown to the recipient for a DOCUMENT header (e.g. daftar-harga.pdf). */
  filename?: string;
}

/** A file uploaded to Qontak's file uploader, ready to be a media header. */
export interface UploadedMedia {
  url: string;
  filename: string;
  mime: string;
  size: number;
}

export interface BroadcastRecipientInput {
  phone: string;
  name: string;
  params: string[];
  /** Variables of a TEXT header, in order. */
  headerParams?: string[];
  /** One value per dynamic URL button (the suffix that replaces {{1}}), in button order. */
  buttons?: string[];
}

export interface RejectedRow {
  row: number;
  phone: string;
  reason: string;
}

export interface ParsedRecipients {
  recipients: BroadcastRecipientInput[];
  rejected: RejectedRow[];
}

export type BroadcastRecipientStatus = 'queued' | 'sending' | 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

export interface BroadcastRecipientDto {
  phone: string;
  name: string;
  status: BroadcastRecipientStatus;
  broadcastId: string | null;
  error: string | null;
  updatedAt: number;
}

export interface CampaignSummary {
  id: string;
  createdAt: number;
  templateName: string;
  channelIntegrationId: string;
  total: number;
  counts: Record<BroadcastRecipientStatus, number>;
  done: boolean;
}

export interface CampaignDetail extends CampaignSummary {
  templateId: string;
  language: string;
  recipients: BroadcastRecipientDto[];
}

/** A broadcast as Qontak records it (sent from Jembatan or from anywhere else on the account). */
export interface QontakBroadcastRecord {
  id: string;
  name: string;
  templateName: string;
  channelIntegrationId: string;
  /** ISO time as Qontak gives it, or null. */
  createdAt: string | null;
  /** Qontak's own status word (e.g. done, todo, failed), lower case; empty when absent. */
  status: string;
  /** Per-status counts when Qontak reports them (pending, sent, delivered, read, failed). */
  counts: Record<string, number>;
}

/** One line of a broadcast's delivery log at Qontak. */
export interface QontakLogLine {
  phone: string;
  name: string;
  status: string;
  errorMessage: string | null;
  createdAt: string | null;
}
