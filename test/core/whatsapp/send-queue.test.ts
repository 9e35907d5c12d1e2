import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../electron/core/kernel/clock';
import { AppError } from '../../../electron/core/kernel/errors';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { createMessageLookup } from '../../../electron/core/whatsapp/message-lookup';
import { createOutboundRepo } from '../../../electron/core/whatsapp/outbound-repo';
import { createSendQueue, type SendQueue, type SendQueueEvent } from '../../../electron/core/whatsapp/send-queue';
import type { SendTextResult } from '../../../electron/core/whatsapp/session-port';
import { createFakeWhatsAppSession, type FakeWhatsAppSession } from '../../fakes/fake-whatsapp-session';
import { insertInbound, tempDb, type TempDb } from '../../fakes/wa-test-env';

const T0 = Date.UTC(2025, 0, 1, 8, 0, 0);

interface Row {
  id: number;
  status: string;
  attempts: number;
  wa_id: string;
  sent_at: number | null;
  delivered_at: number | null;
  read_at: number | null;
  error_message: string | null;
  wa_message: Buffer | null;
}

describe('send queue', () => {
  let t: TempDb;
  let session: FakeWhatsAppSession;
  let queue: SendQueue;
  let rate = 5;
  const events: { name: string; e: SendQueueEvent }[] = [];

  const make = (maxAttempts = 5) => {
    const q = createSendQueue({
      db: t.db,
      session,
      ratePerSecond: () => rate,
      clock: systemClock,
      log: silentLogger(),
      maxAttempts,
      random: () => 0.5, // no pace jitter: exact timings
    });
    for (const name of ['sent', 'failed', 'receipt'] as const) q.on(name, (e) => events.push({ name, e }));
    return q;
  };
  const row = (id: number) => t.db.prepare('SELECT * FROM outbound_messages WHERE id = ?').get(id) as Row;
  const add = (toPhone: string, text: string, extra: Record<string, unknown> = {}) =>
    queue.insertOutbound({ sessionId: 'default', toPhone, text, kind: 'auto_reply', ...extra }, Date.now());

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(T0);
    t = tempDb();
    rate = 5;
    events.length = 0;
    session = createFakeWhatsAppSession();
    queue = make();
  });
  afterEach(async () => {
    await queue.stop();
    vi.useRealTimers();
    t.cleanup();
  });

  it('inserts synchronously inside the caller’s transaction, with a pre-chosen WhatsApp id', () => {
    const inserted = t.db.transaction(() => add('0812-3456-7890', 'halo', { kind: 'outbox', notAfter: T0 + 1000 }))();
    expect(inserted.waId).toMatch(/^3EB0[0-9A-F]{18}$/);
    expect(row(inserted.id)).toMatchObject({ status: 'queued', attempts: 0, wa_id: inserted.waId });
    const full = t.db
      .prepare('SELECT to_phone, to_jid, kind, not_after FROM outbound_messages WHERE id = ?')
      .get(inserted.id);
    expect(full).toEqual({
      to_phone: '6281234567890',
      to_jid: '6281234567890@s.whatsapp.net',
      kind: 'outbox',
      not_after: T0 + 1000,
    });
    expect(() => add('12', 'x')).toThrow(AppError);
  });

  it('paces sends at the configured rate', async () => {
    for (let i = 0; i < 20; i++) add(`62811000000${String(i).padStart(2, '0')}`, `m${i}`);
    queue.start();
    await vi.advanceTimersByTimeAsync(999);
    expect(session.calls).toHaveLength(5);
    await vi.advanceTimersByTimeAsync(1);
    expect(session.calls).toHaveLength(6);
    const gaps = session.calls.slice(1).map((c, i) => c.at - (session.calls[i]?.at ?? 0));
    expect(gaps.every((g) => g >= 200)).toBe(true);
    rate = 10;
    await vi.advanceTimersByTimeAsync(1000);
    expect(session.calls.length).toBeGreaterThanOrEqual(15);
    await vi.advanceTimersByTimeAsync(2000);
    expect(session.calls).toHaveLength(20);
    expect(events.filter((e) => e.name === 'sent')).toHaveLength(20);
  });

  it('keeps each chat in order: the next message of a chat waits for the one in flight', async () => {
    rate = 50;
    const release: (() => void)[] = [];
    session.sendImpl = (_jid, _text, opts) =>
      new Promise<SendTextResult>((resolve) => release.push(() => resolve({ waId: opts.messageId })));
    add('6281111111111', 'A1');
    add('6281111111111', 'A2');
    add('6282222222222', 'B1');
    add('6281111111111', 'A3');
    add('6282222222222', 'B2');
    queue.start();
    await vi.advanceTimersByTimeAsync(500);
    expect(session.calls.map((c) => c.text)).toEqual(['A1', 'B1']);
    release.shift()?.();
    await vi.advanceTimersByTimeAsync(500);
    expect(session.calls.map((c) => c.text)).toEqual(['A1', 'B1', 'A2']);
    while (release.length) {
      release.shift()?.();
      await vi.advanceTimersByTimeAsync(100);
    }
    const texts = (jid: string) => session.calls.filter((c) => c.jid === jid).map((c) => c.text);
    expect(texts('6281111111111@s.whatsapp.net')).toEqual(['A1', 'A2', 'A3']);
    expect(texts('6282222222222@s.whatsapp.net')).toEqual(['B1', 'B2']);
  });

  it('waits while disconnected without burning attempts, then sends on open', async () => {
    session.setConnected(false);
    const { id } = add('6281111111111', 'tunggu');
    queue.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(session.calls).toHaveLength(0);
    expect(row(id)).toMatchObject({ status: 'queued', attempts: 0 });

    session.setConnected(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(row(id)).toMatchObject({ status: 'sent', attempts: 1, sent_at: T0 + 60_000 });
  });

  it('a send that finds the link gone is requeued, counted, and resent only after a delay', async () => {
    session.sendImpl = async () => {
      session.setConnected(false);
      throw new AppError('NOT_CONNECTED', 'connection lost while sending');
    };
    const { id, waId } = add('6281111111111', 'putus');
    queue.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(row(id)).toMatchObject({ status: 'queued', attempts: 1 });
    session.sendImpl = async (_j, _t, opts) => ({ waId: opts.messageId });
    session.setConnected(true);
    await vi.advanceTimersByTimeAsync(1_999); // a link-lost requeue waits before the next try
    expect(session.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(row(id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(session.calls.map((c) => c.opts.messageId)).toEqual([waId, waId]);
  });

  it('retries real send errors with a delay, then fails the row after maxAttempts', async () => {
    await queue.stop();
    queue = make(3);
    session.sendImpl = async () => {
      throw new AppError('WHATSAPP_FAILED', 'not-acceptable');
    };
    const { id } = add('6281111111111', 'gagal');
    add('6281111111111', 'after');
    queue.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(row(id)).toMatchObject({ status: 'queued', attempts: 1, error_message: 'not-acceptable' });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(session.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(session.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(row(id)).toMatchObject({ status: 'failed', attempts: 3, error_message: 'not-acceptable' });
    expect(events.find((e) => e.name === 'failed')?.e).toMatchObject({ outboundId: id, status: 'failed' });
    await vi.advanceTimersByTimeAsync(200);
    expect(session.calls.map((c) => c.text)).toEqual(['gagal', 'gagal', 'gagal', 'after']);
  });

  it('resumes after a restart: a row left mid-send goes again with the same WhatsApp id', async () => {
    const { id, waId } = add('6281111111111', 'crash');
    t.db.prepare("UPDATE outbound_messages SET status = 'sending', attempts = 1 WHERE id = ?").run(id);
    queue.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(session.calls.map((c) => c.opts.messageId)).toEqual([waId]);
    expect(row(id)).toMatchObject({ status: 'sent', attempts: 2, wa_id: waId });
  });

  it('stores the sent proto, so getMessage answers retry receipts from the log', async () => {
    const { id, waId } = add('6281111111111', 'retry me');
    queue.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(row(id).wa_message).toBeInstanceOf(Buffer);
    const getMessage = createMessageLookup(createOutboundRepo(t.db), 'default', silentLogger());
    await expect(getMessage({ id: waId })).resolves.toMatchObject({ conversation: 'retry me' });
    await expect(getMessage({ id: 'UNKNOWN' })).resolves.toBeUndefined();
  });

  it('moves rows forward on receipts and never back', async () => {
    const { id, waId } = add('6281111111111', 'receipts');
    queue.start();
    await vi.advanceTimersByTimeAsync(0);
    session.receipt({ waId, status: 'sent', at: T0 + 5 });
    session.receipt({ waId, status: 'delivered', at: T0 + 10 });
    session.receipt({ waId, status: 'sent', at: T0 + 15 });
    session.receipt({ waId, status: 'read', at: T0 + 20 });
    session.receipt({ waId, status: 'delivered', at: T0 + 25 });
    expect(row(id)).toMatchObject({ status: 'read', sent_at: T0, delivered_at: T0 + 10, read_at: T0 + 20 });
    expect(events.map((e) => [e.name, e.e.status])).toEqual([
      ['sent', 'sent'],
      ['receipt', 'delivered'],
      ['receipt', 'read'],
    ]);
  });

  it('a receipt that beats the send result counts once as sent and is not undone', async () => {
    session.sendImpl = async (_j, text, opts) => {
      session.receipt({ waId: opts.messageId, status: 'delivered', at: Date.now() });
      return { waId: opts.messageId };
    };
    const { id } = add('6281111111111', 'fast');
    queue.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(row(id).status).toBe('delivered');
    expect(events.map((e) => e.name)).toEqual(['sent', 'receipt']);
  });

  it('an error receipt fails a sent row', async () => {
    const { id, waId } = add('6281111111111', 'ditolak');
    queue.start();
    await vi.advanceTimersByTimeAsync(0);
    session.receipt({ waId, status: 'failed', at: Date.now() });
    expect(row(id)).toMatchObject({ status: 'failed', error_message: 'WhatsApp rejected the message' });
    expect(events.at(-1)).toMatchObject({ name: 'failed' });
  });

  it('expires rows past not_after, also while WhatsApp is down', async () => {
    session.setConnected(false);
    const { id } = add('6281111111111', 'basi', { kind: 'outbox', outboxId: null, notAfter: T0 + 5_000 });
    const keep = add('6282222222222', 'tetap');
    queue.start();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(row(id).status).toBe('queued');
    await vi.advanceTimersByTimeAsync(1);
    expect(row(id)).toMatchObject({ status: 'failed', error_message: 'expired' });
    expect(events[0]).toMatchObject({ name: 'failed', e: { outboundId: id, kind: 'outbox', error: 'expired' } });
    session.setConnected(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(session.calls.map((c) => c.text)).toEqual(['tetap']);
    expect(row(keep.id).status).toBe('sent');
  });

  it('quotes the inbound message named by quoted_wa_key', async () => {
    const waKey = 'default|6281111111111@s.whatsapp.net||3EB0IN1';
    const inboundId = insertInbound(t.db, {
      waKey,
      waId: '3EB0IN1',
      chatJid: '6281111111111@s.whatsapp.net',
      text: 'saldo',
      now: T0,
    });
    add('6281111111111', 'Saldo Anda 10.000', { inboundId, quotedWaKey: waKey });
    queue.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(session.calls[0]?.opts.quoted).toEqual({
      chatJid: '6281111111111@s.whatsapp.net',
      waId: '3EB0IN1',
      participantJid: null,
      text: 'saldo',
      fromMe: false,
    });
    expect(events[0]?.e).toMatchObject({ inboundId, kind: 'auto_reply' });
  });

  it('sends nothing after stop() and picks up again after start()', async () => {
    queue.start();
    await queue.stop();
    add('6281111111111', 'later');
    queue.wake();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(session.calls).toHaveLength(0);
    queue.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(session.calls).toHaveLength(1);
  });
});
