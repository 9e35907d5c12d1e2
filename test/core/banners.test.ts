import { describe, expect, it } from 'vitest';
import { computeBanners, OTOMAX_BANNER_AFTER_MS } from '../../electron/core/status/banners';

const base = {
  now: 1_000_000,
  session: { sessionId: 'default', state: 'open' as const, since: 1 },
  keychain: { available: true },
  otomax: { reachable: true, lastOkAt: 1, lastErrorAt: null, lastError: null, unreachableSince: null },
  otomaxEnabled: true,
};

describe('banners (what needs the owner)', () => {
  it('none when all is well', () => {
    expect(computeBanners(base)).toEqual([]);
  });

  it('one per session state that needs a person', () => {
    for (const state of ['logged_out', 'blocked', 'replaced', 'version_too_old'] as const) {
      expect(computeBanners({ ...base, session: { ...base.session, state, since: 5 } })).toEqual([
        { id: state, level: 'error', since: 5 },
      ]);
    }
    expect(computeBanners({ ...base, session: { ...base.session, state: 'reconnecting' } })).toEqual([]);
  });

  it('another number that WhatsApp unlinked gets its own banner by name; one that only reconnects does not', () => {
    const numbers = [
      { name: 'Cadangan', status: { sessionId: 'wa-1', state: 'logged_out' as const, since: 7 } },
      { name: 'H2H', status: { sessionId: 'wa-2', state: 'reconnecting' as const, since: 8 } },
      { name: 'Baru', status: null },
    ];
    expect(computeBanners({ ...base, numbers })).toEqual([
      { id: 'number_unlinked', level: 'error', since: 7, name: 'Cadangan' },
    ]);
  });

  it('keychain missing is a warning', () => {
    expect(computeBanners({ ...base, keychain: { available: false, reason: 'no D-Bus' } })).toEqual([
      { id: 'keychain_missing', level: 'warning', since: 0 },
    ]);
  });

  it('OtomaX unreachable only after a minute, and only while forwarding is on', () => {
    const down = (since: number) => ({ ...base.otomax, reachable: false, unreachableSince: since });
    expect(computeBanners({ ...base, otomax: down(base.now - OTOMAX_BANNER_AFTER_MS + 1) })).toEqual([]);
    expect(computeBanners({ ...base, otomax: down(base.now - OTOMAX_BANNER_AFTER_MS) })).toEqual([
      { id: 'otomax_unreachable', level: 'error', since: base.now - OTOMAX_BANNER_AFTER_MS },
    ]);
    expect(computeBanners({ ...base, otomaxEnabled: false, otomax: down(0) })).toEqual([]);
  });
});
