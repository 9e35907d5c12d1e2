import type { BaileysSession, BaileysSessionDeps } from './baileys-session';
import type { SessionEvents, WhatsAppSession } from './session-port';

type SessionModule = { createBaileysSession: (deps: BaileysSessionDeps) => BaileysSession };

/**
 * A Baileys session whose module (and Baileys with it: WAProto, libsignal, the socket; about 40-54 MB of RSS and
 * 0.3-0.6 s) loads on the first call that needs a session: start, pairing, logout, a send or a read mark. Until then
 * it is the session as created: idle, not connected. The listeners given before are moved onto the real session.
 * The bundles keep the import lazy: electron.vite.config.ts and test/bench/built-headless.ts split it into a chunk.
 */
export function createLazyBaileysSession(
  deps: BaileysSessionDeps,
  load: () => Promise<SessionModule> = () => import('./baileys-session'),
): WhatsAppSession & { idle(): Promise<void>; loaded(): boolean } {
  const since = deps.clock.now();
  let real: BaileysSession | null = null;
  let loading: Promise<BaileysSession> | null = null;
  const early = new Set<{ attach: (s: BaileysSession) => void; off: (() => void) | null }>();
  const session = (): Promise<BaileysSession> =>
    (loading ??= load().then((m) => {
      const s = m.createBaileysSession(deps);
      real = s;
      for (const l of early) l.attach(s);
      return s;
    }));
  return {
    id: deps.id,
    mode: 'baileys',
    loaded: () => real !== null,
    status: () => real?.status() ?? { sessionId: deps.id, state: 'idle', since },
    isConnected: () => real?.isConnected() ?? false,
    start: async () => (await session()).start(),
    async stop() {
      // Never loaded: nothing to stop, and no reason to load Baileys now.
      if (loading) await (await loading).stop();
    },
    startPairing: async (req) => (await session()).startPairing(req),
    logout: async () => (await session()).logout(),
    markRead: async (msg) => (await session()).markRead(msg),
    sendText: async (jid, text, opts) => (await session()).sendText(jid, text, opts),
    async idle() {
      if (loading) await (await loading).idle();
    },
    on<E extends keyof SessionEvents>(event: E, listener: (payload: SessionEvents[E]) => void): () => void {
      if (real) return real.on(event, listener);
      const entry = {
        off: null as (() => void) | null,
        attach(s: BaileysSession) {
          entry.off = s.on(event, listener);
        },
      };
      early.add(entry);
      return () => {
        early.delete(entry);
        entry.off?.();
      };
    },
  };
}
