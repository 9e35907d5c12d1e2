import { DEFAULT_CONNECTION_CONFIG, type WAVersion, fetchLatestWaWebVersion } from '@whiskeysockets/baileys';
import type { Logger } from '../kernel/logger';
import type { WaMeta } from './wa-meta-repo';

const META_KEY = 'wa_version';
const CHECKED_KEY = 'wa_version_checked_at';
const LATEST_KEY = 'wa_version_latest';
/** A linked session checks web.whatsapp.com for a newer client revision at most this often. */
export const VERSION_CHECK_EVERY_MS = 24 * 60 * 60_000;
/** fetchLatestWaWebVersion has no timeout of its own: a hung request must not hold the connect. */
export const VERSION_FETCH_TIMEOUT_MS = 10_000;
const UNLINKED_RECHECK_MS = 10 * 60_000;

export function parseWaVersion(text: string | null | undefined): WAVersion | null {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec((text ?? '').trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

export const formatWaVersion = (v: WAVersion): string => v.join('.');

function compareVersions(a: WAVersion, b: WAVersion): number {
  for (let i = 0; i < 3; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Ask web.whatsapp.com for the current client revision; null when it cannot be learned in time. */
export async function fetchLatestVersion(timeoutMs = VERSION_FETCH_TIMEOUT_MS): Promise<WAVersion | null> {
  const result = await fetchLatestWaWebVersion({ signal: AbortSignal.timeout(timeoutMs) });
  return result.isLatest && !result.error ? result.version : null;
}

/** The fetch, bounded even if the helper ignores its abort signal. */
async function fetchBounded(fetchLatest: () => Promise<WAVersion | null>, ms: number): Promise<WAVersion | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      fetchLatest(),
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export interface VersionPolicyDeps {
  meta: WaMeta;
  /** settings.waVersion: 'a.b.c' or '' */
  override: () => string;
  log: Logger;
  bundled?: WAVersion;
  fetchLatest?: () => Promise<WAVersion | null>;
  /** Milliseconds since the epoch, for the daily check. */
  now?: () => number;
  fetchTimeoutMs?: number;
}

export interface VersionPolicy {
  /** The version the next socket connects with. */
  current(): WAVersion;
  /** The link opened with `version`: remember it and allow a refresh again next time. */
  worked(version: WAVersion): void;
  /** Close 405: true when a different version was found and is worth one more try. */
  refreshAfter405(): Promise<boolean>;
  /** A user-started connection: one refresh is allowed again. */
  reset(): void;
  /**
   * Before connecting: a session not linked yet (or not checked for a day) learns the live version, so the
   * first link does not fail on a months-old bundled one. On failure the last version that worked stays.
   */
  prepare(linked: boolean): Promise<void>;
  /** Whether prepare(linked) would ask web.whatsapp.com (so a connect without it can stay synchronous). */
  needsCheck(linked: boolean): boolean;
  /**
   * Linking ended with 408 "QR refs attempts ended", which a stale version also causes ("Couldn't link
   * device" on the phone): true when a different version was found for the next try.
   */
  refreshAfterLinkFailure(): Promise<boolean>;
}

/**
 * Bundled version, unless settings override it or a newer one is remembered from a link that worked.
 * On 405 one refresh from web.whatsapp.com, then the caller stops with version_too_old.
 */
export function createVersionPolicy(deps: VersionPolicyDeps): VersionPolicy {
  const bundled = deps.bundled ?? DEFAULT_CONNECTION_CONFIG.version;
  const fetchLatest = deps.fetchLatest ?? (() => fetchLatestVersion(deps.fetchTimeoutMs));
  const now = deps.now ?? Date.now;
  const timeoutMs = deps.fetchTimeoutMs ?? VERSION_FETCH_TIMEOUT_MS;
  let fetched: WAVersion | null = null;
  let refreshed = false;

  /** A different version than `before`, or null (the fetch failed, timed out or found the same one). */
  const fetchNew = async (before: WAVersion): Promise<WAVersion | null> => {
    let latest: WAVersion | null = null;
    try {
      latest = await fetchBounded(fetchLatest, timeoutMs);
    } catch (err) {
      deps.log.warn({ err }, 'could not fetch the latest WhatsApp Web version');
    }
    if (!latest) return null;
    deps.meta.set(CHECKED_KEY, String(now()));
    deps.meta.set(LATEST_KEY, formatWaVersion(latest));
    if (compareVersions(latest, before) === 0) return null;
    deps.log.info({ from: formatWaVersion(before), to: formatWaVersion(latest) }, 'WhatsApp Web version refreshed');
    fetched = latest;
    return latest;
  };

  const current = (): WAVersion => {
    if (fetched) return fetched;
    const override = parseWaVersion(deps.override());
    if (override) return override;
    // The newest of: the last version that worked, the last one web.whatsapp.com announced, the bundled one.
    let best = bundled;
    for (const key of [META_KEY, LATEST_KEY]) {
      const v = parseWaVersion(deps.meta.get(key));
      if (v && compareVersions(v, best) > 0) best = v;
    }
    return best;
  };

  const needsCheck = (linked: boolean): boolean => {
    if (parseWaVersion(deps.override())) return false;
    const checkedAt = Number(deps.meta.get(CHECKED_KEY) ?? 0);
    // Not linked yet: check before every linking attempt, but not again within minutes (reconnects).
    return now() - checkedAt >= (linked ? VERSION_CHECK_EVERY_MS : UNLINKED_RECHECK_MS);
  };

  return {
    current,
    worked(version) {
      deps.meta.set(META_KEY, formatWaVersion(version));
      refreshed = false;
    },
    async refreshAfter405() {
      if (refreshed) return false;
      refreshed = true;
      return (await fetchNew(current())) !== null;
    },
    reset() {
      refreshed = false;
    },
    needsCheck,
    async prepare(linked) {
      if (needsCheck(linked)) await fetchNew(current());
    },
    async refreshAfterLinkFailure() {
      if (parseWaVersion(deps.override())) return false;
      return (await fetchNew(current())) !== null;
    },
  };
}
