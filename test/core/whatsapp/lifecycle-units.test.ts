import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { normalizePhone, phoneFromJid } from '../../../electron/core/whatsapp/jid';
import { backoffDelay, classifyClose } from '../../../electron/core/whatsapp/lifecycle';
import { createMemoryCache } from '../../../electron/core/whatsapp/memory-cache';
import { createVersionPolicy, parseWaVersion } from '../../../electron/core/whatsapp/version-policy';
import { createWaMeta } from '../../../electron/core/whatsapp/wa-meta-repo';
import { boom } from '../../fakes/fake-wa-socket';
import { manualClock, tempDb, type TempDb } from '../../fakes/wa-test-env';

describe('backoff', () => {
  it('doubles from 1 s to a 60 s cap with ±20% jitter from the injected random', () => {
    const mid = [1, 2, 3, 4, 5, 6, 7, 8, 50].map((a) => backoffDelay(a, () => 0.5));
    expect(mid).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(backoffDelay(1, () => 0)).toBe(800);
    expect(backoffDelay(1, () => 0.999999)).toBe(1_200);
    expect(backoffDelay(10, () => 0)).toBe(48_000);
    expect(backoffDelay(10, () => 0.999999)).toBe(72_000);
  });
});

describe('close codes', () => {
  it.each([
    [boom(401), 'logged_out'],
    [boom(403), 'blocked'],
    [boom(440), 'replaced'],
    [boom(515), 'restart'],
    [boom(405), 'version'],
    [boom(408, 'QR refs attempts ended'), 'qr_timeout'],
    [boom(408, 'Timed Out'), 'retry'],
    [boom(428), 'retry'],
    [boom(500), 'retry'],
    [boom(503), 'retry'],
    [new Error('no code'), 'retry'],
    [undefined, 'ended_by_us'],
  ])('%s → %s', (error, action) => {
    expect(classifyClose(error).action).toBe(action);
  });
});

describe('phones', () => {
  it('normalizes typed numbers to digits in international form', () => {
    expect(normalizePhone('+62 812-3456-7890')).toBe('6281234567890');
    expect(normalizePhone('081234567890')).toBe('6281234567890');
    expect(() => normalizePhone('12')).toThrow(/international form/);
    expect(phoneFromJid('6281234567890:12@s.whatsapp.net')).toBe('6281234567890');
    expect(phoneFromJid('155512345678901@lid')).toBeNull();
  });
});

describe('memory cache', () => {
  it('expires entries, evicts the oldest past the cap, forgets nulls', () => {
    const clock = manualClock();
    const cache = createMemoryCache({ clock, ttlMs: 1_000, maxEntries: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe(2);
    cache.set('b', null);
    expect(cache.get('b')).toBeUndefined();
    clock.advance(1_000);
    expect(cache.get('c')).toBeUndefined();
  });
});

describe('version policy', () => {
  let t: TempDb;
  afterEach(() => t.cleanup());

  it('bundled unless overridden or a newer one worked; one refresh per 405 streak', async () => {
    t = tempDb();
    const meta = createWaMeta(t.db, 'default', manualClock());
    let override = '';
    const fetchLatest = vi.fn(async () => [2, 3000, 1_100_000_000] as [number, number, number]);
    const policy = createVersionPolicy({
      meta,
      override: () => override,
      log: silentLogger(),
      bundled: [2, 3000, 1_000_000_000],
      fetchLatest,
    });
    expect(policy.current()).toEqual([2, 3000, 1_000_000_000]);
    override = '2.3000.5';
    expect(policy.current()).toEqual([2, 3000, 5]);
    override = 'nonsense';
    expect(policy.current()).toEqual([2, 3000, 1_000_000_000]);
    override = '';
    meta.set('wa_version', '2.3000.900');
    expect(policy.current()).toEqual([2, 3000, 1_000_000_000]);

    await expect(policy.refreshAfter405()).resolves.toBe(true);
    expect(policy.current()).toEqual([2, 3000, 1_100_000_000]);
    await expect(policy.refreshAfter405()).resolves.toBe(false);
    expect(fetchLatest).toHaveBeenCalledTimes(1);
    policy.worked(policy.current());
    expect(meta.get('wa_version')).toBe('2.3000.1100000000');
    await expect(policy.refreshAfter405()).resolves.toBe(false); // same version again: nothing new to try
    expect(parseWaVersion(' 2.3000.1 ')).toEqual([2, 3000, 1]);
  });
});
