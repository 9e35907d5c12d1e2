import type {
  AnyMessageContent,
  AuthenticationState,
  BaileysEventMap,
  CacheStore,
  MiscMessageGenerationOptions,
  proto,
  WAMessage,
  WAMessageKey,
  WAVersion,
} from '@whiskeysockets/baileys';
import type { Logger } from '../kernel/logger';

/** The part of Baileys' event emitter the session uses. */
export interface WaEventsLike {
  on<T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void): void;
  off<T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void): void;
}

/** The part of a Baileys socket the session uses: small enough for a fake in tests. */
export interface WaSocketLike {
  ev: WaEventsLike;
  user?: { id: string; name?: string | undefined } | undefined;
  signalRepository?: { lidMapping?: { getPNForLID(lid: string): Promise<string | null> } } | undefined;
  sendMessage(
    jid: string,
    content: AnyMessageContent,
    options?: MiscMessageGenerationOptions,
  ): Promise<WAMessage | undefined>;
  readMessages(keys: WAMessageKey[]): Promise<void>;
  requestPairingCode(phoneNumber: string): Promise<string>;
  logout(msg?: string): Promise<void>;
  end(error: Error | undefined): Promise<void> | void;
}

export interface MakeSocketConfig {
  auth: AuthenticationState;
  version: WAVersion;
  logger: Logger;
  /** Answers retry receipts from the outbound log, so they work after a restart. */
  getMessage: (key: WAMessageKey) => Promise<proto.IMessage | undefined>;
  /** Created once per session, outside the socket. */
  msgRetryCounterCache: CacheStore;
  /** ws:// in tests (a local server); WhatsApp's own when absent. */
  waWebSocketUrl?: string | undefined;
  connectTimeoutMs?: number | undefined;
  /** JIDs Baileys acks and drops before decrypting or storing anything (status updates, channels). */
  shouldIgnoreJid: (jid: string) => boolean;
}

export type MakeSocket = (config: MakeSocketConfig) => WaSocketLike;
