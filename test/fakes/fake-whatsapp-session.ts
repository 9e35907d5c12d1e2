import { proto } from '@whiskeysockets/baileys';
import type { SessionStatus } from '../../shared/dto';
import { AppError } from '../../electron/core/kernel/errors';
import { silentLogger } from '../../electron/core/kernel/logger';
import { createEmitter } from '../../electron/core/whatsapp/emitter';
import type {
  ReceiptEvent,
  SendTextOptions,
  SendTextResult,
  SessionEvents,
  WhatsAppSession,
} from '../../electron/core/whatsapp/session-port';

export interface FakeSendCall {
  jid: string;
  text: string;
  opts: SendTextOptions;
  at: number;
}

/** A WhatsAppSession the test controls: connect/disconnect, how sends behave, receipts. */
export interface FakeWhatsAppSession extends WhatsAppSession {
  calls: FakeSendCall[];
  sendImpl: (jid: string, text: string, opts: SendTextOptions) => Promise<SendTextResult>;
  setConnected(connected: boolean): void;
  receipt(r: ReceiptEvent): void;
}

export function createFakeWhatsAppSession(id = 'default', connected = true): FakeWhatsAppSession {
  const events = createEmitter<SessionEvents>(silentLogger());
  let status: SessionStatus = { sessionId: id, state: connected ? 'open' : 'reconnecting', since: Date.now() };
  const calls: FakeSendCall[] = [];
  const session: FakeWhatsAppSession = {
    id,
    mode: 'simulated',
    calls,
    sendImpl: async (_jid, text, opts) => ({
      waId: opts.messageId,
      message: proto.Message.encode({ conversation: text }).finish(),
    }),
    status: () => status,
    isConnected: () => status.state === 'open',
    on: (event, listener) => events.on(event, listener),
    start: async () => undefined,
    stop: async () => undefined,
    startPairing: async () => status,
    logout: async () => undefined,
    markRead: async () => undefined,
    async sendText(jid, text, opts) {
      if (status.state !== 'open') throw new AppError('NOT_CONNECTED', 'WhatsApp is not connected');
      calls.push({ jid, text, opts, at: Date.now() });
      return session.sendImpl(jid, text, opts);
    },
    setConnected(on) {
      status = { sessionId: id, state: on ? 'open' : 'reconnecting', since: Date.now() };
      events.emit('status', status);
    },
    receipt: (r) => events.emit('receipt', r),
  };
  return session;
}
