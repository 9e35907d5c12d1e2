import { protocol } from 'electron';
import { createBundleHandler } from './bundle-handler';
import { APP_SCHEME } from './renderer-origin';

/** Must run before app 'ready': a standard, secure scheme gets an origin, module scripts and storage. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serve the built renderer on app://jembatan/ with the CSP header on every response. */
export function setupAppProtocol(deps: { rendererDir: string; csp: string }): void {
  protocol.handle(APP_SCHEME, createBundleHandler({ dir: deps.rendererDir, csp: deps.csp }));
}
