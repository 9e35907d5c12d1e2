import type { Api, CommandName, EventName, Events, WindowBridge } from '../../../shared/api';
import { fail, type Result } from '../../../shared/result';
import type { ApiClient, ConnectionInfo } from './types';
import { createWsTransport, type WsTransportOptions } from './ws-transport';

export interface ApiClientEnv {
  /** The Electron preload's bridge, when the window runs inside the app. */
  api?: Api | WindowBridge;
  location: Pick<Location, 'origin' | 'search'>;
  transport?: Partial<Omit<WsTransportOptions, 'url'>>;
}

/** The headless socket address for this page: same origin, the page's own ?token=. */
export function wsUrlFor(location: Pick<Location, 'origin' | 'search'>): string | null {
  const token = new URLSearchParams(location.search).get('token');
  if (!token) return null;
  return `${location.origin.replace(/^http/, 'ws')}/ui/ws?token=${encodeURIComponent(token)}`;
}

/**
 * The one way the window reaches the engine: Electron's window.api when present, else the headless WebSocket.
 * Either way the UI gets Results, never exceptions.
 */
export function createApiClient(env?: ApiClientEnv): ApiClient {
  const e: ApiClientEnv = env ?? { api: (window as Window & { api?: WindowBridge }).api, location: window.location };
  if (e.api) return fromIpc(e.api);
  const url = wsUrlFor(e.location);
  if (!url) return withoutToken();
  const check = tokenCheckUrlFor(e.location);
  return createWsTransport({
    url,
    checkToken: async () => {
      if (!check) return null;
      const r = await fetch(check, { cache: 'no-store' });
      return r.status === 401 ? false : r.ok ? true : null;
    },
    ...e.transport,
  });
}

/** GET /ui/token?token=…: 204 while this page's token opens the window, 401 once it does not. */
export function tokenCheckUrlFor(location: Pick<Location, 'origin' | 'search'>): string | null {
  const token = new URLSearchParams(location.search).get('token');
  return token ? `${location.origin}/ui/token?token=${encodeURIComponent(token)}` : null;
}

const fixed = (state: ConnectionInfo['state']): ApiClient['connection'] => {
  const info: ConnectionInfo = { state, failures: 0, nextRetryAt: null, epoch: state === 'ready' ? 1 : 0 };
  return { get: () => info, subscribe: () => () => undefined };
};

function fromIpc(api: Api | WindowBridge): ApiClient {
  return {
    connection: fixed('ready'),
    shellLanguage(lang) {
      // An older preload has no shellLanguage: the tray then keeps its language, the window works on.
      if ('shellLanguage' in api && typeof api.shellLanguage === 'function') api.shellLanguage(lang);
    },
    async invoke(name: CommandName, input: unknown) {
      try {
        return (await api.invoke(name, input as never)) as Result<never>;
      } catch (err) {
        // IPC rejects only on a bug or a crashed main process; the window keeps working and says so.
        console.error(`command ${name} failed over IPC`, err);
        return fail('INTERNAL', err instanceof Error ? err.message : 'the app did not answer');
      }
    },
    on<E extends EventName>(name: E, listener: (payload: Events[E]) => void) {
      return api.on(name, listener);
    },
    close: () => undefined,
  };
}

function withoutToken(): ApiClient {
  return {
    connection: fixed('no_token'),
    shellLanguage: () => undefined,
    invoke: async () => fail('UNAUTHORIZED', 'open the address Jembatan printed at start: it carries ?token='),
    on: () => () => undefined,
    close: () => undefined,
  };
}
