import type { SessionStatus } from '../../../shared/dto';
import type { Clock } from '../kernel/clock';
import type { SettingsService } from '../config/settings-service';
import type { GroupCommit } from '../db/durable';
import type { Db } from '../db/open';
import type { IncomingMessage, OutboundPort, SendOutcome } from '../forwarder';
import { createLogger, type Logger } from '../kernel/logger';
import { createDataCipher, loadDataKey, type DataCipher } from '../secrets/data-key';
import type { SecretStore } from '../secrets/secret-store';
import { createLazyBaileysSession } from './lazy-baileys-session';
import { createOutboundRepo } from './outbound-repo';
import { createReplyHold } from './reply-hold';
import { createSendQueue } from './send-queue';
import type { WhatsAppSession } from './session-port';
import { createSimulatedSession } from './simulated-session';
import type { MakeSocket } from './socket-port';

/** Test hooks for the WhatsApp side of the engine. */
export interface WhatsAppWiringOptions {
  makeSocket?: MakeSocket;
  waWebSocketUrl?: string;
  connectTimeoutMs?: number;
  random?: () => number;
  /** Simulated mode: QR "scanned" after this long. */
  pairDelayMs?: number;
}

export interface WhatsAppWiringDeps {
  sessionId: string;
  mode: 'baileys' | 'simulated';
  db: Db;
  secrets: SecretStore | null;
  dataKeyFromEnv: string | undefined;
  settings: SettingsService;
  clock: Clock;
  log: Logger;
  options: WhatsAppWiringOptions;
  /** Simulated mode: append every send to this file (JSON lines), so a test can audit sends across crashes. */
  simSentLog?: string | undefined;
  /** Chats whose auto-replies the owner must release first (a bot loop). */
  isPaused?: (phone: string) => boolean;
  /** Simulated mode: the account's own phone once linked (each number its own). */
  simPhone?: string;
  /** This number's own group and media options (wa_numbers); a null one, or none, = the global setting. */
  ownOptions?: () => { forwardGroups: boolean | null; forwardMedia: boolean | null } | null;
  /** The engine's group commit: the send queue's marks join it (one sync per loop turn) instead of one each. */
  commits?: Pick<GroupCommit, 'run'>;
}

/**
 * The session (Baileys or simulated) and the durable send queue, behind the small ports the forwarder uses.
 * The Baileys session keeps its keys encrypted with the data key; without a keychain or JEMBATAN_DATA_KEY it
 * does not start rather than store account keys in plaintext.
 */
export function createWhatsAppWiring(deps: WhatsAppWiringDeps) {
  const { db, clock, settings } = deps;
  const log = createLogger(deps.log, 'whatsapp');
  let key: DataCipher | null = null;
  const cipher: DataCipher = {
    encrypt: (p) => (key ?? fail()).encrypt(p),
    decrypt: (b) => (key ?? fail()).decrypt(b),
  };
  function fail(): never {
    throw new Error('data key not loaded');
  }
  /** Groups and media: the number's own choice over the owner's global setting. */
  const filters = () => {
    const s = settings.get();
    const own = deps.ownOptions?.() ?? null;
    return {
      forwardGroups: own?.forwardGroups ?? s.otomaxForwardGroups,
      forwardMedia: own?.forwardMedia ?? s.otomaxForwardMedia,
    };
  };
  const sim =
    deps.mode === 'simulated'
      ? createSimulatedSession({
          id: deps.sessionId,
          db,
          log: deps.log,
          clock,
          settings: () => ({ forwardGroups: filters().forwardGroups }),
          ...(deps.simSentLog ? { sentLogFile: deps.simSentLog } : {}),
          ...(deps.simPhone ? { phone: deps.simPhone } : {}),
          ...(deps.options.pairDelayMs !== undefined ? { pairDelayMs: deps.options.pairDelayMs } : {}),
        })
      : null;
  const session: WhatsAppSession =
    sim ??
    createLazyBaileysSession({
      id: deps.sessionId,
      db,
      cipher,
      log: deps.log,
      clock,
      settings: () => ({ ...filters(), waVersion: settings.get().waVersion }),
      ...(deps.options.makeSocket ? { makeSocket: deps.options.makeSocket } : {}),
      ...(deps.options.waWebSocketUrl ? { waWebSocketUrl: deps.options.waWebSocketUrl } : {}),
      ...(deps.options.connectTimeoutMs ? { connectTimeoutMs: deps.options.connectTimeoutMs } : {}),
      ...(deps.options.random ? { random: deps.options.random } : {}),
    });

  const outboundRepo = createOutboundRepo(db);
  const queue = createSendQueue({
    db,
    session,
    ratePerSecond: () => settings.get().sendRatePerSecond,
    clock,
    log: deps.log,
    ...(deps.commits ? { commits: deps.commits } : {}),
    hold: createReplyHold({
      repo: outboundRepo,
      limit: () => settings.get().replyLimitPerMinute,
      isPaused: deps.isPaused ?? (() => false),
    }),
  });
  const outbound: OutboundPort = {
    insert: (row, now) => queue.insertOutbound(row, now),
    wake: () => queue.wake(),
    release: () => queue.wake({ held: true }),
    isOurs: outboundRepo.isOurs,
    autoReplyWithText: outboundRepo.autoReplyWithText,
    linkOutbox: outboundRepo.linkOutbox,
  };

  return {
    session: () => session,
    /** The simulated session (its dev routes), or null with Baileys. */
    simulated: () => sim,
    /** Sends this row into this number's queue (its LID map), inside the caller's transaction. */
    insert: (row: Parameters<typeof queue.insertOutbound>[0], now: number) => queue.insertOutbound(row, now),
    wake: (o?: { held?: boolean }) => queue.wake(o),
    outbound,
    baileysVersion: '7.0.0-rc14',
    depth: () => outboundRepo.countPending(),
    /** Replies waiting for their chat's limit or a release. */
    heldCount: () => outboundRepo.countHeld(),
    onHeld: (l: (e: { outboundId: number; inboundId: number | null }) => void) => queue.on('held', l),
    onMessage: (l: (m: IncomingMessage) => void) => session.on('message', l),
    onStatus: (l: (s: SessionStatus) => void) => session.on('status', l),
    /** Each send that ended ('sent' or 'failed'), as the send queue reports it: no copy, no second read. */
    onSendOutcome(l: (o: SendOutcome) => void): (() => void)[] {
      return [queue.on('sent', l), queue.on('failed', l)];
    },
    async start() {
      if (session.mode === 'baileys') {
        const dataKey = await loadDataKey(deps.secrets, deps.dataKeyFromEnv).catch((e: unknown) => {
          log.error({ err: e }, 'data key unavailable');
          return null;
        });
        if (!dataKey) {
          log.error(
            'no keychain and no JEMBATAN_DATA_KEY: WhatsApp will not start, its keys would be stored unencrypted',
          );
          return;
        }
        key = createDataCipher(dataKey);
      }
      queue.start();
      await session.start();
    },
    async stop() {
      await queue.stop();
      await session.stop();
    },
  };
}
