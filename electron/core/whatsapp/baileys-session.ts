import { jidNormalizedUser, type BaileysEventMap } from '@whiskeysockets/baileys';
import { AppError, errorMessage, isAppError } from '../kernel/errors';
import { openSqliteAuthState, type SqliteAuthState } from './auth-store';
import { createBaileysSocket } from './baileys-socket';
import { CLOCK_WARN_MS, createClockOffsetMeter, roundOffset } from './clock-offset';
import { ignoredAtSocket, normalizePhone, phoneFromJid } from './jid';
import { backoffDelay, classifyClose, type CloseClassification, DEFAULT_BACKOFF } from './lifecycle';
import { createLinkHealth, FLAP_WINDOW_MS, STABLE_AFTER_MS } from './link-health';
import { type LiveSocket as Live, openLiveSocket, releaseLiveSocket, withTimeout } from './live-socket';
import { RATE_LIMIT_BACKOFF, sendThroughSocket } from './send-text';
import { type BaileysSession, type BaileysSessionDeps, createSessionParts } from './session-parts';

export type { BaileysSession, BaileysSessionDeps, BaileysSessionSettings } from './session-parts';

const FIRST_QR_MS = 60_000;
const NEXT_QR_MS = 20_000;

/** One WhatsApp number over Baileys: an explicit state machine around a socket that is new after every close. */
export function createBaileysSession(deps: BaileysSessionDeps): BaileysSession {
  const { id, db, clock } = deps;
  const clockMeter = createClockOffsetMeter();
  const { log, baileysLog, events, status, versions, getMessage, msgRetryCounterCache, inbound } = createSessionParts(
    deps,
    (serverMs) => onServerTime(serverMs),
  );
  const makeSocket = deps.makeSocket ?? createBaileysSocket;
  const random = deps.random ?? Math.random;
  const backoff = { ...DEFAULT_BACKOFF, ...deps.backoff };

  let auth: SqliteAuthState | null = null;
  let live: Live | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let attempt = 0;
  /** 515s since the link was last stable: the first reconnects at once, the next ones go through the backoff. */
  let restarts = 0;
  const health = createLinkHealth();
  let stableTimer: ReturnType<typeof setTimeout> | null = null;
  let rateLimits = 0;
  let pauseTimer: ReturnType<typeof setTimeout> | null = null;
  let preparing = false;
  /** Between start()/startPairing() and stop()/logout(): whether a finished pre-connect check may connect. */
  let active = false;
  let pairingPhone: string | null = null;
  let codeInFlight = false;
  // Bumped by every user action, so a slow callback from an older intent does nothing.
  let epoch = 0;

  const loadAuth = (): SqliteAuthState =>
    (auth ??= openSqliteAuthState(db, id, deps.cipher, { log: baileysLog, clock }));

  const clearRetry = () => {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
  };
  const clearStable = () => {
    if (stableTimer) clearTimeout(stableTimer);
    stableTimer = null;
  };
  const clearPause = () => {
    if (pauseTimer) clearTimeout(pauseTimer);
    pauseTimer = null;
  };

  const onServerTime = (serverMs: number) => {
    clockMeter.sample(serverMs, clock.now());
    const offset = clockMeter.offsetMs();
    if (offset === null) return;
    const shown = roundOffset(offset);
    if (shown !== status.get().clockOffsetMs) {
      if (Math.abs(shown) >= CLOCK_WARN_MS) log.warn({ offsetMs: shown }, 'PC clock differs from WhatsApp time');
      status.patch({ clockOffsetMs: shown });
    }
  };

  const showFlapping = () => status.patch({ flapping: health.flapping(clock.now()) || undefined });

  /**
   * Connect after the checks a new link needs: leftover credentials from a linking that never finished are
   * cleared (they would make Baileys log in instead of register), and the WhatsApp Web version is refreshed
   * when not linked yet or not checked today. A stop() or logout() meanwhile cancels it.
   */
  const connectChecked = async () => {
    const a0 = loadAuth();
    if ((a0.isLinked() || !a0.state.creds.me) && !versions.needsCheck(a0.isLinked())) {
      connect();
      return;
    }
    preparing = true;
    if (status.get().state !== 'connecting') status.set('connecting');
    try {
      const a = loadAuth();
      if (await a.clearUnlinked()) log.info('cleared credentials of a linking that never finished');
      await versions.prepare(a.isLinked());
    } catch (err) {
      log.warn({ err }, 'pre-connect checks failed: connecting with what we have');
    } finally {
      preparing = false;
    }
    if (!active || live) return;
    connect();
  };
  const release = (l: Live, end: boolean) => {
    releaseLiveSocket(l, end, log);
    if (live === l) live = null;
  };

  const connect = () => {
    clearRetry();
    if (live) release(live, true);
    const a = loadAuth();
    const config = {
      auth: a.state,
      version: versions.current(),
      logger: baileysLog,
      getMessage,
      msgRetryCounterCache,
      shouldIgnoreJid: ignoredAtSocket,
      waWebSocketUrl: deps.waWebSocketUrl,
      connectTimeoutMs: deps.connectTimeoutMs,
    };
    try {
      live = openLiveSocket(makeSocket, config, (l) => ({
        'connection.update': (u) => onConnectionUpdate(l, u),
        'creds.update': () => saveCreds(a),
        'messages.upsert': (batch) => {
          const store = l.sock.signalRepository?.lidMapping;
          inbound.upsert(batch, store ? (lid) => store.getPNForLID(lid) : undefined);
        },
        'messages.update': (updates) => inbound.updates(updates),
        'lid-mapping.update': (m) => inbound.lidMappings([m]),
        'contacts.upsert': (c) => inbound.contacts(c),
        'contacts.update': (c) => inbound.contacts(c),
        'messaging-history.set': (h) => inbound.lidMappings(h.lidPnMappings ?? []),
      }));
    } catch (err) {
      log.error({ err }, 'could not create a WhatsApp socket');
      retry({ action: 'retry', code: undefined, reason: errorMessage(err) });
      return;
    }
    if (status.get().state !== 'connecting') status.set('connecting');
  };

  const saveCreds = (a: SqliteAuthState) => {
    try {
      a.saveCreds();
    } catch (err) {
      log.error({ err }, 'could not save WhatsApp credentials');
    }
  };

  const retry = (c: CloseClassification) => {
    attempt += 1;
    const delay = backoffDelay(attempt, random, backoff);
    status.set('reconnecting', {
      attempt,
      nextRetryAt: clock.now() + delay,
      reason: c.reason,
      ...(c.code !== undefined ? { code: c.code } : {}),
    });
    clearRetry();
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connectChecked();
    }, delay);
  };

  const requestCode = async (l: Live, phone: string) => {
    const mine = epoch;
    codeInFlight = true;
    try {
      const code = await l.sock.requestPairingCode(phone);
      if (mine !== epoch || live !== l) return;
      codeInFlight = false;
      status.set('pairing_code', { pairingCode: code, pairingPhone: phone });
    } catch (err) {
      if (mine !== epoch || live !== l) return;
      codeInFlight = false;
      log.warn({ err }, 'pairing code request failed: the QR code still works');
      status.set('qr', { qr: l.qr, qrExpiresAt: l.qrExpiresAt, reason: `pairing code failed: ${errorMessage(err)}` });
    }
  };

  const onQr = (l: Live, qr: string) => {
    l.qrCount += 1;
    l.qr = qr;
    l.qrExpiresAt = clock.now() + (l.qrCount === 1 ? FIRST_QR_MS : NEXT_QR_MS);
    // WhatsApp answers 428 to a pairing code asked for before the first QR ref.
    if (pairingPhone && l.qrCount === 1) {
      void requestCode(l, pairingPhone);
      return;
    }
    if (pairingPhone) return; // the code stays valid across QR refreshes
    status.set('qr', { qr, qrExpiresAt: l.qrExpiresAt });
  };

  const onOpen = (l: Live) => {
    // The attempt counter is reset only once the link has stayed up: a link that opens and drops at once
    // must keep backing off, not reconnect every second forever.
    health.opened(clock.now());
    clearStable();
    stableTimer = setTimeout(() => {
      attempt = 0;
      restarts = 0;
      // "Flapping" clears once the link has stayed up for a whole flap window.
      stableTimer = status.get().flapping ? setTimeout(showFlapping, FLAP_WINDOW_MS - STABLE_AFTER_MS) : null;
    }, STABLE_AFTER_MS);
    pairingPhone = null;
    codeInFlight = false;
    versions.worked(l.version);
    const me = l.sock.user;
    const phone = me?.id ? phoneFromJid(jidNormalizedUser(me.id)) : null;
    status.set('open', { ...(phone ? { phone } : {}), ...(me?.name ? { name: me.name } : {}) });
  };

  const onClose = async (l: Live, error: unknown) => {
    release(l, true);
    clearStable();
    health.closed(clock.now());
    showFlapping();
    const c = classifyClose(error);
    const mine = epoch;
    log.info({ code: c.code, action: c.action, reason: c.reason }, 'WhatsApp connection closed');
    const extra = { reason: c.reason, ...(c.code !== undefined ? { code: c.code } : {}) };
    const linking = !loadAuth().isLinked();
    // A linking that failed must not leave creds.me behind (next start would log in, not register).
    if (linking && c.action !== 'restart' && (await loadAuth().clearUnlinked())) {
      log.info('linking did not finish: its unfinished credentials were cleared');
    }
    if (mine !== epoch) return;
    switch (c.action) {
      case 'ended_by_us':
        status.set('stopped', extra);
        return;
      case 'logged_out':
        pairingPhone = null;
        await loadAuth().wipe();
        if (mine === epoch) status.set('logged_out', extra);
        return;
      case 'blocked':
      case 'replaced':
      case 'multidevice_mismatch':
        pairingPhone = null;
        status.set(c.action, extra);
        return;
      case 'qr_timeout': {
        pairingPhone = null;
        // A stale version also ends linking with 408 ("Couldn't link device" on the phone): refresh it.
        const refreshed = await versions.refreshAfterLinkFailure();
        if (mine !== epoch) return;
        if (refreshed)
          status.set('link_failed', { ...extra, reason: 'linking failed: WhatsApp Web version refreshed' });
        else status.set('qr_timeout', extra);
        return;
      }
      case 'restart':
        // 515 right after scanning is normal: reconnect at once. Repeated 515s go through the backoff.
        restarts += 1;
        if (restarts === 1) connect();
        else retry(c);
        return;
      case 'version':
        if ((await versions.refreshAfter405()) && mine === epoch) connect();
        else if (mine === epoch) status.set('version_too_old', extra);
        return;
      case 'retry':
        retry(c);
        return;
    }
  };

  const onConnectionUpdate = (l: Live, u: BaileysEventMap['connection.update']) => {
    if (live !== l) return;
    if (u.qr) onQr(l, u.qr);
    if (u.connection === 'open') onOpen(l);
    if (u.connection === 'close') {
      onClose(l, u.lastDisconnect?.error).catch((err: unknown) => log.error({ err }, 'close handling failed'));
    }
  };

  /** WhatsApp said rate-overlimit: no send for minutes (longer each time in a row), shown to the owner. */
  const pauseSends = () => {
    rateLimits += 1;
    const until = clock.now() + backoffDelay(rateLimits, random, RATE_LIMIT_BACKOFF);
    log.warn({ until, inARow: rateLimits }, 'WhatsApp rate limit (429): sending paused');
    status.patch({ sendPausedUntil: until });
    clearPause();
    pauseTimer = setTimeout(() => {
      pauseTimer = null;
      status.patch({ sendPausedUntil: undefined });
    }, until - clock.now());
  };

  const requireOpen = (): Live => {
    if (!live || status.get().state !== 'open') throw new AppError('NOT_CONNECTED', 'WhatsApp is not connected');
    return live;
  };

  return {
    id,
    mode: 'baileys',
    status: () => status.get(),
    isConnected: () => status.get().state === 'open' && live !== null,
    on: (event, listener) => events.on(event, listener),
    idle: () => inbound.idle(),

    async start() {
      if (live || retryTimer || preparing) return;
      active = true;
      epoch += 1;
      attempt = 0;
      restarts = 0;
      versions.reset();
      status.set('connecting');
      await connectChecked();
    },

    async stop() {
      active = false;
      epoch += 1;
      clearRetry();
      clearStable();
      clearPause();
      health.reset();
      pairingPhone = null;
      codeInFlight = false;
      if (live) release(live, true);
      // The pause and the flapping belong to this run's link (their timers are gone): the clock offset stays.
      rateLimits = 0;
      status.patch({ sendPausedUntil: undefined, flapping: undefined });
      status.set('stopped', { reason: 'stopped' });
      await inbound.idle();
    },

    async startPairing(req) {
      if (status.get().state === 'open') throw new AppError('CONFLICT', 'WhatsApp is already linked: log out first');
      const phone = req.mode === 'code' ? normalizePhone(req.phone) : null;
      active = true;
      epoch += 1;
      pairingPhone = phone;
      codeInFlight = false;
      versions.reset();
      const l = live;
      if (l && l.qrCount > 0) {
        if (phone) void requestCode(l, phone);
        else status.set('qr', { qr: l.qr, qrExpiresAt: l.qrExpiresAt });
      } else if (!l && !preparing) {
        attempt = 0;
        restarts = 0;
        clearRetry();
        status.set('connecting');
        void connectChecked();
      }
      return status.waitFor(
        (s) => s.state !== 'connecting' && s.state !== 'idle' && !codeInFlight,
        deps.pairingWaitMs ?? 20_000,
      );
    },

    async logout() {
      active = false;
      epoch += 1;
      clearRetry();
      pairingPhone = null;
      const l = live;
      if (l) {
        release(l, false);
        try {
          await withTimeout(l.sock.logout(), 5_000);
        } catch (err) {
          log.warn({ err }, 'logout request failed: the phone may still list this device');
        }
        release(l, true);
      }
      await loadAuth().wipe();
      status.set('logged_out', { reason: 'logged out by user' });
    },

    async markRead(msg) {
      const l = requireOpen();
      await l.sock.readMessages([
        {
          remoteJid: msg.chatJid,
          id: msg.waId,
          fromMe: false,
          ...(msg.participantJid ? { participant: msg.participantJid } : {}),
        },
      ]);
    },

    async sendText(jid, text, opts) {
      const l = requireOpen();
      const pausedUntil = status.get().sendPausedUntil;
      if (pausedUntil !== undefined && pausedUntil > clock.now()) {
        throw new AppError('RATE_LIMITED', 'WhatsApp rate limit: sending paused');
      }
      try {
        const result = await sendThroughSocket(
          l.sock,
          jid,
          text,
          opts,
          () => live === l && status.get().state === 'open',
        );
        rateLimits = 0;
        return result;
      } catch (err) {
        if (isAppError(err) && err.code === 'RATE_LIMITED') pauseSends();
        throw err;
      }
    },
  };
}
