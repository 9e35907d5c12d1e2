import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SimApp } from './types';

/**
 * The simulator's own token scheme, written apart from electron/core/otomax/token.ts on purpose: two
 * implementations that both reproduce the protocol doc's vectors are a better check than one testing itself.
 */
export function simSignature(app: SimApp, body: Buffer | string): string {
  const key1 = createHmac('sha256', app.devKey).update(app.appKey).digest('base64');
  return createHmac('sha256', Buffer.from(key1, 'ascii'))
    .update(typeof body === 'string' ? Buffer.from(body) : body)
    .digest('base64url');
}

export function simToken(appId: string, app: SimApp, body: Buffer | string): string {
  return Buffer.from(`{"id":"${appId}"}`).toString('base64url') + '.' + simSignature(app, body);
}

export type SimTokenCheck = { ok: true; appId: string } | { ok: false; appId: string | null; reason: string };

export function simCheckToken(token: string, body: Buffer, apps: Record<string, SimApp>): SimTokenCheck {
  const dot = token.indexOf('.');
  if (dot <= 0) return { ok: false, appId: null, reason: 'no "." in token' };
  const meta = token.slice(0, dot);
  const sig = token.slice(dot + 1);
  if (!/^[A-Za-z0-9_-]+$/.test(meta)) return { ok: false, appId: null, reason: 'metadata is not base64url' };
  let appId: string | null = null;
  try {
    const parsed = JSON.parse(Buffer.from(meta, 'base64url').toString('utf8')) as { id?: unknown };
    if (typeof parsed.id === 'string') appId = parsed.id;
  } catch {
    appId = null;
  }
  if (appId === null) return { ok: false, appId: null, reason: 'metadata has no id' };
  const app = Object.hasOwn(apps, appId) ? apps[appId] : undefined;
  if (!app) return { ok: false, appId, reason: 'unknown app' };
  const expected = Buffer.from(simSignature(app, body));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, appId, reason: 'bad signature' };
  }
  return { ok: true, appId };
}
