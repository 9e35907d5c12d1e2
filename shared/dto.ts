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
  /** English, for logs, the REST API and the CSV; the window shows `errorClass` in the owner's language. */
  error: string | null;
  /** Why the row stopped (an OtomaX error class such as 'unreachable', 'expired', 'interrupted'), or null. */
  errorClass?: string | null;
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
  events: StoryEvent[];
}

/** One line of a message's timeline: `what` is English for logs, `step` (and its values) is for the window. */
export interface StoryEvent {
  at: number;
  what: string;
  step?: StoryStep;
  attempt?: number;
  outcome?: string;
  otomaxStatus?: number;
  kind?: string;
}

export type StoryStep =
  | 'received'
  | 'outbox_received'
  | 'attempt'
  | 'otomax'
  | 'marked_read'
  | 'reply_queued'
  | 'reply_sent'
  | 'reply_delivered'
  | 'reply_read';

export interface ForwardingState {
  forwarding: boolean;
  autoReply: boolean;
  /** The flag or env var that fixes the forwarding setting: no switch can change it (the window says why). */
  forwardingLockedBy?: string;
  autoReplyLockedBy?: string;
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
    /** English, for logs and /otomax/health; the window shows `lastErrorClass` in the owner's language. */
    lastError: string | null;
    lastErrorClass?: string | null;
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
  /** English, for logs and the REST API; the window says `reason` in the owner's language instead. */
  message: string;
  version?: string;
  /** Why it failed, for the window's own sentence (what to do next). */
  reason?: OtomaxTestReason;
  /** target: the OpenApi host:port tried; status: the HTTP status when there was one. */
  params?: Record<string, string | number>;
  /** The test used values typed in the form and not saved (typed secrets are never stored by a test). */
  unsaved?: boolean;
}

export type OtomaxTestReason =
  'credentials' | 'unreachable' | 'timeout' | 'http' | 'bad_response' | 'not_configured' | 'other';

/** "Uji koneksi" input: values typed in the form (saved or not); typed secrets are used once, never stored. */
export interface OtomaxTestInput {
  values?: Partial<Record<'otomaxApiUrl' | 'otomaxAppId' | 'otomaxTimeoutMs', unknown>>;
  otomaxAppKey?: string;
  otomaxDevKey?: string;
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
}

export interface BroadcastRecipientInput {
  phone: string;
  name: string;
  params: string[];
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

/** One step of the first-run checklist; the window names it and offers the button that does it. */
export interface SetupStep {
  id: 'whatsapp' | 'otomax' | 'callback' | 'forwarding';
  done: boolean;
}

export interface SetupChecklist {
  steps: SetupStep[];
  /** Every step was done once: the checklist does not come back. */
  complete: boolean;
  dismissed: boolean;
}
