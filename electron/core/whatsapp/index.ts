import { createHash } from 'node:crypto';
import type { SessionStatus } from '../../../shared/dto';
import type { CoreContext } from '../engine-types';
import type { OutboundPort } from '../forwarder';
import { AppError } from '../kernel/errors';
import { createLogger } from '../kernel/logger';
import type { SecretStore } from '../secrets/secret-store';
import { whatsappCommands } from './commands';
import { registerDevWhatsappRoutes } from './dev-routes';
import { createNumbersHost } from './numbers-host';
import { createOutboundRepo } from './outbound-repo';
import { startSimFeed, type SimFeed } from './sim-feed';
import type { MarkReadRef } from './session-port';
import { createWhatsAppWiring, type WhatsAppWiringOptions } from './wiring';

export { whatsappHealthBanners } from './health-banners';
export { createOutboundRepo, type NewOutbound, type OutboundRepo } from './outbound-repo';
export type { InboundMessage, WhatsAppSession } from './session-port';
export type { SendQueueEvent } from './send-queue';
export type { WhatsAppWiringOptions } from './wiring';

export interface WhatsAppFeatureDeps {
  /** The primary number's id: what the single-number commands, views and dev routes mean without a `number`. */
  primaryId: () => string;
  /** The live numbers started at start; default the primary alone. */
  liveIds?: () => string[];
  secrets: SecretStore | null;
  dataKeyFromEnv: string | undefined;
  options: WhatsAppWiringOptions;
  simSentLog?: string | undefined;
  /** Simulated mode: the WebSocket each simulated number takes its messages from (sim-feed.ts); none = the dev route only. */
  simFeed?: string | undefined;
  /** Chats whose auto-replies the owner must release first (the forwarder's reply-loop pauses). */
  isPaused: (phone: string) => boolean;
  /** A number's own group/media options (null ones = the global settings); without it, the globals for all. */
  numberOptions?: (id: string) => { forwardGroups: boolean | null; forwardMedia: boolean | null } | null;
}

/** A simulated number's own phone: the primary keeps today's, every other one a stable one of its own. */
function simPhoneOf(id: string, primary: string): string | undefined {
  if (id === primary) return undefined;
  const n = createHash('sha256').update(id).digest().readUInt32BE(0) % 100_000_000;
  return `62811${String(n).padStart(8, '0')}`;
}

/**
 * WhatsApp: one session (Baileys or simulated) and one durable, paced send queue per live number, the dev routes of
 * the simulated sessions, the session commands (optional `number`); it tells the window of every status change
 * (each naming its number) and measures its own sends per number.
 */
