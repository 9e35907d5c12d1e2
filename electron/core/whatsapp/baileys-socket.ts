import { Browsers, makeWASocket } from '@whiskeysockets/baileys';
import type { MakeSocketConfig, WaSocketLike } from './socket-port';

/**
 * The real socket, with the options docs/architecture.md lists: not online on connect (the owner's phone
 * keeps its notifications), no full history, a standard browser name (odd names get "Couldn't link device").
 */
export function createBaileysSocket(config: MakeSocketConfig): WaSocketLike {
  return makeWASocket({
    auth: config.auth,
    version: config.version,
    logger: config.logger,
    browser: Browsers.windows('Desktop'),
    markOnlineOnConnect: false,
    syncFullHistory: false,
    // Our own sends are logged by the send queue; echoing them as upserts would only add noise.
    emitOwnEvents: false,
    getMessage: config.getMessage,
    msgRetryCounterCache: config.msgRetryCounterCache,
    shouldIgnoreJid: config.shouldIgnoreJid,
    ...(config.waWebSocketUrl ? { waWebSocketUrl: config.waWebSocketUrl } : {}),
    ...(config.connectTimeoutMs ? { connectTimeoutMs: config.connectTimeoutMs } : {}),
  });
}
