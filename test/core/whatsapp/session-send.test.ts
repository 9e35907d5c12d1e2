import { proto } from '@whiskeysockets/baileys';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { boom } from '../../fakes/fake-wa-socket';
import { sessionHarness, type SessionHarness } from '../../fakes/wa-session-harness';
import { tempDb, testCipher, type TempDb } from '../../fakes/wa-test-env';

describe('Baileys session sending (fake socket)', () => {
  let t: TempDb;
  let h: SessionHarness;

  beforeEach(async () => {
    t = tempDb();
    h = sessionHarness(t.db, testCipher());
    await h.session.start();
  });
  afterEach(async () => {
    await h.session.stop();
    t.cleanup();
  });

  it('refuses to send or mark read before the link is open', async () => {
    await expect(h.session.sendText('6281@s.whatsapp.net', 'x', { messageId: '3EB0X' })).rejects.toMatchObject({
      code: 'NOT_CONNECTED',
    });
    await expect(h.session.markRead({ chatJid: 'a', waId: 'b', participantJid: null })).rejects.toMatchObject({
      code: 'NOT_CONNECTED',
    });
  });

  it('sends with the caller’s message id and the quoted message, and returns the encoded proto', async () => {
    const sock = h.factory.last();
    sock.open();
    const result = await h.session.sendText('6281234567890@s.whatsapp.net', 'Saldo 10.000', {
      messageId: '3EB0CALLERCHOSEN',
      quoted: {
        chatJid: '120363025246125888@g.us',
        waId: '3EB0IN',
        participantJid: '6281234567890@s.whatsapp.net',
        text: 'saldo',
        fromMe: false,
      },
    });
    expect(result.waId).toBe('3EB0CALLERCHOSEN');
    expect(proto.Message.decode(result.message ?? new Uint8Array()).conversation).toBe('Saldo 10.000');
    const sent = sock.sent[0];
    expect(sent?.jid).toBe('6281234567890@s.whatsapp.net');
    expect(sent?.content).toEqual({ text: 'Saldo 10.000' });
    expect(sent?.options?.messageId).toBe('3EB0CALLERCHOSEN');
    expect(sent?.options?.quoted).toEqual({
      key: {
        remoteJid: '120363025246125888@g.us',
        id: '3EB0IN',
        fromMe: false,
        participant: '6281234567890@s.whatsapp.net',
      },
      message: { conversation: 'saldo' },
    });
  });

  it('tells a lost link (NOT_CONNECTED) from WhatsApp refusing (WHATSAPP_FAILED)', async () => {
    const sock = h.factory.last();
    sock.open();
    sock.sendImpl = async () => {
      throw boom(428, 'Connection Closed');
    };
    await expect(h.session.sendText('6281@s.whatsapp.net', 'x', { messageId: 'A' })).rejects.toMatchObject({
      code: 'NOT_CONNECTED',
    });
    sock.sendImpl = async () => {
      throw new Error('not-acceptable');
    };
    await expect(h.session.sendText('6281@s.whatsapp.net', 'x', { messageId: 'B' })).rejects.toMatchObject({
      code: 'WHATSAPP_FAILED',
    });
  });

  it('marks a message read with its key', async () => {
    const sock = h.factory.last();
    sock.open();
    await h.session.markRead({ chatJid: '6281234567890@s.whatsapp.net', waId: '3EB0IN', participantJid: null });
    await h.session.markRead({ chatJid: '1203@g.us', waId: '3EB0G', participantJid: '6281@s.whatsapp.net' });
    expect(sock.reads).toEqual([
      [{ remoteJid: '6281234567890@s.whatsapp.net', id: '3EB0IN', fromMe: false }],
      [{ remoteJid: '1203@g.us', id: '3EB0G', fromMe: false, participant: '6281@s.whatsapp.net' }],
    ]);
  });

  it('gives the socket a getMessage that reads the outbound log, and one retry cache for every socket', async () => {
    t.db
      .prepare(
        `INSERT INTO outbound_messages (to_phone, to_jid, text, kind, wa_id, status, created_at, wa_message)
         VALUES ('6281', '6281@s.whatsapp.net', 'hi', 'manual', '3EB0LOGGED', 'sent', 1, ?)`,
      )
      .run(Buffer.from(proto.Message.encode({ conversation: 'hi' }).finish()));
    const first = h.factory.last();
    await expect(first.config.getMessage({ id: '3EB0LOGGED' })).resolves.toMatchObject({ conversation: 'hi' });
    first.close(515);
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.factory.last()).not.toBe(first);
    expect(h.factory.last().config.msgRetryCounterCache).toBe(first.config.msgRetryCounterCache);
  });
});
