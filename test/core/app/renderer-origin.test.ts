import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBundleHandler, mimeType } from '../../../electron/app/bundle-handler';
import {
  contentSecurityPolicy,
  isExternalLink,
  isOwnBlobUrl,
  isPermissionAllowed,
  isRendererUrl,
  rendererEntryUrl,
  rendererSource,
  resolveBundleFile,
} from '../../../electron/app/renderer-origin';

const bundle = rendererSource(undefined, '/app/out/renderer');
const dev = rendererSource('http://localhost:5173', '/app/out/renderer');

describe('renderer source', () => {
  it('loads the dev server in dev and app://jembatan/ when built', () => {
    expect(rendererEntryUrl(dev)).toBe('http://localhost:5173');
    expect(rendererEntryUrl(bundle)).toBe('app://jembatan/index.html');
  });

  it('ignores ELECTRON_RENDERER_URL in the installed app', () => {
    const packaged = rendererSource('https://evil.example/', '/app/out/renderer', true);
    expect(packaged).toEqual({ kind: 'bundle', dir: '/app/out/renderer' });
    expect(isRendererUrl('https://evil.example/', packaged)).toBe(false);
    expect(rendererSource('http://localhost:5173', '/app/out/renderer', false).kind).toBe('dev');
  });

  it('trusts only URLs of the page it loads', () => {
    expect(isRendererUrl('app://jembatan/index.html#/settings', bundle)).toBe(true);
    expect(isRendererUrl('app://evil/index.html', bundle)).toBe(false);
    expect(isRendererUrl('file:///app/out/renderer/index.html', bundle)).toBe(false);
    expect(isRendererUrl('http://localhost:5173/', bundle)).toBe(false);
    expect(isRendererUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isRendererUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isRendererUrl('https://localhost:5173/', dev)).toBe(false);
    expect(isRendererUrl(null, dev)).toBe(false);
    expect(isRendererUrl('not a url', dev)).toBe(false);
  });
});

describe('resolveBundleFile', () => {
  const dir = join(tmpdir(), 'renderer');
  it('maps paths inside the renderer folder', () => {
    expect(resolveBundleFile(dir, 'app://jembatan/')).toBe(join(dir, 'index.html'));
    expect(resolveBundleFile(dir, 'app://jembatan/assets/index-abc.js?v=1#x')).toBe(
      join(dir, 'assets', 'index-abc.js'),
    );
    expect(resolveBundleFile(dir, 'app://jembatan/assets/a%20b.png')).toBe(join(dir, 'assets', 'a b.png'));
  });

  it('refuses traversal, other hosts and other schemes', () => {
    expect(resolveBundleFile(dir, 'app://jembatan/../main/main.js')).toBe(join(dir, 'main', 'main.js'));
    // The URL parser already folds encoded dot segments: the result stays inside the folder.
    expect(resolveBundleFile(dir, 'app://jembatan/%2e%2e/main/main.js')).toBe(join(dir, 'main', 'main.js'));
    expect(resolveBundleFile(dir, 'app://jembatan/assets/%2e%2e%2f%2e%2e%2fsecret')).toBeNull();
    expect(resolveBundleFile(dir, 'app://jembatan/..%5c..%5csecret')).toBeNull();
    expect(resolveBundleFile(dir, 'app://jembatan/%00')).toBeNull();
    expect(resolveBundleFile(dir, 'app://jembatan/%E0%A4%A')).toBeNull();
    expect(resolveBundleFile(dir, 'app://other/index.html')).toBeNull();
    expect(resolveBundleFile(dir, 'file:///etc/passwd')).toBeNull();
  });
});

describe('contentSecurityPolicy', () => {
  it('is strict for the built app', () => {
    const csp = contentSecurityPolicy(bundle);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('lets the dev server run its inline React refresh preamble and HMR socket', () => {
    const csp = contentSecurityPolicy(dev);
    expect(csp).toContain("script-src 'self' 'unsafe-inline'");
    expect(csp).toContain("connect-src 'self' ws://localhost:5173");
  });
});

describe('links and permissions', () => {
  it('hands only https links to the OS browser', () => {
    expect(isExternalLink('https://www.mekari.com/')).toBe(true);
    expect(isExternalLink('http://example.com/')).toBe(false);
    expect(isExternalLink('file:///C:/Windows/System32/calc.exe')).toBe(false);
    expect(isExternalLink('javascript:alert(1)')).toBe(false);
  });

  it('lets through only blob: URLs made by our own page (CSV downloads)', () => {
    expect(isOwnBlobUrl('blob:app://jembatan/1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed', bundle)).toBe(true);
    expect(isOwnBlobUrl('blob:http://localhost:5173/1b9d6bcd', dev)).toBe(true);
    expect(isOwnBlobUrl('blob:https://evil.example/1b9d6bcd', bundle)).toBe(false);
    expect(isOwnBlobUrl('app://jembatan/index.html', bundle)).toBe(false);
  });

  it('grants clipboard writes to our page and nothing else', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://jembatan/index.html', bundle)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://jembatan', bundle)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/', bundle)).toBe(false);
    for (const p of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      expect(isPermissionAllowed(p, 'app://jembatan/', bundle)).toBe(false);
    }
  });
});

describe('createBundleHandler', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jembatan-bundle-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="./assets/index.js"></script>');
  writeFileSync(join(dir, 'assets', 'index.js'), 'console.log(1)');
  const handler = createBundleHandler({ dir, csp: "default-src 'self'" });

  it('serves files with their MIME type and the CSP header', async () => {
    const html = await handler(new Request('app://jembatan/'));
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(await html.text()).toContain('<!doctype html>');
    const js = await handler(new Request('app://jembatan/assets/index.js'));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await js.text()).toBe('console.log(1)');
  });

  it('answers 404 for missing or outside files and 405 for writes', async () => {
    expect((await handler(new Request('app://jembatan/nope.js'))).status).toBe(404);
    expect((await handler(new Request('app://jembatan/%2e%2e/%2e%2e/etc/passwd'))).status).toBe(404);
    expect((await handler(new Request('app://jembatan/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('names a type for everything a Vite build emits', () => {
    expect(mimeType('a.css')).toBe('text/css; charset=utf-8');
    expect(mimeType('a.SVG')).toBe('image/svg+xml');
    expect(mimeType('a.woff2')).toBe('font/woff2');
    expect(mimeType('a.unknown')).toBe('application/octet-stream');
  });
});
