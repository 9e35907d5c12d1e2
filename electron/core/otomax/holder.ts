import type { Dispatcher } from 'undici';
import type { Settings } from '../../../shared/settings';
import type { Clock } from '../kernel/clock';
import type { SettingsService } from '../config/settings-service';
import { AppError } from '../kernel/errors';
import type { Logger } from '../kernel/logger';
import { createOtomaxClient } from './client';
import type { AttemptRecord, OtomaxClient } from './types';
import { otomaxKey1, verifyOtomaxToken, type OtomaxVerifyKeys } from './token';

/**
 * The one OtomaX client in force, rebuilt when its settings or keys change (one keep-alive pool per
 * configuration). `get()` is synchronous so the forwarder can call it on its hot path.
 */
export interface OtomaxHolder {
  get(): OtomaxClient;
  configured(): boolean;
  refresh(): Promise<void>;
  /** Verify a token from OtomaX (the outbox callback) against the configured app. */
  verify(token: string, body: Buffer): Promise<boolean>;
  close(): Promise<void>;
}

const KEYS: (keyof Settings)[] = [
  'otomaxApiUrl',
  'otomaxAppId',
  'otomaxTimeoutMs',
  'otomaxRetries',
  'otomaxConcurrency',
];

export function createOtomaxHolder(deps: {
  settings: SettingsService;
  clock: Clock;
  log: Logger;
  dispatcher?: Dispatcher;
  backoffMs?: readonly number[];
  /** Every attempt of every method (metrics). */
  onAttempt?: (a: AttemptRecord) => void;
}): OtomaxHolder {
  let client: OtomaxClient | null = null;
  let signature = '';
  /**
   * The keys a callback's token is checked with, read when the client was built (start, settings saved): reading
   * them from the keychain for every callback cost two keychain calls each (issue 15). null = not read yet.
   */
  let verifyKeys: { appId: string; keys: OtomaxVerifyKeys } | null = null;
  const build = async () => {
    const s = deps.settings.get();
    const appKey = await deps.settings.secret('otomaxAppKey');
    const devKey = await deps.settings.secret('otomaxDevKey');
    const next = JSON.stringify([...KEYS.map((k) => s[k]), appKey, devKey]);
    if (next === signature) return;
    signature = next;
    verifyKeys =
      s.otomaxAppId && appKey && devKey
        ? { appId: s.otomaxAppId, keys: { appKey, devKey, key1: Buffer.from(otomaxKey1({ appKey, devKey }), 'ascii') } }
        : null;
    const old = client;
    client = null;
    if (s.otomaxAppId && appKey && devKey) {
      client = createOtomaxClient({
        baseUrl: s.otomaxApiUrl,
        appId: s.otomaxAppId,
        appKey,
        devKey,
        timeoutMs: s.otomaxTimeoutMs,
        retries: s.otomaxRetries,
        concurrency: s.otomaxConcurrency,
        clock: deps.clock,
        log: deps.log,
        ...(deps.backoffMs ? { backoffMs: deps.backoffMs } : {}),
        ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}),
        ...(deps.onAttempt ? { onAttempt: deps.onAttempt } : {}),
      });
      deps.log.info({ apiUrl: s.otomaxApiUrl, appId: s.otomaxAppId }, 'OtomaX client ready');
    } else {
      deps.log.info('OtomaX not configured: set the OpenApi URL, app id, app key and dev key');
    }
    if (old) await old.close();
  };
  return {
    get() {
      if (!client)
        throw new AppError('OTOMAX_NOT_CONFIGURED', 'OtomaX is not configured: set the app id, app key and dev key');
      return client;
    },
    configured: () => client !== null,
    refresh: build,
    async verify(token, body) {
      const known = verifyKeys;
      if (known && known.appId === deps.settings.get().otomaxAppId) {
        return verifyOtomaxToken(token, body, (id) => (id === known.appId ? known.keys : undefined)).ok;
      }
      const appId = deps.settings.get().otomaxAppId;
      const appKey = await deps.settings.secret('otomaxAppKey');
      const devKey = await deps.settings.secret('otomaxDevKey');
      if (!appId || !appKey || !devKey) return false;
      const r = verifyOtomaxToken(token, body, (id) => (id === appId ? { appKey, devKey } : undefined));
      return r.ok;
    },
    async close() {
      const c = client;
      client = null;
      signature = '';
      verifyKeys = null;
      if (c) await c.close();
    },
  };
}
