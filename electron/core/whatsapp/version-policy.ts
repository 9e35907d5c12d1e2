import { DEFAULT_CONNECTION_CONFIG, type WAVersion, fetchLatestWaWebVersion } from '@whiskeysockets/baileys';
import type { Logger } from '../logger';
import type { WaMeta } from './wa-meta';

const META_KEY = 'wa_version';

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

/** Ask web.whatsapp.com for the current client revision; null when it cannot be learned. */
export async function fetchLatestVersion(): Promise<WAVersion | null> {
  const result = await fetchLatestWaWebVersion();
  return result.isLatest && !result.error ? result.version : null;
}

export interface VersionPolicyDeps {
  meta: WaMeta;
  /** settings.waVersion: 'a.b.c' or '' */
  override: () => string;
  log: Logger;
  bundled?: WAVersion;
  fetchLatest?: () => Promise<WAVersion | null>;
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
}

/**
 * Bundled version, unless settings override it or a newer one is remembered from a link that worked.
 * On 405 one refresh from web.whatsapp.com, then the caller stops with version_too_old.
 */
export function createVersionPolicy(deps: VersionPolicyDeps): VersionPolicy {
  const bundled = deps.bundled ?? DEFAULT_CONNECTION_CONFIG.version;
  const fetchLatest = deps.fetchLatest ?? fetchLatestVersion;
  let fetched: WAVersion | null = null;
  let refreshed = false;

  const current = (): WAVersion => {
    if (fetched) return fetched;
    const override = parseWaVersion(deps.override());
    if (override) return override;
    const remembered = parseWaVersion(deps.meta.get(META_KEY));
    return remembered && compareVersions(remembered, bundled) > 0 ? remembered : bundled;
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
      const before = current();
      let latest: WAVersion | null = null;
      try {
        latest = await fetchLatest();
      } catch (err) {
        deps.log.warn({ err }, 'could not fetch the latest WhatsApp Web version');
      }
      if (!latest || compareVersions(latest, before) === 0) return false;
      deps.log.info({ from: formatWaVersion(before), to: formatWaVersion(latest) }, 'WhatsApp Web version refreshed');
      fetched = latest;
      return true;
    },
    reset() {
      refreshed = false;
    },
  };
}
