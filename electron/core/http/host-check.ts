import { hostname, networkInterfaces } from 'node:os';

const LOOPBACK = ['localhost', '127.0.0.1', '::1'];
const ANY = new Set(['0.0.0.0', '::', '']);

/** The name part of a Host header or URL authority, lower-case, without port or IPv6 brackets. */
export function hostName(authority: string): string {
  const a = authority.trim().toLowerCase();
  if (a.startsWith('[')) return a.slice(1, a.indexOf(']') === -1 ? undefined : a.indexOf(']'));
  const colon = a.indexOf(':');
  // More than one colon without brackets: a bare IPv6 address (no port can be told apart).
  const name = colon !== -1 && a.indexOf(':', colon + 1) === -1 ? a.slice(0, colon) : a;
  // "example.com." is the same name as "example.com".
  return name.replace(/\.$/, '');
}

export interface HostCheckInput {
  /** The address the server listens on (the `host` setting). */
  listenHost: string;
  /** The public base of the callback URL (a reverse proxy or the PC's LAN name), '' when unset. */
  callbackBaseUrl: string;
}

/**
 * Which Host headers this server answers: the loopback names, the configured host, the host of callbackBaseUrl
 * and, when listening on every interface, the machine's own addresses and name. Anything else is a request meant
 * for another server, or a page that rebound its own name to this PC (DNS rebinding): refused.
 */
export function createHostCheck(input: () => HostCheckInput, interfaces = networkInterfaces) {
  let cache: { at: number; names: Set<string> } | null = null;
  const machine = () => {
    // Interfaces change (Wi-Fi, DHCP), but not per request: look again every 30 s.
    if (cache && Date.now() - cache.at < 30_000) return cache.names;
    const names = new Set<string>([hostname().toLowerCase()]);
    for (const list of Object.values(interfaces())) {
      for (const i of list ?? []) names.add(hostName(i.address.split('%')[0] as string));
    }
    cache = { at: Date.now(), names };
    return names;
  };
  return (hostHeader: string | undefined): boolean => {
    // No Host header: HTTP/1.0 tools. Browsers always send one, so this is no rebinding path.
    if (hostHeader === undefined) return true;
    const name = hostName(hostHeader);
    if (LOOPBACK.includes(name)) return true;
    const { listenHost, callbackBaseUrl } = input();
    const listen = hostName(listenHost);
    if (name === listen && !ANY.has(listen)) return true;
    if (callbackBaseUrl) {
      try {
        if (name === hostName(new URL(callbackBaseUrl).host)) return true;
      } catch {
        // Not a URL: the setting's own validation says so elsewhere.
      }
    }
    return ANY.has(listen) && machine().has(name);
  };
}

/**
 * Whether a WebSocket upgrade comes from this server's own page: its Origin, when a browser sends one, names the
 * same host and port the request was sent to.
 */
export function sameOrigin(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (origin === undefined) return true; // not a browser: it needs the per-run token like anyone
  if (!hostHeader) return false;
  try {
    const o = new URL(origin);
    return (
      (o.protocol === 'http:' || o.protocol === 'https:') && o.host.toLowerCase() === hostHeader.trim().toLowerCase()
    );
  } catch {
    return false; // "null" (a sandboxed frame, a file://) and anything unparsable
  }
}
