import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionStatus } from '../../../shared/dto';
import { clockWarning } from '../../../electron/app/tray-model';
import { computeBanners } from '../../../electron/core/status/banners';
import { systemClock } from '../../../electron/core/kernel/clock';
import { silentLogger } from '../../../electron/core/kernel/logger';
import type { DataCipher } from '../../../electron/core/secrets/data-key';
import { createSqliteAuthState } from '../../../electron/core/whatsapp/auth-store';
import { createSendQueue, type SendQueue } from '../../../electron/core/whatsapp/send-queue';
import { boom, iqError, waMessage } from '../../fakes/fake-wa-socket';
import { sessionHarness, settle, type SessionHarness } from '../../fakes/wa-session-harness';
import { tempDb, testCipher, type TempDb } from '../../fakes/wa-test-env';

/**
 * Issue 11: how real WhatsApp servers behave, reproduced on the fake socket. Each block is one point of the
 * issue; each test fails on the code before it.
 */
const T0 = Date.UTC(2025, 0, 1, 8, 0, 0);
const SHOP = '6281111111111';
const RESELLER = '6281234567890';
const RESELLER_LID = '155512345678901@lid';
const FRESH: [number, number, number] = [2, 3000, 1999999999];
let seq = 0;

function text(key: Record<string, unknown>, body = 'TRX', seconds = Math.floor(Date.now() / 1000)) {
  seq += 1;
  return waMessage({
    key: { fromMe: false, id: `3EB0RW${seq}`, ...key },
    message: { conversation: body },
    messageTimestamp: seconds,
  });
}

