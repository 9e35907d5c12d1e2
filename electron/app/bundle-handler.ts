import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { resolveBundleFile } from './renderer-origin';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Module scripts are refused without a JavaScript MIME type, so every response names its type. */
export function mimeType(file: string): string {
  return MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export interface BundleHandlerOptions {
  /** The built renderer folder (out/renderer). */
  dir: string;
  csp: string;
  read?: (file: string) => Promise<Uint8Array>;
}

/**
 * Serves app://jembatan/<path> from the renderer folder. Electron's fs reads inside app.asar, so the same
 * code serves the dev build and the packaged app.
 */
export function createBundleHandler(options: BundleHandlerOptions): (request: Request) => Promise<Response> {
  const read = options.read ?? ((file: string) => readFile(file));
  const plain = (status: number, text: string) =>
    new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');
    const file = resolveBundleFile(options.dir, request.url);
    if (!file) return plain(404, 'not found');
    let body: Uint8Array;
    try {
      body = await read(file);
    } catch {
      return plain(404, 'not found');
    }
    const headers = {
      'content-type': mimeType(file),
      'content-security-policy': options.csp,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    };
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
  };
}
