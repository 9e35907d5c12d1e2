import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSqliteAuthState } from '../../../electron/core/whatsapp/auth-store';
import { tempDb, testCipher, type TempDb } from '../../fakes/wa-test-env';
import { sessionHarness, settle, type SessionHarness } from '../../fakes/wa-session-harness';
import type { DataCipher } from '../../../electron/core/secrets/data-key';

const T0 = Date.UTC(2025, 0, 1, 8, 0, 0);

describe('Baileys session lifecycle (fake socket)', () => {
  let t: TempDb;
  let cipher: DataCipher;
  let h: SessionHarness;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(T0);
    t = tempDb();
    cipher = testCipher();
    h = sessionHarness(t.db, cipher);
  });
  afterEach(async () => {
    await h.session.stop();
    vi.useRealTimers();
    t.cleanup();
  });

  const rowCount = (table: string) =>
    (t.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE session_id = 'default'`).get() as { n: number }).n;

  async function openSession() {
    await h.session.start();
    h.factory.last().open();
    await settle();
    expect(h.session.status().state).toBe('open');
  }

  it('shows the QR (60 s for the first ref, 20 s after) and keeps `since` across refreshes', async () => {
    await h.session.start();
    expect(h.session.status().state).toBe('connecting');
    expect(h.factory.sockets).toHaveLength(1);
    h.factory.last().qr('ref-1');
    expect(h.session.status()).toMatchObject({ state: 'qr', qr: 'ref-1', qrExpiresAt: T0 + 60_000 });
    vi.advanceTimersByTime(60_000);
    h.factory.last().qr('ref-2');
    expect(h.session.status()).toMatchObject({ state: 'qr', qr: 'ref-2', qrExpiresAt: T0 + 80_000, since: T0 });
  });

  it('515 after scanning makes a new socket at once, then opens with the account phone', async () => {
    await h.session.start();
    const first = h.factory.last();
    first.qr('ref-1');
    first.close(515, 'Stream Errored (restart required)');
    await settle();
    expect(h.factory.sockets).toHaveLength(2);
    expect(first.ev.listenerTotal()).toBe(0);
    expect(h.session.status().state).toBe('connecting');
    h.factory.last().open();
    expect(h.session.status()).toMatchObject({ state: 'open', phone: '6281111111111', name: 'Toko' });
    expect(h.session.isConnected()).toBe(true);
  });

  it('saves the whole creds on every creds.update', async () => {
    await h.session.start();
    const sock = h.factory.last();
    sock.config.auth.creds.me = { id: '6281111111111:7@s.whatsapp.net', name: 'Toko' };
    sock.ev.emit('creds.update', { me: sock.config.auth.creds.me });
    const reread = createSqliteAuthState(t.db, 'default', cipher);
    expect(reread.state.creds.me?.id).toBe('6281111111111:7@s.whatsapp.net');
  });

  it('401 wipes the auth state and goes to logged_out without reconnecting', async () => {
    await openSession();
    const sock = h.factory.last();
    sock.ev.emit('creds.update', {});
    await sock.config.auth.keys.set({ session: { x: Buffer.from('s') } });
    expect(rowCount('wa_auth_creds')).toBe(1);
    sock.close(401, 'Connection Failure');
    await settle();
    expect(h.session.status()).toMatchObject({ state: 'logged_out', code: 401 });
    expect(rowCount('wa_auth_creds')).toBe(0);
    expect(rowCount('wa_auth_keys')).toBe(0);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(h.factory.sockets).toHaveLength(1);
  });

  it.each([
    [403, 'blocked'],
    [440, 'replaced'],
  ] as const)('%i stops in %s without reconnecting', async (code, state) => {
    await openSession();
    h.factory.last().close(code);
    await settle();
    expect(h.session.status()).toMatchObject({ state, code });
    await vi.advanceTimersByTimeAsync(600_000);
    expect(h.factory.sockets).toHaveLength(1);
    expect(h.factory.live()).toHaveLength(0);
  });

  it('408 "QR refs attempts ended" stops in qr_timeout; a new QR only when asked', async () => {
    await h.session.start();
    h.factory.last().qr('ref-1');
    h.factory.last().close(408, 'QR refs attempts ended');
    await settle();
    expect(h.session.status().state).toBe('qr_timeout');
    await vi.advanceTimersByTimeAsync(600_000);
    expect(h.factory.sockets).toHaveLength(1);
    const pending = h.session.startPairing({ mode: 'qr' });
    await settle(); // a linking attempt checks the WhatsApp Web version first
    h.factory.last().qr('ref-new');
    await expect(pending).resolves.toMatchObject({ state: 'qr', qr: 'ref-new' });
    expect(h.factory.sockets).toHaveLength(2);
  });

  it.each([408, 428, 500, 503])('%i reconnects with capped exponential backoff and a new socket', async (code) => {
    await openSession();
    const expected = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000];
    for (const [i, delay] of expected.entries()) {
      const before = h.factory.sockets.length;
      const sock = h.factory.last();
      sock.close(code);
      await settle();
      expect(h.session.status()).toMatchObject({ state: 'reconnecting', attempt: i + 1, code });
      expect(h.session.status().nextRetryAt).toBe(Date.now() + delay);
      expect(sock.ev.listenerTotal()).toBe(0);
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(h.factory.sockets).toHaveLength(before);
      await vi.advanceTimersByTimeAsync(1);
      expect(h.factory.sockets).toHaveLength(before + 1);
      expect(h.session.status().state).toBe('connecting');
    }
    // The counter starts again only after the link has stayed open a while (STABLE_AFTER_MS).
    h.factory.last().open();
    await vi.advanceTimersByTimeAsync(60_000);
    h.factory.last().close(code);
    await settle();
    expect(h.session.status()).toMatchObject({ attempt: 1 });
  });

  it('405 refreshes the version once, then stops with version_too_old', async () => {
    h.fetchLatest.mockResolvedValueOnce([2, 3000, 1500000000]); // the check before linking
    await h.session.start();
    const bundled = h.factory.last().config.version;
    h.factory.last().close(405);
    await settle();
    expect(h.fetchLatest).toHaveBeenCalledTimes(2);
    expect(h.factory.sockets).toHaveLength(2);
    expect(h.factory.last().config.version).toEqual([2, 3000, 1999999999]);
    expect(h.factory.last().config.version).not.toEqual(bundled);
    h.factory.last().close(405);
    await settle();
    expect(h.fetchLatest).toHaveBeenCalledTimes(2);
    expect(h.session.status()).toMatchObject({ state: 'version_too_old', code: 405 });
    await vi.advanceTimersByTimeAsync(600_000);
    expect(h.factory.sockets).toHaveLength(2);
  });

  it('remembers the version that worked and honours a settings override', async () => {
    h.fetchLatest.mockResolvedValueOnce([2, 3000, 1500000000]);
    await h.session.start();
    h.factory.last().close(405);
    await settle();
    h.factory.last().open();
    const saved = t.db.prepare("SELECT value FROM wa_meta WHERE key = 'wa_version'").get() as { value: string };
    expect(saved.value).toBe('2.3000.1999999999');
    await h.session.stop();

    const next = sessionHarness(t.db, cipher);
    await next.session.start();
    expect(next.factory.last().config.version).toEqual([2, 3000, 1999999999]);
    await next.session.stop();

    const overridden = sessionHarness(t.db, cipher);
    overridden.settings.waVersion = '2.3000.5';
    await overridden.session.start();
    expect(overridden.factory.last().config.version).toEqual([2, 3000, 5]);
    await overridden.session.stop();
  });

  it('stop() ends the socket without a reconnect; a close without error is an end, not a failure', async () => {
    await openSession();
    const sock = h.factory.last();
    await h.session.stop();
    await settle();
    expect(sock.ended).toBe(true);
    expect(sock.ev.listenerTotal()).toBe(0);
    expect(h.session.status().state).toBe('stopped');
    await vi.advanceTimersByTimeAsync(600_000);
    expect(h.factory.sockets).toHaveLength(1);

    await h.session.start();
    const other = h.factory.last();
    await other.end(undefined);
    await settle();
    expect(h.session.status().state).toBe('stopped');
    await vi.advanceTimersByTimeAsync(600_000);
    expect(h.factory.sockets).toHaveLength(2);
  });

  it('asks for a pairing code only after the first QR ref, and keeps showing it across refreshes', async () => {
    const pending = h.session.startPairing({ mode: 'code', phone: '0812-3456-7890' });
    await settle(); // the WhatsApp Web version is checked before a first link
    const sock = h.factory.last();
    expect(sock.pairingRequests).toEqual([]);
    expect(h.session.status().state).toBe('connecting');
    sock.qr('ref-1');
    await expect(pending).resolves.toMatchObject({
      state: 'pairing_code',
      pairingCode: 'ABCD1234',
      pairingPhone: '6281234567890',
    });
    expect(sock.pairingRequests).toEqual(['6281234567890']);
    sock.qr('ref-2');
    expect(h.session.status().state).toBe('pairing_code');
    expect(h.states()).not.toContain('qr');
  });

  it('switches a live QR socket to a pairing code and back to the QR', async () => {
    await h.session.start();
    const sock = h.factory.last();
    sock.qr('ref-1');
    await expect(h.session.startPairing({ mode: 'code', phone: '6281234567890' })).resolves.toMatchObject({
      state: 'pairing_code',
    });
    await expect(h.session.startPairing({ mode: 'qr' })).resolves.toMatchObject({ state: 'qr', qr: 'ref-1' });
    expect(h.factory.sockets).toHaveLength(1);
  });

  it('falls back to the QR when the pairing code request fails, and rejects a bad phone', async () => {
    await h.session.start();
    const sock = h.factory.last();
    sock.pairingCodeImpl = async () => {
      throw new Error('Connection Closed');
    };
    sock.qr('ref-1');
    await expect(h.session.startPairing({ mode: 'code', phone: '6281234567890' })).resolves.toMatchObject({
      state: 'qr',
      qr: 'ref-1',
    });
    await expect(h.session.startPairing({ mode: 'code', phone: '12' })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('refuses to pair while linked', async () => {
    await openSession();
    await expect(h.session.startPairing({ mode: 'qr' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('logout() tells WhatsApp, wipes the auth state and does not reconnect', async () => {
    await openSession();
    const sock = h.factory.last();
    sock.ev.emit('creds.update', {});
    await h.session.logout();
    await settle();
    expect(sock.loggedOut).toBe(true);
    expect(sock.ev.listenerTotal()).toBe(0);
    expect(h.session.status()).toMatchObject({ state: 'logged_out' });
    expect(rowCount('wa_auth_creds')).toBe(0);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(h.factory.sockets).toHaveLength(1);
  });

  it('survives 1,000 reconnect cycles with one live socket and no listener left on old ones', async () => {
    await openSession();
    for (let i = 0; i < 1_000; i++) {
      const sock = h.factory.last();
      if (i % 3 === 0) {
        sock.close(515);
        await settle();
        await vi.advanceTimersByTimeAsync(60_000 * 1.2); // repeated 515s go through the backoff
      } else {
        sock.close(i % 2 ? 428 : 408);
        await settle();
        await vi.advanceTimersByTimeAsync(60_000 * 1.2);
      }
      await settle();
      if (i % 10 === 0) h.factory.last().open();
    }
    expect(h.factory.sockets.length).toBe(1_001);
    expect(h.factory.live()).toHaveLength(1);
    const old = h.factory.sockets.slice(0, -1);
    expect(old.every((s) => s.ended && s.ev.listenerTotal() === 0)).toBe(true);
    const current = h.factory.last().ev.listenerTotal();
    expect(current).toBeGreaterThan(0);
    expect(current).toBeLessThan(10);
    expect(vi.getTimerCount()).toBe(0);
  });
});