describe('WhatsApp in the real world (issue 11, fake socket)', () => {
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

  const banners = (session: SessionStatus) =>
    computeBanners({
      now: Date.now(),
      session,
      keychain: { available: true, backend: 'test' } as never,
      otomax: { reachable: true, unreachableSince: null } as never,
      otomaxEnabled: false,
    });

  /** Auth state of a number that finished linking (WhatsApp signed the device). */
  const linkedAuth = () => {
    const a = createSqliteAuthState(t.db, 'default', cipher);
    a.state.creds.me = { id: `${SHOP}:7@s.whatsapp.net`, name: 'Toko' };
    a.state.creds.account = { details: Buffer.from('d'), accountSignatureKey: Buffer.from('k') } as never;
    a.state.creds.registered = true;
    a.saveCreds();
  };

  async function openSession() {
    await h.session.start();
    h.factory.last().open({ id: `${SHOP}:7@s.whatsapp.net`, name: 'Toko' });
    await settle();
    expect(h.session.status().state).toBe('open');
  }

  describe('1. WhatsApp Web version', () => {
    it('a session not linked yet connects with the live version, fetched before the socket is made', async () => {
      await h.session.start();
      expect(h.fetchLatest).toHaveBeenCalledTimes(1);
      expect(h.factory.sockets).toHaveLength(1);
      expect(h.factory.last().config.version).toEqual(FRESH);
    });

    it('a fetch that hangs is cut off, and the last version that worked is used', async () => {
      t.db
        .prepare("INSERT INTO wa_meta (session_id, key, value, updated_at) VALUES ('default', 'wa_version', ?, 0)")
        .run('2.3000.1888888888');
      h.fetchLatest.mockImplementation(() => new Promise(() => undefined)); // web.whatsapp.com never answers
      const started = h.session.start();
      await vi.advanceTimersByTimeAsync(9_999);
      expect(h.factory.sockets).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      await started;
      expect(h.factory.last().config.version).toEqual([2, 3000, 1888888888]);
    });

    it('a linked session checks at most daily', async () => {
      linkedAuth();
      h = sessionHarness(t.db, cipher);
      await h.session.start();
      expect(h.fetchLatest).toHaveBeenCalledTimes(1);
      await h.session.stop();
      await h.session.start();
      expect(h.fetchLatest).toHaveBeenCalledTimes(1); // checked minutes ago
      await h.session.stop();
      vi.setSystemTime(T0 + 24 * 60 * 60_000 + 1);
      await h.session.start();
      expect(h.fetchLatest).toHaveBeenCalledTimes(2);
    });

    it('a pairing asked for while a reconnect is checking the version still connects', async () => {
      await openSession();
      await vi.advanceTimersByTimeAsync(11 * 60_000); // the last check is old enough to check again
      let answer: (v: [number, number, number] | null) => void = () => undefined;
      h.fetchLatest.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
      h.factory.last().close(428);
      await settle();
      await vi.advanceTimersByTimeAsync(1_000); // the reconnect starts, and waits for web.whatsapp.com
      expect(h.factory.sockets).toHaveLength(1);
      const pending = h.session.startPairing({ mode: 'qr' });
      answer(FRESH);
      await settle();
      expect(h.factory.sockets).toHaveLength(2);
      h.factory.last().qr('ref-1');
      await expect(pending).resolves.toMatchObject({ state: 'qr', qr: 'ref-1' });
    });

    it('408 "QR refs attempts ended" with a stale version: refreshes it and says so (link_failed)', async () => {
      h.fetchLatest.mockResolvedValueOnce(null); // no network at first: the bundled version is used
      await h.session.start();
      const stale = h.factory.last().config.version;
      h.factory.last().qr('ref-1');
      // The phone shows "Couldn't link device"; the server ends the QR refs.
      h.factory.last().close(408, 'QR refs attempts ended');
      await settle();
      expect(h.session.status()).toMatchObject({ state: 'link_failed', code: 408 });
      expect(banners(h.session.status())).toEqual([]);
      const pending = h.session.startPairing({ mode: 'qr' });
      await settle();
      h.factory.last().qr('ref-2');
      await expect(pending).resolves.toMatchObject({ state: 'qr' });
      expect(h.factory.last().config.version).toEqual(FRESH);
      expect(h.factory.last().config.version).not.toEqual(stale);
    });
  });

  describe('2. rate limits (429 arrives as an IQ error, Boom status 500)', () => {
    let queue: SendQueue;
    afterEach(async () => {
      await queue?.stop();
    });

    it('is not "link lost": the send pauses for minutes, is shown, and resumes by itself', async () => {
      await openSession();
      const sock = h.factory.last();
      sock.sendImpl = async () => {
        throw iqError(429, 'rate-overlimit');
      };
      await expect(h.session.sendText(`${RESELLER}@s.whatsapp.net`, 'a', { messageId: 'M1' })).rejects.toMatchObject({
        code: 'RATE_LIMITED',
      });
      expect(h.session.status()).toMatchObject({ state: 'open', sendPausedUntil: T0 + 120_000 });
      expect(banners(h.session.status())).toEqual([
        { id: 'wa_rate_limited', level: 'warning', since: 0, until: T0 + 120_000 },
      ]);
      // While paused nothing reaches WhatsApp.
      await expect(h.session.sendText(`${RESELLER}@s.whatsapp.net`, 'b', { messageId: 'M2' })).rejects.toMatchObject({
        code: 'RATE_LIMITED',
      });
      expect(sock.sent).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(120_000);
      expect(h.session.status().sendPausedUntil).toBeUndefined();
      sock.sendImpl = async (jid, content, options) =>
        waMessage({ key: { remoteJid: jid, fromMe: true, id: options?.messageId ?? 'X' }, message: {} });
      await expect(h.session.sendText(`${RESELLER}@s.whatsapp.net`, 'c', { messageId: 'M3' })).resolves.toMatchObject({
        waId: 'M3',
      });
    });

    it('a pause (and flapping) still shown when the session stops is cleared: no banner stuck forever', async () => {
      await openSession();
      h.factory.last().sendImpl = async () => {
        throw iqError(429, 'rate-overlimit');
      };
      await expect(h.session.sendText(`${RESELLER}@s.whatsapp.net`, 'a', { messageId: 'M1' })).rejects.toMatchObject({
        code: 'RATE_LIMITED',
      });
      expect(h.session.status().sendPausedUntil).toBeDefined();
      await h.session.stop();
      expect(h.session.status()).toMatchObject({ state: 'stopped' });
      expect(h.session.status().sendPausedUntil).toBeUndefined();
      expect(vi.getTimerCount()).toBe(0);
    });

    it('a burst that hits 429 makes no resend storm: every attempt is counted, the queue waits minutes', async () => {
      await openSession();
      const sock = h.factory.last();
      let limited = true;
      sock.sendImpl = async (jid, content, options) => {
        if (limited) throw iqError(429, 'rate-overlimit');
        return waMessage({ key: { remoteJid: jid, fromMe: true, id: options?.messageId ?? 'X' }, message: {} });
      };
      queue = createSendQueue({
        db: t.db,
        session: h.session,
        ratePerSecond: () => 5,
        clock: systemClock,
        log: silentLogger(),
        random: () => 0.5,
      });
      const ids = Array.from({ length: 10 }, (_, i) =>
        queue.insertOutbound(
          { sessionId: 'default', toPhone: `6281200000${String(i).padStart(3, '0')}`, text: `m${i}`, kind: 'outbox' },
          Date.now(),
        ),
      );
      queue.start();
      await vi.advanceTimersByTimeAsync(110_000);
      // The old code requeued as "link lost" without delay: a resend every 200 ms (~550 by now).
      expect(sock.sent).toHaveLength(1);
      const first = t.db.prepare('SELECT attempts, status FROM outbound_messages WHERE id = ?').get(ids[0]?.id);
      expect(first).toEqual({ attempts: 1, status: 'queued' });
      limited = false;
      await vi.advanceTimersByTimeAsync(10_000 + 3_000);
      expect(sock.sent.length).toBe(11);
      const sent = t.db.prepare("SELECT count(*) AS n FROM outbound_messages WHERE status = 'sent'").get();
      expect(sent).toEqual({ n: 10 });
    });

    it('an IQ error with the socket still open is WhatsApp refusing, not a lost link', async () => {
      await openSession();
      h.factory.last().sendImpl = async () => {
        throw iqError(406, 'not-acceptable');
      };
      await expect(h.session.sendText(`${RESELLER}@s.whatsapp.net`, 'x', { messageId: 'M1' })).rejects.toMatchObject({
        code: 'WHATSAPP_FAILED',
      });
      h.factory.last().sendImpl = async () => {
        throw boom(428, 'Connection Closed');
      };
      await expect(h.session.sendText(`${RESELLER}@s.whatsapp.net`, 'x', { messageId: 'M2' })).rejects.toMatchObject({
        code: 'NOT_CONNECTED',
      });
    });
  });

  describe('3. reconnect caps', () => {
    it('a link that opens then drops at once keeps backing off, and the session shows it flaps', async () => {
      await openSession();
      const delays: number[] = [];
      for (let i = 0; i < 4; i++) {
        h.factory.last().close(428);
        await settle();
        const s = h.session.status();
        delays.push((s.nextRetryAt ?? 0) - Date.now());
        await vi.advanceTimersByTimeAsync((s.nextRetryAt ?? 0) - Date.now());
        h.factory.last().open(); // opens, then drops again within a second
        await vi.advanceTimersByTimeAsync(500);
      }
      // The old code reset the counter on every open: 1 s forever.
      expect(delays).toEqual([1_000, 2_000, 4_000, 8_000]);
      expect(h.session.status().flapping).toBe(true);
      expect(banners(h.session.status()).map((b) => b.id)).toEqual(['wa_flapping']);
      // Stable for a whole window: the counter and the warning clear.
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(h.session.status().flapping).toBeUndefined();
      h.factory.last().close(428);
      await settle();
      expect(h.session.status()).toMatchObject({ state: 'reconnecting', attempt: 1 });
    });

    it('repeated 515s go under the backoff; the first one after a stable link reconnects at once', async () => {
      await openSession();
      h.factory.last().close(515);
      await settle();
      expect(h.factory.sockets).toHaveLength(2);
      expect(h.session.status().state).toBe('connecting');
      h.factory.last().close(515);
      await settle();
      expect(h.factory.sockets).toHaveLength(2);
      expect(h.session.status()).toMatchObject({ state: 'reconnecting', code: 515, attempt: 1 });
      await vi.advanceTimersByTimeAsync(1_000);
      expect(h.factory.sockets).toHaveLength(3);
    });

    it('411 (multi-device mismatch) stops with its own state and banner, no reconnect', async () => {
      await openSession();
      h.factory.last().close(411, 'Multi-device mismatch');
      await settle();
      expect(h.session.status()).toMatchObject({ state: 'multidevice_mismatch', code: 411 });
      expect(banners(h.session.status()).map((b) => b.id)).toEqual(['multidevice_mismatch']);
      await vi.advanceTimersByTimeAsync(600_000);
      expect(h.factory.sockets).toHaveLength(1);
    });
  });

  describe('4. LID ↔ phone', () => {
    const pairOf = (lid: string) =>
      (t.db.prepare('SELECT phone FROM wa_lid_map WHERE lid = ?').get(lid) as { phone: string } | undefined)?.phone;

    it('never learns a pair from the owner’s own message (its alternate address is the shop)', async () => {
      await openSession();
      // The owner answers a reseller by hand in a LID chat: Baileys gives the account's own phone as the alt.
      h.factory
        .last()
        .deliver([text({ remoteJid: RESELLER_LID, remoteJidAlt: `${SHOP}@s.whatsapp.net`, fromMe: true })]);
      await h.session.idle();
      expect(pairOf(RESELLER_LID)).toBeUndefined();
      expect(h.messages.at(-1)).toMatchObject({ fromMe: true, senderPhone: null });
    });

    it('a message key never overwrites a stored pair', async () => {
      await openSession();
      h.factory.last().ev.emit('lid-mapping.update', { lid: RESELLER_LID, pn: `${RESELLER}@s.whatsapp.net` });
      h.factory.last().deliver([text({ remoteJid: RESELLER_LID, remoteJidAlt: '6289999999999@s.whatsapp.net' })]);
      await h.session.idle();
      expect(pairOf(RESELLER_LID)).toBe(RESELLER);
    });

    it('learns phone numbers from contacts.upsert and contacts.update, so fewer senders stay unknown', async () => {
      await openSession();
      const sock = h.factory.last();
      sock.ev.emit('contacts.upsert', [
        { id: RESELLER_LID, lid: RESELLER_LID, phoneNumber: `${RESELLER}@s.whatsapp.net` },
      ]);
      sock.ev.emit('contacts.update', [{ id: '6287777777777@s.whatsapp.net', lid: '177777777777777@lid' }]);
      sock.deliver([text({ remoteJid: RESELLER_LID })]);
      await h.session.idle();
      expect(h.messages.at(-1)).toMatchObject({ senderPhone: RESELLER, senderLid: RESELLER_LID });
      expect(pairOf('177777777777777@lid')).toBe('6287777777777');
    });
  });

  describe('5. replies go to the chat’s own JID', () => {
    it('a reply to a LID chat goes to the LID; an outbox message goes to the LID the map knows', async () => {
      await openSession();
      const queue = createSendQueue({
        db: t.db,
        session: h.session,
        ratePerSecond: () => 5,
        clock: systemClock,
        log: silentLogger(),
        random: () => 0.5,
      });
      h.factory.last().ev.emit('lid-mapping.update', { lid: RESELLER_LID, pn: `${RESELLER}@s.whatsapp.net` });
      queue.insertOutbound(
        { sessionId: 'default', toPhone: RESELLER, toJid: RESELLER_LID, text: 'reply', kind: 'auto_reply' },
        Date.now(),
      );
      queue.insertOutbound(
        { sessionId: 'default', toPhone: '6285555555555', text: 'outbox', kind: 'outbox' },
        Date.now(),
      );
      queue.insertOutbound({ sessionId: 'default', toPhone: RESELLER, text: 'outbox 2', kind: 'outbox' }, Date.now());
      queue.start();
      await vi.advanceTimersByTimeAsync(2_000);
      await queue.stop();
      expect(h.factory.last().sent.map((s) => [s.jid, 'text' in s.content ? s.content.text : ''])).toEqual([
        [RESELLER_LID, 'reply'],
        ['6285555555555@s.whatsapp.net', 'outbox'],
        [RESELLER_LID, 'outbox 2'],
      ]);
    });
  });

  describe('6. status updates and channels', () => {
    it('are ignored at the socket (shouldIgnoreJid), before Baileys decrypts or stores them', async () => {
      await openSession();
      const sock = h.factory.last();
      const ignore = sock.config.shouldIgnoreJid;
      expect(ignore('status@broadcast')).toBe(true);
      expect(ignore('120363123456789012@newsletter')).toBe(true);
      expect(ignore(`${RESELLER}@s.whatsapp.net`)).toBe(false);
      expect(ignore(RESELLER_LID)).toBe(false);
      expect(ignore('120363025246125888@g.us')).toBe(false);
      sock.deliver([
        text({ remoteJid: 'status@broadcast', participant: `${RESELLER}@s.whatsapp.net` }),
        text({ remoteJid: '120363123456789012@newsletter' }),
        text({ remoteJid: `${RESELLER}@s.whatsapp.net` }),
      ]);
      await h.session.idle();
      expect(sock.ignored).toHaveLength(2);
      expect(h.messages.map((m) => m.chatJid)).toEqual([`${RESELLER}@s.whatsapp.net`]);
    });
  });

  describe('7. a failed pairing code', () => {
    it('does not poison the next start: the unlinked creds.me is cleared when linking times out', async () => {
      const pending = h.session.startPairing({ mode: 'code', phone: RESELLER });
      await settle();
      h.factory.last().qr('ref-1');
      await expect(pending).resolves.toMatchObject({ state: 'pairing_code' });
      expect(h.factory.last().config.auth.creds.me?.id).toBe(`${RESELLER}@s.whatsapp.net`);
      // Nobody typed the code: the server ends the refs.
      h.factory.last().close(408, 'QR refs attempts ended');
      await settle();
      expect(createSqliteAuthState(t.db, 'default', cipher).state.creds.me).toBeUndefined();
      await h.session.stop();

      // The next start registers (no creds.me: Baileys sends a registration, not a login).
      const next = sessionHarness(t.db, cipher);
      await next.session.start();
      expect(next.factory.last().config.auth.creds.me).toBeUndefined();
      await next.session.stop();
    });

    it('an app stopped mid-pairing also starts clean next time', async () => {
      const auth = createSqliteAuthState(t.db, 'default', cipher);
      auth.state.creds.me = { id: `${RESELLER}@s.whatsapp.net`, name: '~' };
      auth.saveCreds();
      await h.session.start();
      expect(h.factory.last().config.auth.creds.me).toBeUndefined();
    });

    it('keeps the credentials of a linked number', async () => {
      linkedAuth();
      h = sessionHarness(t.db, cipher);
      await h.session.start();
      h.factory.last().close(428);
      await settle();
      expect(createSqliteAuthState(t.db, 'default', cipher).state.creds.me?.id).toBe(`${SHOP}:7@s.whatsapp.net`);
    });
  });

  describe('8. the PC clock', () => {
    it('a PC running 40 s fast is measured from message timestamps, shown and warned (window and tray)', async () => {
      await openSession();
      const sock = h.factory.last();
      for (let i = 0; i < 3; i++) {
        // WhatsApp stamped it 40 s (plus a little delivery time) before the PC clock says it arrived.
        const server = Math.floor((Date.now() - 40_000 - 300 * i) / 1000);
        sock.deliver([text({ remoteJid: `${RESELLER}@s.whatsapp.net` }, 'TRX', server)]);
        await vi.advanceTimersByTimeAsync(1_000);
      }
      await h.session.idle();
      const s = h.session.status();
      expect(s.clockOffsetMs).toBe(40_000);
      expect(banners(s)).toEqual([{ id: 'clock_skew', level: 'warning', since: 0, seconds: 40 }]);
      expect(clockWarning(s, 'id')).toContain('40');
      expect(clockWarning(s, 'en')).toBe(' · PC clock 40 s fast');
    });

    it('a right clock shows a small offset and no warning; offline messages (append) do not count', async () => {
      await openSession();
      const sock = h.factory.last();
      sock.deliver(
        [text({ remoteJid: `${RESELLER}@s.whatsapp.net` }, 'old', Math.floor((Date.now() - 3_600_000) / 1000))],
        'append',
      );
      for (let i = 0; i < 3; i++) {
        sock.deliver([text({ remoteJid: `${RESELLER}@s.whatsapp.net` }, 'TRX', Math.floor(Date.now() / 1000))]);
        await vi.advanceTimersByTimeAsync(700);
      }
      await h.session.idle();
      const s = h.session.status();
      expect(Math.abs(s.clockOffsetMs ?? 99_000)).toBeLessThan(2_000);
      expect(banners(s)).toEqual([]);
      expect(clockWarning(s, 'id')).toBe('');
    });
  });
});