export function createWhatsAppFeature(ctx: CoreContext, d: WhatsAppFeatureDeps) {
  const { settings, metrics, events } = ctx;
  const log = createLogger(ctx.log, 'whatsapp');
  const mode = settings.get().whatsapp;
  const repo = createOutboundRepo(ctx.db);
  const host = createNumbersHost({
    primaryId: d.primaryId,
    log,
    wire: (id) =>
      createWhatsAppWiring({
        isPaused: d.isPaused,
        sessionId: id,
        mode,
        db: ctx.db,
        commits: ctx.commits,
        secrets: d.secrets,
        dataKeyFromEnv: d.dataKeyFromEnv,
        settings,
        clock: ctx.clock,
        log: ctx.log,
        options: d.options,
        simSentLog: d.simSentLog,
        ...(d.numberOptions ? { ownOptions: () => d.numberOptions?.(id) ?? null } : {}),
        ...(mode === 'simulated' ? { simPhone: simPhoneOf(id, d.primaryId()) } : {}),
      }),
  });
  if (mode === 'simulated') registerDevWhatsappRoutes(ctx.http, host.sims());
  if (d.simFeed && mode !== 'simulated') log.warn('--whatsapp-sim-feed is ignored: WhatsApp is not simulated');
  /** Each running simulated number's socket to the feed, opened once its session started, closed before it stops. */
  const feeds = new Map<string, SimFeed>();
  const openFeed = (id: string) => {
    if (mode !== 'simulated' || !d.simFeed || feeds.has(id) || !host.get(id)) return;
    feeds.set(id, startSimFeed({ url: d.simFeed, number: id, sims: host.sims(), log }));
  };
  const closeFeed = async (id: string) => {
    const feed = feeds.get(id);
    feeds.delete(id);
    await feed?.stop();
  };
  // Every live number is wired now (its status exists before start); start() opens them.
  for (const id of d.liveIds?.() ?? [d.primaryId()]) host.add(id);

  const withPrimary = (s: SessionStatus): SessionStatus => ({ ...s, primary: s.sessionId === d.primaryId() });
  const status = (id: string): SessionStatus | null => {
    const s = host.get(id)?.session().status();
    return s ? withPrimary(s) : null;
  };
  host.onStatus((s) => {
    events.emit('session:status', withPrimary(s));
    metrics.waConnected.set({ number: s.sessionId }, s.state === 'open' ? 1 : 0);
  });
  host.onMessage((m) => metrics.waInbound.inc({ number: m.sessionId }));
  host.onSendOutcome((o) => {
    if (o.status === 'sent') {
      metrics.waSent.inc({ number: o.number });
      if (o.sentAt) metrics.waSendLatency.observe((o.sentAt - o.createdAt) / 1000);
    } else {
      metrics.waSendFailed.inc({ number: o.number });
      metrics.errors.inc({ class: 'whatsapp_send' });
    }
  });

  /** The forwarder's port: a row goes into its own number's queue; a commit wakes every queue. */
  const outbound: OutboundPort = {
    insert: (row, now) => host.insert(row, now),
    wake: () => host.wake(),
    release: () => host.wakeAll(),
    isOurs: repo.isOurs,
    autoReplyWithText: repo.autoReplyWithText,
    linkOutbox: repo.linkOutbox,
  };

  const startOne = async (id: string) => {
    const w = host.add(id);
    await w.start();
    openFeed(id);
  };

  return {
    /** The primary number's session (the single-number views). */
    session: () => host.primary().session(),
    /** A live number's session, or null (not running, removed). */
    sessionOf: (id: string) => host.sessionOf(id),
    status,
    /** Whether a number's session is open and may send now. */
    isUp: (id: string) => host.get(id)?.session().isConnected() ?? false,
    /** The numbers running now. */
    ids: () => host.ids(),
    outbound,
    /** Queued outbox messages on numbers that cannot send now, and moving one to the number the rule picks. */
    waitingOutbox: () => repo.waitingOutbox(host.ids().filter((id) => host.get(id)?.session().isConnected())),
    reassign: (id: number, number: string) => repo.reassign(id, number),
    baileysVersion: '7.0.0-rc14',
    depth: () => repo.countPending(),
    /** Replies waiting for their chat's limit or a release. */
    heldCount: () => repo.countHeld(),
    onHeld: host.onHeld,
    onMessage: host.onMessage,
    /** Every number's status changes (sessionId = the number, `primary` set). */
    onStatus: (l: (s: SessionStatus) => void) => host.onStatus((s) => l(withPrimary(s))),
    /** Each send that ended ('sent' or 'failed'), as its number's send queue reports it. */
    onSendOutcome: host.onSendOutcome,
    /** Marks a message read on the number it arrived on. */
    markRead: (sessionId: string, m: MarkReadRef) =>
      host.sessionOf(sessionId)?.markRead(m) ?? Promise.reject(new Error(`number ${sessionId} is not running`)),
    /** A number's own phone once linked (for messages the owner sends from that phone). */
    ownPhone: (sessionId: string) => host.get(sessionId)?.session().status().phone ?? null,
    /** A number added at runtime: its session and queue start (simulated: it links as the primary does). */
    async addNumber(id: string) {
      await startOne(id);
      log.info({ number: id }, 'number started');
    },
    /** A number removed: its queue stops, the account is logged out, the session stops; its rows stay. */
    async removeNumber(id: string) {
      const w = host.get(id);
      if (!w) return;
      await closeFeed(id);
      try {
        await w.session().logout();
      } catch (e) {
        log.warn({ number: id, err: e }, 'logout of a removed number failed');
      }
      await w.stop();
      host.drop(id);
      metrics.waConnected.remove({ number: id });
      log.info({ number: id }, 'number stopped and logged out');
    },
    /** The numbers feature's view of the sessions (numbers/index.ts NumberSessions). */
    get sessions() {
      return {
        status,
        isUp: (id: string) => host.get(id)?.session().isConnected() ?? false,
        add: (id: string) => this.addNumber(id),
        remove: (id: string) => this.removeNumber(id),
        onStatus: (l: (s: SessionStatus) => void) => host.onStatus((s) => l(withPrimary(s))),
        waitingOutbox: () => repo.waitingOutbox(host.ids().filter((id) => host.get(id)?.session().isConnected())),
        reassign: (id: number, number: string) => repo.reassign(id, number),
        wake: () => host.wakeAll(),
        pair: async (id: string, phone: string) => {
          const s = host.sessionOf(id);
          if (!s) throw new AppError('NOT_FOUND', `number ${id} is not running`, { field: 'id' });
          return withPrimary(await s.startPairing({ mode: 'code', phone }));
        },
      };
    },
    commands: whatsappCommands((number) => host.sessionOf(number), withPrimary),
    async start() {
      const ids = host.ids();
      // One after another: each Baileys session loads its keys and opens its socket; 20 at once is a burst.
      for (const id of ids) {
        await host.get(id)?.start();
        openFeed(id);
      }
    },
    async stop() {
      // The feeds first: no message arrives while the sessions and their queues stop.
      await Promise.all([...feeds.keys()].map(closeFeed));
      await Promise.all(host.all().map((w) => w.stop()));
    },
  };
}

export type WhatsAppFeature = ReturnType<typeof createWhatsAppFeature>;
