import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../electron/core/kernel/clock';
import { registerDevWhatsappRoutes } from '../../../electron/core/whatsapp/dev-routes';
import { createHttpServer } from '../../../electron/core/http/server';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { createSendQueue } from '../../../electron/core/whatsapp/send-queue';
import type { InboundMessage, ReceiptEvent } from '../../../electron/core/whatsapp/session-port';
import { createSimulatedSession, type SimulatedSession } from '../../../electron/core/whatsapp/simulated-session';
import { tempDb, type TempDb } from '../../fakes/wa-test-env';

const API_KEY = 'test-api-key-123';

describe('simulated WhatsApp', () => {
  let t: TempDb;
  let sim: SimulatedSession;
  let app: FastifyInstance;
  let base: string;
  const messages: InboundMessage[] = [];
  const receipts: ReceiptEvent[] = [];
  const groups = { forwardGroups: true };

  beforeEach(async () => {
    t = tempDb();
    messages.length = 0;
    receipts.length = 0;
    groups.forwardGroups = true;
    sim = createSimulatedSession({
      id: 'default',
      db: t.db,
      log: silentLogger(),
      clock: systemClock,
      pairDelayMs: 20,
      settings: () => groups,
    });
    sim.on('message', (m) => messages.push(m));
    sim.on('receipt', (r) => receipts.push(r));
    app = createHttpServer({ log: silentLogger(), apiKey: async () => API_KEY });
    registerDevWhatsappRoutes(app, sim);
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterEach(async () => {
    await sim.stop();
    await app.close();
    t.cleanup();
  });

  const call = (method: 'GET' | 'POST', path: string, body?: unknown, key: string | null = API_KEY) =>
    fetch(`${base}${path}`, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  const incoming = async (body: unknown) => {
    const res = await call('POST', '/dev/whatsapp/incoming', body);
    return {
      status: res.status,
      json: (await res.json()) as { code: number; message: string; results: Record<string, unknown> },
    };
  };

  it('shows a QR, then pairs after pairDelayMs; the pairing survives a new session object', async () => {
    await sim.start();
    expect(sim.status()).toMatchObject({ state: 'qr' });
    expect(sim.status().qr).toMatch(/^SIMULATED-QR-/);
    await vi.waitFor(() => expect(sim.status().state).toBe('open'), { timeout: 2_000, interval: 5 });
    expect(sim.isConnected()).toBe(true);

    const again = createSimulatedSession({ id: 'default', db: t.db, log: silentLogger(), clock: systemClock });
    await again.start();
    expect(again.status().state).toBe('open');
    await again.logout();
    expect(again.status().state).toBe('logged_out');
    await again.start();
    expect(again.status().state).toBe('qr');
    again.pairNow();
    expect(again.status().state).toBe('open');
    await again.stop();
  });

  it('pairs with a code for a typed phone number', async () => {
    const s = await sim.startPairing({ mode: 'code', phone: '0812 3456 7890' });
    expect(s).toMatchObject({ state: 'pairing_code', pairingCode: 'SIMU1234', pairingPhone: '6281234567890' });
    sim.pairNow();
    expect(sim.status().state).toBe('open');
    await expect(sim.startPairing({ mode: 'qr' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('needs the API key on the dev routes', async () => {
    expect((await call('GET', '/dev/whatsapp/sent', undefined, null)).status).toBe(401);
    expect((await call('POST', '/dev/whatsapp/incoming', { from: '6281', text: 'x' }, 'wrong')).status).toBe(401);
  });

  it('answers 400 with the field on invalid bodies', async () => {
    const cases: [unknown, string][] = [
      [{ from: '6281234567890' }, 'text'],
      [{ from: '6281234567890', text: '' }, 'text'],
      [{ from: 'abc', text: 'x' }, 'from'],
      [{ text: 'x' }, 'from'],
      [{ from: '6281234567890', text: 'x', timestamp: 'now' }, 'timestamp'],
      [{ from: '6281234567890', text: 'x', id: 'has space' }, 'id'],
    ];
    for (const [body, field] of cases) {
      const r = await incoming(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.results).toMatchObject({ field });
    }
  });

  it('emits injected messages; the same id again is a re-delivery with the same key', async () => {
    await sim.start();
    sim.pairNow();
    const first = await incoming({
      from: '+62 812-3456-7890',
      text: 'saldo',
      id: 'ABC123',
      timestamp: 1_735_718_400_000,
    });
    expect(first.status).toBe(200);
    expect(first.json.results).toMatchObject({ waId: 'ABC123', delivered: true });
    await incoming({ from: '6281234567890', text: 'saldo', id: 'ABC123', timestamp: 1_735_718_400_000 });
    expect(messages).toHaveLength(2);
    expect(messages[0]).toEqual({
      sessionId: 'default',
      waKey: 'default|ABC123',
      waId: 'ABC123',
      chatJid: '6281234567890@s.whatsapp.net',
      participantJid: null,
      senderPhone: '6281234567890',
      senderLid: null,
      pushName: null,
      fromMe: false,
      isGroup: false,
      isMedia: false,
      text: 'saldo',
      timestampMs: 1_735_718_400_000,
    });
    expect(messages[1]?.waKey).toBe(messages[0]?.waKey);
  });

  it("takes the timestamp in seconds (WhatsApp's unit) or in milliseconds", async () => {
    await sim.start();
    sim.pairNow();
    await incoming({ from: '6281234567890', text: 'detik', id: 'SEC1', timestamp: 1_735_718_400 });
    await incoming({ from: '6281234567890', text: 'milidetik', id: 'MS1', timestamp: 1_735_718_400_123 });
    expect(messages.map((m) => m.timestampMs)).toEqual([1_735_718_400_000, 1_735_718_400_123]);
  });

  it('simulates LID senders (with and without a phone) and groups', async () => {
    await sim.start();
    sim.pairNow();
    await incoming({ from: '6281234567890', lid: '155512345678901', text: 'lid known' });
    await incoming({ lid: '155512345678902@lid', text: 'lid unknown' });
    await incoming({ from: '6281234567890', group: '120363025246125888', text: 'grup' });
    expect(messages[0]).toMatchObject({
      chatJid: '155512345678901@lid',
      senderPhone: '6281234567890',
      senderLid: '155512345678901@lid',
    });
    expect(messages[1]).toMatchObject({ senderPhone: null, senderLid: '155512345678902@lid' });
    expect(messages[2]).toMatchObject({
      isGroup: true,
      chatJid: '120363025246125888@g.us',
      participantJid: '6281234567890@s.whatsapp.net',
    });
    groups.forwardGroups = false;
    const skipped = await incoming({ from: '6281234567890', group: '120363025246125888', text: 'grup 2' });
    expect(skipped.json.results).toMatchObject({ delivered: false, skipped: 'group' });
    expect(messages).toHaveLength(3);
  });

  it('holds messages while not linked and delivers them on open', async () => {
    const r = await incoming({ from: '6281234567890', text: 'offline' });
    expect(r.json.results).toMatchObject({ delivered: false });
    expect(messages).toHaveLength(0);
    await sim.start();
    sim.pairNow();
    expect(messages.map((m) => m.text)).toEqual(['offline']);
  });

  it('lists what was sent in order, once per message id, and sends receipts', async () => {
    await expect(sim.sendText('6281@s.whatsapp.net', 'x', { messageId: 'X' })).rejects.toMatchObject({
      code: 'NOT_CONNECTED',
    });
    await sim.start();
    sim.pairNow();
    await sim.sendText('6281111111111@s.whatsapp.net', 'satu', { messageId: '3EB0A' });
    await sim.sendText('6282222222222@s.whatsapp.net', 'dua', {
      messageId: '3EB0B',
      quoted: { chatJid: '6282222222222@s.whatsapp.net', waId: 'IN1', participantJid: null, text: 'q', fromMe: false },
    });
    await sim.sendText('6281111111111@s.whatsapp.net', 'satu', { messageId: '3EB0A' });
    const res = await call('GET', '/dev/whatsapp/sent');
    const body = (await res.json()) as { code: number; results: unknown[] };
    expect(body.code).toBe(200);
    expect(body.results).toEqual([
      { id: '3EB0A', number: 'default', to: '6281111111111', text: 'satu', quotedId: null, at: expect.any(Number) },
      { id: '3EB0B', number: 'default', to: '6282222222222', text: 'dua', quotedId: 'IN1', at: expect.any(Number) },
    ]);
    await vi.waitFor(() =>
      expect(receipts.filter((r) => r.waId === '3EB0B').map((r) => r.status)).toEqual(['sent', 'delivered']),
    );
    await sim.markRead({ chatJid: '6282222222222@s.whatsapp.net', waId: 'IN1', participantJid: null });
    expect(sim.reads()).toEqual([{ chatJid: '6282222222222@s.whatsapp.net', waId: 'IN1' }]);
  });

  it('with the send queue: a resend after a crash reuses the id and shows once in /sent', async () => {
    await sim.start();
    sim.pairNow();
    const make = () =>
      createSendQueue({ db: t.db, session: sim, ratePerSecond: () => 50, clock: systemClock, log: silentLogger() });
    const q1 = make();
    const { id, waId } = q1.insertOutbound(
      { sessionId: 'default', toPhone: '6281111111111', text: 'balasan', kind: 'outbox' },
      Date.now(),
    );
    q1.start();
    const status = () =>
      (t.db.prepare('SELECT status FROM outbound_messages WHERE id = ?').get(id) as { status: string }).status;
    await vi.waitFor(() => expect(status()).toBe('delivered'));
    await q1.stop();
    // A crash between WhatsApp taking the message and our row update: the row still says 'sending'.
    t.db
      .prepare("UPDATE outbound_messages SET status = 'sending', sent_at = NULL, delivered_at = NULL WHERE id = ?")
      .run(id);
    const q2 = make();
    q2.start();
    await vi.waitFor(() => expect(status()).toBe('delivered'));
    await q2.stop();
    const body = (await (await call('GET', '/dev/whatsapp/sent')).json()) as { results: { id: string }[] };
    expect(body.results.map((s) => s.id)).toEqual([waId]);
  });
});
