import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * The built renderer is served from app://jembatan/ (a privileged custom scheme, see protocol.ts) instead
 * of file://: the page gets a real origin, cannot read arbitrary files, and every response carries the CSP
 * header (headers set through webRequest are not reliable for file://).
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'jembatan';

export type RendererSource = { kind: 'dev'; url: string } | { kind: 'bundle'; dir: string };

/**
 * In dev electron-vite serves the renderer and passes its URL in ELECTRON_RENDERER_URL. The installed app
 * ignores it: a variable set on the shop PC must never make the window (and the IPC bridge, which trusts
 * the page's origin) load a page from somewhere else.
 */
export function rendererSource(devUrl: string | undefined, bundleDir: string, packaged = false): RendererSource {
  return devUrl && !packaged ? { kind: 'dev', url: devUrl } : { kind: 'bundle', dir: bundleDir };
}

export function rendererEntryUrl(source: RendererSource): string {
  return source.kind === 'dev' ? source.url : `${APP_SCHEME}://${APP_HOST}/index.html`;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Same scheme, host and port as the page we load: the only frames that may talk to the engine. */
export function isRendererUrl(url: string | null | undefined, source: RendererSource): boolean {
  if (!url) return false;
  const u = parse(url);
  if (!u) return false;
  if (source.kind === 'bundle') return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  const dev = parse(source.url);
  return dev !== null && u.protocol === dev.protocol && u.host === dev.host;
}

/** Map an app:// request to a file inside the renderer folder; null for anything outside it. */
export function resolveBundleFile(dir: string, requestUrl: string): string | null {
  const u = parse(requestUrl);
  if (!u || u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  // NUL and backslashes never belong in a URL path; on Windows a backslash would be a separator.
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const wanted = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = resolve(dir);
  const file = resolve(root, wanted);
  const rel = relative(root, file);
  if (!rel || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return null;
  return file;
}

/**
 * The page's Content-Security-Policy. The dev server needs inline scripts (React refresh preamble) and its
 * HMR websocket; the built app needs neither.
 */
export function contentSecurityPolicy(source: RendererSource): string {
  const directives = [
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ];
  if (source.kind === 'dev') {
    const dev = parse(source.url);
    const ws = dev ? `${dev.protocol === 'https:' ? 'wss' : 'ws'}://${dev.host}` : '';
    directives.push("script-src 'self' 'unsafe-inline'", `connect-src 'self' ${ws}`.trim());
  }
  return directives.join('; ');
}

/** Links the renderer may hand to the OS browser. */
export function isExternalLink(url: string): boolean {
  const u = parse(url);
  return u !== null && u.protocol === 'https:';
}

/**
 * Browser permissions the page may get: only writing to the clipboard (copy buttons for the callback URL
 * and API key), and only for our own page. Camera, notifications, geolocation and the rest: never.
 */
export function isPermissionAllowed(permission: string, requestingUrl: string, source: RendererSource): boolean {
  return permission === 'clipboard-sanitized-write' && isRendererUrl(requestingUrl, source);
}

/**
 * A blob: URL our own page created. The CSV exports click <a download href="blob:…">, which Electron may
 * report as a navigation before it turns into a download (electron/electron#44375): those must pass.
 */
export function isOwnBlobUrl(url: string, source: RendererSource): boolean {
  return url.startsWith('blob:') && isRendererUrl(url.slice('blob:'.length), source);
}
