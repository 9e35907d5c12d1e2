import { isEventName, type CommandName, type EventName, type Events, type WireFrame } from '../../../shared/api';
import { fail, type Result } from '../../../shared/result';
import type { ApiClient, ConnectionInfo } from './types';

export interface WsTransportOptions {
  /** ws(s)://host/ui/ws?token=... */
  url: string;
  WebSocketImpl?: typeof WebSocket;
  /** How long a call made while disconnected waits for the link before it fails. */
  waitTimeoutMs?: number;
  /** How long a sent call waits for its answer (longer than the slowest command: an OtomaX test at 120 s). */
  callTimeoutMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /**
   * Asked after a connect attempt failed: true = the token is still valid, false = refused (the host was
   * restarted with another key), null = no answer (the host is down). A refused WebSocket upgrade looks like any
   * other failure to a browser (close 1006), so this is how the window tells "restarting" from "wrong address".
   */
  checkToken?: () => Promise<boolean | null>;
}

/** The server closes with this code when the token is wrong: no point retrying. */
export const CLOSE_UNAUTHORIZED = 4401;

interface Pending {
  frame: string;
  sent: boolean;
  timer: ReturnType<typeof setTimeout>;
  resolve: (r: Result<unknown>) => void;
}

/**
 * The api contract over the headless host's WebSocket. Calls wait while the link is down; a call whose frame
 * already left is never re-sent after a drop (it may have run: sending a broadcast twice costs money), it fails
 * with NOT_CONNECTED instead.
 */
export function createWsTransport(options: WsTransportOptions): ApiClient {
  const WS = options.WebSocketImpl ?? WebSocket;
  const waitTimeoutMs = options.waitTimeoutMs ?? 15_000;
  const callTimeoutMs = options.callTimeoutMs ?? 130_000;
  const backoffInitialMs = options.backoffInitialMs ?? 500;
  const backoffMaxMs = options.backoffMaxMs ?? 15_000;

  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const watchers = new Set<(info: ConnectionInfo) => void>();
  let info: ConnectionInfo = { state: 'connecting', failures: 0, nextRetryAt: null, epoch: 0 };
  let socket: WebSocket | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let seq = 0;
  let closed = false;

  const setInfo = (next: Partial<ConnectionInfo>) => {
    info = { ...info, ...next };
    for (const w of watchers) w(info);
  };

  const settle = (id: number, result: Result<unknown>) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(result);
  };

  const flush = () => {
    if (info.state !== 'ready' || !socket) return;
    for (const [id, p] of pending) {
      if (p.sent) continue;
      p.sent = true;
      clearTimeout(p.timer);
      p.timer = setTimeout(() => settle(id, fail('NOT_CONNECTED', 'Jembatan did not answer in time')), callTimeoutMs);
      socket.send(p.frame);
    }
  };

  const dispatch = (name: EventName, payload: unknown) => {
    for (const l of listeners.get(name) ?? []) {
      try {
        (l as (p: unknown) => void)(payload);
      } catch (e) {
        console.error(`listener for ${name} failed`, e);
      }
    }
  };

  const onFrame = (raw: unknown) => {
    let frame: WireFrame;
    try {
      frame = JSON.parse(String(raw)) as WireFrame;
    } catch {
      return;
    }
    if (frame.t === 'ready') {
      setInfo({ state: 'ready', failures: 0, nextRetryAt: null, epoch: info.epoch + 1 });
      flush();
    } else if (frame.t === 'result' && typeof frame.id === 'number') {
      settle(frame.id, frame.result);
    } else if (frame.t === 'event' && isEventName(frame.name)) {
      dispatch(frame.name, frame.payload);
    }
  };

  const onDrop = (code: number) => {
    socket = null;
    const wasReady = info.state === 'ready';
    for (const [id, p] of pending) {
      if (p.sent)
        settle(id, fail('NOT_CONNECTED', 'the link to Jembatan dropped before the answer came; check before retrying'));
    }
    if (closed) return;
    if (code === CLOSE_UNAUTHORIZED) {
      setInfo({ state: 'unauthorized', nextRetryAt: null });
      for (const id of [...pending.keys()]) settle(id, fail('UNAUTHORIZED', 'this address has no valid token'));
      return;
    }
    const failures = wasReady ? 0 : info.failures + 1;
    const delay = Math.min(backoffMaxMs, backoffInitialMs * 2 ** Math.min(failures, 10));
    const jittered = Math.round(delay * (0.8 + Math.random() * 0.4));
    setInfo({ state: 'reconnecting', failures, nextRetryAt: Date.now() + jittered });
    retryTimer = setTimeout(connect, jittered);
    if (!wasReady && options.checkToken) void probe();
  };

  /** The last attempt failed: is it the host being away, or is our token no longer valid? */
  const probe = async () => {
    let valid: boolean | null;
    try {
      valid = (await options.checkToken?.()) ?? null;
    } catch {
      valid = null;
    }
    if (valid !== false || closed || info.state === 'ready') return;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    setInfo({ state: 'unauthorized', nextRetryAt: null });
    for (const id of [...pending.keys()]) settle(id, fail('UNAUTHORIZED', 'this address has no valid token'));
  };

  function connect() {
    retryTimer = null;
    if (closed) return;
    if (info.state !== 'reconnecting') setInfo({ state: 'connecting' });
    let ws: WebSocket;
    try {
      ws = new WS(options.url);
    } catch {
      onDrop(1006);
      return;
    }
    socket = ws;
    ws.onmessage = (ev) => onFrame(ev.data);
    ws.onclose = (ev) => {
      if (socket === ws) onDrop(ev.code);
    };
    // Errors are always followed by close, which does the work.
    ws.onerror = () => undefined;
  }

  connect();

  return {
    // A browser window on the headless host: no tray or notifications to tell.
    shellLanguage: () => undefined,
    connection: {
      get: () => info,
      subscribe(listener) {
        watchers.add(listener);
        return () => watchers.delete(listener);
      },
    },
    invoke(name: CommandName, input: unknown) {
      if (closed) return Promise.resolve(fail('NOT_CONNECTED', 'the link to Jembatan is closed'));
      if (info.state === 'unauthorized')
        return Promise.resolve(fail('UNAUTHORIZED', 'this address has no valid token'));
      const id = ++seq;
      return new Promise<Result<unknown>>((resolve) => {
        const timer = setTimeout(() => settle(id, fail('NOT_CONNECTED', 'Jembatan is not reachable')), waitTimeoutMs);
        pending.set(id, {
          frame: JSON.stringify({ t: 'call', id, name, input } satisfies WireFrame),
          sent: false,
          timer,
          resolve,
        });
        flush();
      }) as never;
    },
    on<E extends EventName>(name: E, listener: (payload: Events[E]) => void) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => {
        set.delete(listener as (payload: never) => void);
      };
    },
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket?.close();
      socket = null;
      for (const id of [...pending.keys()]) settle(id, fail('NOT_CONNECTED', 'the link to Jembatan is closed'));
    },
  };
}
