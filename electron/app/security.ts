import { app, session, shell, type WebContents } from 'electron';
import type { Logger } from '../core/kernel/logger';
import { isExternalLink, isOwnBlobUrl, isPermissionAllowed, type RendererSource } from './renderer-origin';

function openOutside(url: string, log: Logger): void {
  if (!isExternalLink(url)) {
    log.warn({ url: url.slice(0, 200) }, 'blocked a link that is not https');
    return;
  }
  shell.openExternal(url).catch((e: unknown) => log.warn({ err: e }, 'could not open a link in the browser'));
}

function harden(contents: WebContents, source: RendererSource, log: Logger): void {
  // No new windows ever; https links go to the OS browser.
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url, log);
    return { action: 'deny' };
  });
  // The page never navigates away from itself (reloads and #/route changes do not emit will-navigate);
  // its own blob: downloads pass and become downloads (Electron's save dialog).
  contents.on('will-navigate', (event) => {
    if (isOwnBlobUrl(event.url, source)) return;
    event.preventDefault();
    openOutside(event.url, log);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Electron security checklist, applied to every web contents the app creates: deny window.open and
 * navigation, no <webview>, no permissions beyond clipboard writes. In dev the Vite server's pages also get
 * the CSP header (the built app's app:// handler sets it itself).
 */
export function setupSecurity(deps: { source: RendererSource; csp: string; log: Logger }): void {
  const { source, csp, log } = deps;
  app.on('web-contents-created', (_event, contents) => harden(contents, source, log));
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) => {
    callback(isPermissionAllowed(permission, contents.getURL(), source));
  });
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, source),
  );
  if (source.kind === 'dev') {
    const origin = new URL(source.url);
    // Match patterns name no port: every port of the dev host gets the header, the dev server's among them.
    session.defaultSession.webRequest.onHeadersReceived(
      { urls: [`${origin.protocol}//${origin.hostname}/*`] },
      (details, callback) => {
        if (details.resourceType !== 'mainFrame') return callback({});
        callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
      },
    );
  }
}
