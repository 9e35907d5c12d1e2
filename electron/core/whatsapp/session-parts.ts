import type { WAVersion } from '@whiskeysockets/baileys';
import type { Clock } from '../kernel/clock';
import type { Db } from '../db/open';
import type { Logger } from '../kernel/logger';
import type { DataCipher } from '../secrets/data-key';
import { createEmitter } from './emitter';
import { createInboundHandler } from './inbound-handler';
import type { BackoffOptions } from './lifecycle';
import { createLidMap } from './lid-map-repo';
import { createMemoryCache } from './memory-cache';
import { createMessageLookup } from './message-lookup';
import { createOutboundRepo } from './outbound-repo';
import type { SessionEvents, WhatsAppSession } from './session-port';
import type { MakeSocket } from './socket-port';
import { createStatusHolder } from './status-holder';
import { createVersionPolicy } from './version-policy';
import { createWaMeta } from './wa-meta-repo';

export interface BaileysSessionSettings {
  forwardGroups: boolean;
  forwardMedia: boolean;
  /** 'a.b.c' overrides the bundled WhatsApp Web version; '' = automatic. */
  waVersion: string;
}

export interface BaileysSessionDeps {
  id: string;
  db: Db;
  cipher: DataCipher;
  log: Logger;
  clock: Clock;
  settings: () => BaileysSessionSettings;
  makeSocket?: MakeSocket;
  /** [0, 1), for backoff jitter. */
  random?: () => number;
  waWebSocketUrl?: string;
  connectTimeoutMs?: number;
  backoff?: Partial<BackoffOptions>;
  /** Defaults to asking web.whatsapp.com (fetchLatestWaWebVersion). */
  fetchLatestVersion?: () => Promise<WAVersion | null>;
  /** How long startPairing waits for a QR or a code before answering with the status it has. */
  pairingWaitMs?: number;
}

export interface BaileysSession extends WhatsAppSession {
  readonly mode: 'baileys';
  /** Resolves when every received batch so far has been emitted. */
  idle(): Promise<void>;
}

/** What a Baileys session owns for its whole life, whatever socket it is on. */
export function createSessionParts(deps: BaileysSessionDeps, onServerTime?: (ms: number) => void) {
  const { id, db, clock } = deps;
  const log = deps.log.child({ scope: 'whatsapp', sessionId: id });
  // Baileys is chatty at info: its lines show when we debug, otherwise only its warnings and errors.
  const quieter = deps.log.levelVal < 30 || deps.log.levelVal > 40;
  const baileysLog = deps.log.child({ scope: 'baileys', sessionId: id }, { level: quieter ? deps.log.level : 'warn' });
  const events = createEmitter<SessionEvents>(log);
  return {
    log,
    baileysLog,
    events,
    status: createStatusHolder(id, clock, events),
    versions: createVersionPolicy({
      meta: createWaMeta(db, id, clock),
      override: () => deps.settings().waVersion,
      log,
      now: () => clock.now(),
      ...(deps.fetchLatestVersion ? { fetchLatest: deps.fetchLatestVersion } : {}),
    }),
    getMessage: createMessageLookup(createOutboundRepo(db), id, log),
    // Created once per session, outside the sockets: retry counts survive reconnects.
    msgRetryCounterCache: createMemoryCache({ clock, ttlMs: 60 * 60_000, maxEntries: 10_000 }),
    inbound: createInboundHandler({
      sessionId: id,
      lidMap: createLidMap(db, id, clock),
      clock,
      log,
      settings: deps.settings,
      emitMessage: (m) => events.emit('message', m),
      emitReceipt: (r) => events.emit('receipt', r),
      ...(onServerTime ? { onServerTime } : {}),
    }),
  };
}
