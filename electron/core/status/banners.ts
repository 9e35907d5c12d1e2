import type { Banner, KeychainState, SessionStatus } from '../../../shared/dto';
import type { OtomaxReachability } from '../otomax';
import { whatsappHealthBanners } from '../whatsapp';

/** OtomaX unreachable for longer than this becomes a banner. */
export const OTOMAX_BANNER_AFTER_MS = 60_000;

/** Anything that needs the owner, derived from state (never stored). */
export function computeBanners(input: {
  now: number;
  session: SessionStatus;
  keychain: KeychainState;
  otomax: ReturnType<OtomaxReachability['snapshot']>;
  otomaxEnabled: boolean;
  /** What OtomaX's outbox callback points at (callback-check.ts) and since when we know. */
  callback?: { state: 'unknown' | 'ours' | 'other' | 'none'; checkedAt: number | null };
  /** Chats whose auto-replies are paused (a bot loop): one banner each, oldest first. */
  pausedChats?: readonly { phone: string; since: number }[];
  /** The other live WhatsApp numbers: one that WhatsApp unlinked or refused needs the owner, by name. */
  numbers?: readonly { name: string; status: SessionStatus | null }[];
}): Banner[] {
  const out: Banner[] = [];
  const s = input.session;
  const sessionBanner: Partial<Record<SessionStatus['state'], Banner['id']>> = {
    logged_out: 'logged_out',
    blocked: 'blocked',
    replaced: 'replaced',
    version_too_old: 'version_too_old',
    multidevice_mismatch: 'multidevice_mismatch',
  };
  const id = sessionBanner[s.state];
  if (id) out.push({ id, level: 'error', since: s.since });
  out.push(...whatsappHealthBanners(s));
  if (!input.keychain.available) out.push({ id: 'keychain_missing', level: 'warning', since: 0 });
  const since = input.otomax.unreachableSince;
  if (input.otomaxEnabled && since !== null && input.now - since >= OTOMAX_BANNER_AFTER_MS) {
    out.push({ id: 'otomax_unreachable', level: 'error', since });
  }
  const cb = input.callback;
  if (cb && (cb.state === 'other' || cb.state === 'none')) {
    // Transaction results (SN, failures) would go to another address or nowhere: one click registers ours.
    out.push({ id: 'callback_mismatch', level: 'error', since: cb.checkedAt ?? input.now });
  }
  for (const n of input.numbers ?? []) {
    // A number that only reconnects waits in the overall state; one that needs linking again gets its own banner.
    if (n.status && sessionBanner[n.status.state]) {
      out.push({ id: 'number_unlinked', level: 'error', since: n.status.since, name: n.name });
    }
  }
  for (const c of input.pausedChats ?? [])
    out.push({ id: 'chat_paused', level: 'warning', since: c.since, phone: c.phone });
  return out;
}

export function sameBanners(a: Banner[], b: Banner[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (x, i) =>
        x.id === b[i]?.id &&
        x.since === b[i]?.since &&
        x.until === b[i]?.until &&
        x.seconds === b[i]?.seconds &&
        x.phone === b[i]?.phone &&
        x.name === b[i]?.name,
    )
  );
}

/** Keeps the last banners shown and says when they change (the window is told only then). */
export function createBannerTracker(compute: () => Banner[], changed: (banners: Banner[]) => void) {
  let shown: Banner[] = [];
  return {
    current: compute,
    refresh() {
      const next = compute();
      if (sameBanners(next, shown)) return;
      shown = next;
      changed(shown);
    },
  };
}
