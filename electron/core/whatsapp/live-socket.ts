import type { BaileysEventMap, WAVersion } from '@whiskeysockets/baileys';
import type { Logger } from '../kernel/logger';
import type { MakeSocket, MakeSocketConfig, WaSocketLike } from './socket-port';

type Listener = (arg: never) => void;

/** One socket and everything we attached to it: the unit a reconnect throws away. */
export interface LiveSocket {
  sock: WaSocketLike;
  version: WAVersion;
  listeners: [keyof BaileysEventMap, Listener][];
  qrCount: number;
  qr?: string;
  qrExpiresAt?: number;
}

export type SocketHandlers = {
  [E in keyof BaileysEventMap]?: (arg: BaileysEventMap[E]) => void;
};

/** Make a socket and attach the handlers, remembering each listener so release() can take them all off. */
export function openLiveSocket(
  makeSocket: MakeSocket,
  config: MakeSocketConfig,
  handlers: (live: LiveSocket) => SocketHandlers,
): LiveSocket {
  const sock = makeSocket(config);
  const live: LiveSocket = { sock, version: config.version, listeners: [], qrCount: 0 };
  const map = handlers(live);
  for (const event of Object.keys(map) as (keyof BaileysEventMap)[]) {
    const fn = map[event] as Listener | undefined;
    if (!fn) continue;
    sock.ev.on(event, fn as never);
    live.listeners.push([event, fn]);
  }
  return live;
}

/**
 * Take our listeners off first (a closing socket must not reach the state machine any more), then end it.
 * Baileys' end() is idempotent, so ending a socket that closed by itself is safe.
 */
export function releaseLiveSocket(live: LiveSocket, end: boolean, log: Logger): void {
  for (const [event, fn] of live.listeners) live.sock.ev.off(event, fn as never);
  live.listeners = [];
  if (!end) return;
  Promise.resolve()
    .then(() => live.sock.end(undefined))
    .catch((err: unknown) => log.debug({ err }, 'ending an old socket failed'));
}

export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
