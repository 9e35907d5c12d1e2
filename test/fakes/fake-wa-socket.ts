import { EventEmitter } from 'node:events';
import {
  type AnyMessageContent,
  type BaileysEventMap,
  type MiscMessageGenerationOptions,
  proto,
  type WAMessage,
  type WAMessageKey,
} from '@whiskeysockets/baileys';
import type {
  MakeSocket,
  MakeSocketConfig,
  WaEventsLike,
  WaSocketLike,
} from '../../electron/core/whatsapp/socket-port';

/** An error shaped like Baileys' Boom close errors (output.statusCode), without importing @hapi/boom. */
export function boom(statusCode: number, message = `closed with ${statusCode}`): Error {
  return Object.assign(new Error(message), { isBoom: true, output: { statusCode, payload: { message } } });
}

/**
 * An IQ error as Baileys throws it (assertNodeErrorFree): a Boom built with `{ data: code }`, so its
 * output.statusCode is 500 whatever the server's code, e.g. `<error code="429" text="rate-overlimit"/>`.
 */
export function iqError(code: number, text: string): Error {
  return Object.assign(new Error(text), {
    isBoom: true,
    data: code,
    output: { statusCode: 500, payload: { statusCode: 500, error: 'Internal Server Error', message: text } },
  });
}

const KEY_EXTRAS = ['remoteJidAlt', 'participantAlt', 'addressingMode'] as const;

/**
 * A real proto.WebMessageInfo, as Baileys hands them to messages.upsert. Baileys adds remoteJidAlt /
 * participantAlt / addressingMode to the key outside the proto schema, so they are put back after fromObject.
 */
export function waMessage(obj: Record<string, unknown>): WAMessage {
  const info = proto.WebMessageInfo.fromObject(obj) as WAMessage;
  const key = (obj.key ?? {}) as Record<string, unknown>;
  for (const name of KEY_EXTRAS) {
    if (typeof key[name] === 'string') info.key = { ...info.key, [name]: key[name] };
  }
  return info;
}

/** Baileys' event names on a plain EventEmitter; counts listeners so tests can prove nothing leaks. */
export class FakeEvents implements WaEventsLike {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  on<T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void): void {
    this.emitter.on(event, listener);
  }

  off<T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void): void {
    this.emitter.off(event, listener);
  }

  emit<T extends keyof BaileysEventMap>(event: T, arg: BaileysEventMap[T]): boolean {
    return this.emitter.emit(event, arg);
  }

  listenerTotal(): number {
    return this.emitter.eventNames().reduce((n, name) => n + this.emitter.listenerCount(name), 0);
  }
}

export interface FakeSent {
  jid: string;
  content: AnyMessageContent;
  options: MiscMessageGenerationOptions | undefined;
}

/** A Baileys socket stand-in: tests drive its connection.update / messages.* events by hand. */
export class FakeWaSocket implements WaSocketLike {
  readonly ev = new FakeEvents();
  user: { id: string; name?: string } | undefined;
  ended = false;
  endCalls = 0;
  readonly sent: FakeSent[] = [];
  readonly reads: WAMessageKey[][] = [];
  readonly pairingRequests: string[] = [];
  readonly pnForLid = new Map<string, string>();
  readonly signalRepository = {
    lidMapping: { getPNForLID: async (lid: string) => this.pnForLid.get(lid) ?? null },
  };
  /** Replace to make sends fail or hang. */
  sendImpl: (jid: string, content: AnyMessageContent, options?: MiscMessageGenerationOptions) => Promise<WAMessage> =
    async (jid, content, options) =>
      waMessage({
        key: { remoteJid: jid, fromMe: true, id: options?.messageId ?? 'GENERATED' },
        message: 'text' in content ? { conversation: content.text } : {},
      });
  pairingCodeImpl: (phone: string) => Promise<string> = async () => 'ABCD1234';
  /** Messages Baileys acked and dropped because config.shouldIgnoreJid said so. */
  readonly ignored: WAMessage[] = [];
  loggedOut = false;

  constructor(readonly config: MakeSocketConfig) {}

  async sendMessage(jid: string, content: AnyMessageContent, options?: MiscMessageGenerationOptions) {
    this.sent.push({ jid, content, options });
    return this.sendImpl(jid, content, options);
  }

  async readMessages(keys: WAMessageKey[]) {
    this.reads.push(keys);
  }

  /** Like Baileys: the code request saves creds.me (the phone, not yet linked) before it asks WhatsApp. */
  async requestPairingCode(phone: string) {
    this.pairingRequests.push(phone);
    this.config.auth.creds.me = { id: `${phone}@s.whatsapp.net`, name: '~' };
    this.ev.emit('creds.update', this.config.auth.creds);
    return this.pairingCodeImpl(phone);
  }

  async logout() {
    this.loggedOut = true;
    this.close(401, 'Intentional Logout');
  }

  /** Like Baileys: the first end() emits close with the error given (undefined = ended by its owner). */
  async end(error: Error | undefined) {
    this.endCalls += 1;
    if (this.ended) return;
    this.ended = true;
    this.ev.emit('connection.update', { connection: 'close', lastDisconnect: { error, date: new Date() } });
  }

  // Drivers for tests
  connecting() {
    this.ev.emit('connection.update', { connection: 'connecting', qr: undefined });
  }

  qr(ref: string) {
    this.ev.emit('connection.update', { qr: ref });
  }

  open(user = { id: '6281111111111:7@s.whatsapp.net', name: 'Toko' }) {
    this.user = user;
    this.ev.emit('connection.update', { connection: 'open' });
  }

  /** What Baileys does when the server or the network closes the link. */
  close(code: number, message?: string) {
    if (this.ended) return;
    this.ended = true;
    this.ev.emit('connection.update', {
      connection: 'close',
      lastDisconnect: { error: boom(code, message), date: new Date() },
    });
  }

  upsert(messages: WAMessage[], type: 'notify' | 'append' = 'notify') {
    this.ev.emit('messages.upsert', { messages, type });
  }

  /**
   * What Baileys' receive path does with incoming stanzas: a JID the config says to ignore is acked and
   * dropped before decrypting (messages-recv.ts), everything else becomes a messages.upsert.
   */
  deliver(messages: WAMessage[], type: 'notify' | 'append' = 'notify') {
    const kept = messages.filter((m) => {
      const jid = m.key?.remoteJid ?? undefined;
      const drop = Boolean(jid && this.config.shouldIgnoreJid?.(jid));
      if (drop) this.ignored.push(m);
      return !drop;
    });
    if (kept.length) this.upsert(kept, type);
  }

  receipt(id: string, status: number, remoteJid = '6281234567890@s.whatsapp.net') {
    this.ev.emit('messages.update', [{ key: { remoteJid, id, fromMe: true }, update: { status } }]);
  }
}

export interface FakeSocketFactory {
  makeSocket: MakeSocket;
  sockets: FakeWaSocket[];
  last(): FakeWaSocket;
  /** Sockets not ended yet. */
  live(): FakeWaSocket[];
}

export function createFakeSocketFactory(onCreate?: (s: FakeWaSocket) => void): FakeSocketFactory {
  const sockets: FakeWaSocket[] = [];
  return {
    sockets,
    makeSocket: (config) => {
      const s = new FakeWaSocket(config);
      sockets.push(s);
      onCreate?.(s);
      return s;
    },
    last() {
      const s = sockets[sockets.length - 1];
      if (!s) throw new Error('no socket made yet');
      return s;
    },
    live: () => sockets.filter((s) => !s.ended),
  };
}
