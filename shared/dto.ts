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
  | 'stopped'
  /** Linking failed and WhatsApp Web's version was refreshed: a new QR will likely work. */
  | 'link_failed'
  /** Close 411: the phone's WhatsApp and this linked device disagree (multi-device mismatch). */
  | 'multidevice_mismatch';

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
  /** The link keeps opening and dropping (several drops within minutes): shown whatever the state. */
  flapping?: boolean;
  /** PC clock minus WhatsApp's server time, ms (positive = the PC runs fast), measured from live messages. */
  clockOffsetMs?: number;
  /** WhatsApp said "too many messages" (rate-overlimit): no message is sent before this time. */
  sendPausedUntil?: number;
  /**
   * Whether this is the primary number's session (sessionId is the number's id). The single-session views (header,
   * banners, tray line) follow the primary only; absent = an engine from before numbers, i.e. the primary.
   */
  primary?: boolean;
}

export type InboundStatus =
  | 'received'
  | 'queued'
  | 'forwarding'
  | 'forwarded'
  | 'failed'
  | 'expired'
  | 'not_forwarded'
  | 'sender_unknown'
  /** An uncertain outcome the owner marked as checked in OtomaX. */
  | 'checked';
/**
 * Why OtomaX may or may not have the message (never sent again: it could be a second transaction): a restart cut the
 * InsertInbox off, the connection closed after the request was written (or no answer in time), OtomaX answered with a
 * server error, or its answer could not be read.
 */
export type UncertainReason = 'interrupted' | 'ambiguous' | 'http_5xx' | 'unreadable';
/** FlowFilter.status that lists the messages flagged "perlu dicek" and not yet checked. */
export const NEEDS_CHECK_FILTER = 'needs_check';
export type OutboxStatus = 'received' | 'sending' | 'sent' | 'duplicate_text' | 'failed' | 'expired' | 'too_long';
export type OutboundStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed';
export type OutboundKind = 'auto_reply' | 'outbox' | 'expired_notice' | 'manual' | 'check_notice';

/** One row of the live flow: an inbound message (with its auto-reply) or an outbox message. */
export interface FlowRow {
  /** 'in:<id>' or 'outbox:<id>' */
  id: string;
  direction: 'in' | 'outbox';
  time: number;
  phone: string | null;
  name: string | null;
  text: string;
  /** 'waiting_otomax': queued after OtomaX failed to take it (derived from the inbound row, never stored). */
  status: InboundStatus | OutboxStatus | 'waiting_otomax';
  otomaxStatus: number | null;
  otomaxDesc: string | null;
  kodeInbox: number | null;
  /** The auto-reply (in) or the delivery (outbox) text and its WhatsApp status. */
  replyText: string | null;
  replyStatus: OutboundStatus | null;
  /**
   * Why the reply waits or was not sent: 'held:reply_limit' | 'held:chat_paused' (still queued),
   * 'gave_up:<reason>' (held past its 10 minutes), 'expired', or WhatsApp's error.
   */
  replyError?: string | null;
  latencyMs: number | null;
  /** English, for logs, the REST API and the CSV; the window shows `errorClass` in the owner's language. */
  error: string | null;
  /** In rows only: an outcome nobody can be sure of (status 'failed' = "perlu dicek", 'checked' = done). */
  uncertain?: UncertainReason | null;
  /** The inbound row's failure class (unreachable, late, expired, interrupted...): the window words the reason. */
  errorClass?: string | null;
  /**
   * The WhatsApp number the message used (WaNumber.id and its name, kept for a removed number): the one it arrived
   * on (in), the one that sends or sent it (outbox). null when none did (an outbox message refused or carried).
   */
  numberId?: string | null;
  numberName?: string | null;
}

export interface FlowFilter {
  phone?: string;
  status?: string;
  text?: string;
  direction?: 'in' | 'outbox';
  from?: number;
  to?: number;
  /** A WhatsApp number's id (WaNumber.id): only the messages it received or sent. */
  number?: string;
}

export interface FlowPage {
  rows: FlowRow[];
  /** Pass as `before` for the next (older) page; null at the end. */
  nextCursor: string | null;
  total: number;
  /** True when `total` is a lower bound: more rows match than were counted (the window says "more than N"). */
  totalIsLowerBound?: boolean;
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
    /** Messages not forwarded because the sender hides behind a LID no source could resolve. */
    senderUnknown?: number;
  };
  /** Messages flagged "perlu dicek" and not yet marked checked (any day). */
  needsCheck?: number;
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
    /** When OtomaX last closed a connection (or stayed silent) after the request was written. */
    lastDroppedAt?: number | null;
    latencyP50Ms: number | null;
    latencyP95Ms: number | null;
  };
  /** Last 60 minutes, oldest first. */
  perMinute: { t: number; messages: number; errors: number }[];
  /** Auto-replies waiting for their chat's per-minute limit or for the owner to release a paused chat. */
  heldReplies?: number;
  /**
   * Today per WhatsApp number: every live number (primary first), then a removed one with traffic today. `name` is
   * null only for a session the numbers table never knew. Status shows it when there is more than one number.
   */
  numbers?: NumberTrafficDto[];
}

