import { appendFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { SessionStatus } from '../../../shared/dto';
import type { Clock } from '../kernel/clock';
import type { Db } from '../db/open';
import { AppError } from '../kernel/errors';
import type { Logger } from '../kernel/logger';
import { createEmitter } from './emitter';
import { normalizePhone } from './jid';
import { waKeyOf } from './normalize';
import type { InboundMessage, SessionEvents, WhatsAppSession } from './session-port';
import { createStatusHolder } from './status-holder';
import { createWaMeta, type WaMeta } from './wa-meta-repo';
import { encodeConversation } from './wa-lite';

/** A message "from a phone", as POST /dev/whatsapp/incoming takes it (validated there). */
export interface SimIncoming {
  /** Sender phone digits; absent with `lid` = a sender whose phone cannot be resolved. */
  from?: string | undefined;
  text: string;
  /** ms since the epoch; now when absent. */
  timestamp?: number | undefined;
  /** WhatsApp message id; the same id again is a re-delivery. */
  id?: string | undefined;
  /** The sender's LID (digits or …@lid): the chat is addressed by LID, as WhatsApp v7 does. */
  lid?: string | undefined;
  /** A group id (digits-digits or …@g.us): the message comes from that group. */
  group?: string | undefined;
}

export interface SimSent {
  id: string;
  /** The number (session id) that sent it. */
  number: string;
  to: string;
  text: string;
  quotedId: string | null;
  at: number;
}

export interface SimDeliverResult {
  waKey: string;
  waId: string;
  /** false: held until the simulated link is open (like messages that wait while the app is offline). */
  delivered: boolean;
  /** Set when the session skipped it (groups not forwarded). */
  skipped?: 'group';
}

export interface SimulatedSession extends WhatsAppSession {
  readonly mode: 'simulated';
  deliver(input: SimIncoming): SimDeliverResult;
  /** What the app sent, in order; a resend with an id already sent is not listed twice. */
  sent(): SimSent[];
  /** Messages the app marked read. */
  reads(): { chatJid: string; waId: string }[];
  /** Finish a pending pairing now (tests), instead of after pairDelayMs. */
  pairNow(): void;
  /** Drop or restore the simulated link: sends fail with NOT_CONNECTED while it is down. */
  setOnline(online: boolean): void;
}

export interface SimulatedSessionDeps {
  id: string;
  db?: Db;
  log: Logger;
  clock: Clock;
  /** QR shown, then "scanned" after this long. Default 1500 ms. */
  pairDelayMs?: number;
  /** When given, groups are skipped unless forwardGroups, as the real session does. */
  settings?: () => { forwardGroups: boolean };
  /**
   * Append every send to this file (JSON lines) the moment the "phone" takes it, before any receipt: a crash
   * test audits what left across kills, which the in-memory list cannot survive.
   */
  sentLogFile?: string;
  /** The account's own number once "linked"; default 6280000000000 (several numbers each get their own). */
  phone?: string;
}

const SIM_PHONE = '6280000000000';
const PAIRED_KEY = 'sim_paired';

function memoryMeta(): WaMeta {
  const values = new Map<string, string>();
  return {
    get: (k) => values.get(k) ?? null,
    set: (k, v) => void values.set(k, v),
    delete: (k) => void values.delete(k),
  };
}

const messageId = () => `3EB0${randomBytes(9).toString('hex').toUpperCase()}`;
const asJid = (value: string, server: 'lid' | 'g.us') => (value.includes('@') ? value : `${value}@${server}`);

/** WhatsApp without WhatsApp: pairs after a fake QR, takes messages from the dev routes, records what is sent. */
export function createSimulatedSession(deps: SimulatedSessionDeps): SimulatedSession {
  const { id, clock } = deps;
  const log = deps.log.child({ scope: 'whatsapp-sim', sessionId: id });
  const events = createEmitter<SessionEvents>(log);
  const status = createStatusHolder(id, clock, events);
  const meta = deps.db ? createWaMeta(deps.db, id, clock) : memoryMeta();
  const pairDelayMs = deps.pairDelayMs ?? 1_500;
  const sentLog: SimSent[] = [];
  const sentIds = new Set<string>();
  const readLog: { chatJid: string; waId: string }[] = [];
  let held: InboundMessage[] = [];
  let pairTimer: ReturnType<typeof setTimeout> | null = null;

  const isOpen = () => status.get().state === 'open';
  const clearPair = () => {
    if (pairTimer) clearTimeout(pairTimer);
    pairTimer = null;
  };
  const open = () => {
    clearPair();
    meta.set(PAIRED_KEY, '1');
    status.set('open', { phone: deps.phone ?? SIM_PHONE, name: 'Jembatan (simulated)' });
    const waiting = held;
    held = [];
    for (const m of waiting) events.emit('message', m);
  };
  const showPairing = (req: { mode: 'qr' } | { mode: 'code'; phone: string }) => {
    clearPair();
    if (req.mode === 'code') {
      status.set('pairing_code', { pairingCode: 'SIMU1234', pairingPhone: normalizePhone(req.phone) });
    } else {
      status.set('qr', { qr: `SIMULATED-QR-${id}-${clock.now()}`, qrExpiresAt: clock.now() + 60_000 });
    }
    pairTimer = setTimeout(open, pairDelayMs);
  };

  return {
    id,
    mode: 'simulated',
    status: () => status.get(),
    isConnected: isOpen,
    on: (event, listener) => events.on(event, listener),

    async start() {
      if (isOpen() || pairTimer) return;
      status.set('connecting');
      if (meta.get(PAIRED_KEY)) open();
      else showPairing({ mode: 'qr' });
    },
    async stop() {
      clearPair();
      status.set('stopped', { reason: 'stopped' });
    },
    async startPairing(req): Promise<SessionStatus> {
      if (isOpen()) throw new AppError('CONFLICT', 'WhatsApp is already linked: log out first');
      showPairing(req);
      return status.get();
    },
    async logout() {
      clearPair();
      meta.delete(PAIRED_KEY);
      status.set('logged_out', { reason: 'logged out by user' });
    },
    async markRead(msg) {
      if (!isOpen()) throw new AppError('NOT_CONNECTED', 'WhatsApp is not connected');
      readLog.push({ chatJid: msg.chatJid, waId: msg.waId });
    },
    async sendText(jid, text, opts) {
      if (!isOpen()) throw new AppError('NOT_CONNECTED', 'WhatsApp is not connected');
      if (deps.sentLogFile) {
        appendFileSync(
          deps.sentLogFile,
          `${JSON.stringify({ id: opts.messageId, number: id, jid, text, at: clock.now() })}\n`,
        );
      }
      // Recipients' WhatsApp drops a message id it has already seen: a crash-safe resend shows once.
      if (!sentIds.has(opts.messageId)) {
        sentIds.add(opts.messageId);
        sentLog.push({
          id: opts.messageId,
          number: id,
          to: jid.split('@')[0] ?? jid,
          text,
          quotedId: opts.quoted?.waId ?? null,
          at: clock.now(),
        });
      }
      const waId = opts.messageId;
      // Like WhatsApp: the server ack and the delivery receipt arrive after the send returns.
      void Promise.resolve().then(() => {
        events.emit('receipt', { waId, status: 'sent', at: clock.now() });
        events.emit('receipt', { waId, status: 'delivered', at: clock.now() });
      });
      return { waId, message: encodeConversation(text) };
    },

    deliver(input) {
      const phone = input.from ? normalizePhone(input.from, 'from') : null;
      const lid = input.lid ? asJid(input.lid, 'lid') : null;
      if (!phone && !lid)
        throw new AppError('VALIDATION', 'from: a phone number (or a lid) is required', { field: 'from' });
      const senderJid = lid ?? `${phone}@s.whatsapp.net`;
      const group = input.group ? asJid(input.group, 'g.us') : null;
      const chatJid = group ?? senderJid;
      const participantJid = group ? senderJid : null;
      const waId = input.id ?? messageId();
      const waKey = waKeyOf(id, waId);
      if (group && deps.settings && !deps.settings().forwardGroups) {
        return { waKey, waId, delivered: false, skipped: 'group' };
      }
      const message: InboundMessage = {
        sessionId: id,
        waKey,
        waId,
        chatJid,
        participantJid,
        senderPhone: phone,
        senderLid: lid,
        pushName: null,
        fromMe: false,
        isGroup: group !== null,
        isMedia: false,
        text: input.text,
        timestampMs: input.timestamp ?? clock.now(),
      };
      if (!isOpen()) {
        held.push(message);
        return { waKey, waId, delivered: false };
      }
      events.emit('message', message);
      return { waKey, waId, delivered: true };
    },
    sent: () => sentLog.map((s) => ({ ...s })),
    reads: () => readLog.map((r) => ({ ...r })),
    pairNow() {
      if (pairTimer || status.get().state === 'qr' || status.get().state === 'pairing_code') open();
    },
    setOnline(online) {
      if (online && !isOpen()) open();
      if (!online && isOpen()) {
        status.set('reconnecting', { attempt: 1, nextRetryAt: clock.now() + 1_000, reason: 'simulated link down' });
      }
    },
  };
}