/** What one WhatsApp number received and sent today (sent = WhatsApp took it). */
export interface NumberTrafficDto {
  id: string;
  name: string | null;
  received: number;
  sent: number;
}

export interface Banner {
  id:
    | 'logged_out'
    | 'keychain_missing'
    | 'otomax_unreachable'
    | 'blocked'
    | 'replaced'
    | 'version_too_old'
    | 'callback_mismatch'
    | 'multidevice_mismatch'
    | 'wa_rate_limited'
    | 'wa_flapping'
    | 'clock_skew'
    | 'chat_paused'
    /** Another WhatsApp number (not the primary) was unlinked or refused by WhatsApp: `name` says which. */
    | 'number_unlinked';
  level: 'error' | 'warning';
  since: number;
  /** wa_rate_limited: sending resumes at this time. */
  until?: number;
  /** clock_skew: the PC clock's offset in whole seconds (positive = fast). */
  seconds?: number;
  /** chat_paused: the chat (digits, international form) whose auto-replies wait for the owner. */
  phone?: string;
  /** number_unlinked: the number's name. */
  name?: string;
}

/** The one at-a-glance state: the sidebar chip, the tray and /otomax/health all show it. */
export type OverallLevel = 'ok' | 'attention' | 'down';

/** Problems the state itself shows (banners, which need a button, come as `source: 'banner'` with their own id). */
export type StateProblemId =
  | 'starting'
  | 'whatsapp_not_linked'
  | 'whatsapp_connecting'
  | 'whatsapp_down'
  | 'otomax_not_configured'
  | 'otomax_down'
  | 'forwarding_off'
  | 'queue_backlog'
  | 'outbox_unreported'
  | 'replies_held'
  | 'needs_check'
  /** One of the other WhatsApp numbers (not the primary) is not connected: `name` says which. */
  | 'whatsapp_number_down';

export type Problem =
  | {
      source: 'state';
      id: StateProblemId;
      level: Exclude<OverallLevel, 'ok'>;
      since: number | null;
      count?: number;
      /** The number's name (whatsapp_number_down). */
      name?: string;
    }
  | {
      source: 'banner';
      id: Banner['id'];
      level: Exclude<OverallLevel, 'ok'>;
      since: number | null;
      /** What the banner's own words need (the paused chat, the clock offset, the number's name). */
      phone?: string;
      seconds?: number;
      name?: string;
    };

export interface OverallState {
  level: OverallLevel;
  /** Worst first; the first one is what the chip and the tray say. */
  problems: Problem[];
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
  /**
   * Why Qontak did not run this broadcast as a whole, in Qontak's words (its message_broadcast_error), or null.
   * Absent from an engine that predates it.
   */
  error?: string | null;
}

/** One line of a broadcast's delivery log at Qontak. */
export interface QontakLogLine {
  phone: string;
  name: string;
  status: string;
  errorMessage: string | null;
  createdAt: string | null;
}

/**
 * One WhatsApp number of this installation (issue 17). `id` is the session_id every table is keyed by; the number
 * linked before numbers existed is 'default', the primary.
 */
export interface WaNumber {
  id: string;
  /** The owner's label for it ("Pusat", "Cadangan", "H2H"). */
  name: string;
  /** The OtomaX terminal of this number; null = the global default (otomaxDefaultKodeTerminal). */
  kodeTerminal: number | null;
  /** Its session's state ('idle' until it is started or paired). */
  state: SessionState;
  /** The account's own number once linked (digits, 62...), else null. */
  phone: string | null;
  /** Outbox messages without a matching terminal or earlier chat go out from the primary. Exactly one. */
  primary: boolean;
  /** Sends this number's outbox messages while it is down; null = they wait for it (within the outbox age limit). */
  fallbackId: string | null;
  /** Its own forward options; each null = the global setting. Absent from an engine that predates them. */
  options?: WaNumberOptions;
}

/** A number's own options (issue 17): null = "follow the general settings" (the global value). */
export interface WaNumberOptions {
  /** Sent to OtomaX for its messages instead of otomaxDefaultReseller. */
  defaultReseller: string | null;
  forwardIncoming: boolean | null;
  forwardOutgoing: boolean | null;
  forwardGroups: boolean | null;
  forwardMedia: boolean | null;
  autoReply: boolean | null;
}

/** `numbers:add`: a new number (not linked yet: pair it next). */
export interface WaNumberInput {
  name: string;
  /** Omitted or null = the global default terminal. */
  kodeTerminal?: number | null;
}

/** `numbers:update`: only the fields given change. `primary: true` makes this number the primary. */
export interface WaNumberUpdate {
  id: string;
  name?: string;
  kodeTerminal?: number | null;
  fallbackId?: string | null;
  primary?: true;
  /** Its own options (WaNumberOptions): null = back to the global setting; '' for the reseller is null too. */
  defaultReseller?: string | null;
  forwardIncoming?: boolean | null;
  forwardOutgoing?: boolean | null;
  forwardGroups?: boolean | null;
  forwardMedia?: boolean | null;
  autoReply?: boolean | null;
}

/** Why a numbers command was refused (error.params.reason): the window says it in the owner's language. */
export type NumberRefusal =
  'terminal_taken' | 'primary_remove' | 'fallback_self' | 'fallback_unknown' | 'removed' | 'too_many';
