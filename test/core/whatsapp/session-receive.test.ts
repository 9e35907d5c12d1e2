import { proto } from '@whiskeysockets/baileys';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataCipher } from '../../../electron/core/secrets/data-key';
import { waMessage } from '../../fakes/fake-wa-socket';
import { sessionHarness, settle, type SessionHarness } from '../../fakes/wa-session-harness';
import { tempDb, testCipher, type TempDb } from '../../fakes/wa-test-env';

const PHONE = '6281234567890';
const PN = `${PHONE}@s.whatsapp.net`;
const LID = '155512345678901@lid';
const GROUP = '120363025246125888@g.us';
let seq = 0;

function msg(
  message: Record<string, unknown> | null,
  key: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  seq += 1;
  return waMessage({
    key: { remoteJid: PN, fromMe: false, id: `3EB0MSG${seq}`, ...key },
    message,
    messageTimestamp: 1_735_718_400,
    pushName: 'Budi',
    ...extra,
  });
}

describe('Baileys session receiving (fake socket)', () => {
  let t: TempDb;
  let cipher: DataCipher;
  let h: SessionHarness;

  beforeEach(async () => {
    t = tempDb();
    cipher = testCipher();
    h = sessionHarness(t.db, cipher);
    await h.session.start();
    h.factory.last().open();
  });
  afterEach(async () => {
    await h.session.stop();
    t.cleanup();
  });

  async function deliver(messages: ReturnType<typeof msg>[], type: 'notify' | 'append' = 'notify') {
    h.factory.last().upsert(messages, type);
    await h.session.idle();
    await settle();
  }

  it('emits every message of notify and offline append batches, in order, with the InboundMessage shape', async () => {
    const offline = [msg({ conversation: 'saldo' }), msg({ conversation: 'S5.0812' }), msg({ conversation: 'cek' })];
    await deliver(offline, 'append');
    await deliver([msg({ extendedTextMessage: { text: 'halo' } }), msg({ conversation: 'lagi' })]);
    expect(h.messages.map((m) => m.text)).toEqual(['saldo', 'S5.0812', 'cek', 'halo', 'lagi']);
    const first = h.messages[0];
    const firstKey = offline[0]?.key;
    expect(first).toEqual({
      sessionId: 'default',
      waKey: `default|${firstKey?.id}`,
      waId: firstKey?.id,
      chatJid: PN,
      participantJid: null,
      senderPhone: PHONE,
      senderLid: null,
      pushName: 'Budi',
      fromMe: false,
      isGroup: false,
      isMedia: false,
      text: 'saldo',
      timestampMs: 1_735_718_400_000,
    });
  });

  it('emits a re-delivery again with the same, stable waKey', async () => {
    const m = msg({ conversation: 'saldo' });
    await deliver([m]);
    await deliver([waMessage(proto.WebMessageInfo.toObject(m as proto.WebMessageInfo))], 'append');
    expect(h.messages).toHaveLength(2);
    expect(h.messages[0]?.waKey).toBe(h.messages[1]?.waKey);
  });

  it('emits the account’s own messages flagged fromMe for the consumer to decide', async () => {
    await deliver([msg({ conversation: 'dari HP' }, { fromMe: true })]);
    expect(h.messages).toHaveLength(1);
    expect(h.messages[0]).toMatchObject({ fromMe: true, senderPhone: PHONE, text: 'dari HP' });
  });

  it('unwraps ephemeral, view-once and edited wrappers; reads button and list replies', async () => {
    await deliver([
      msg({ ephemeralMessage: { message: { extendedTextMessage: { text: 'ephemeral' } } } }),
      msg({ viewOnceMessage: { message: { conversation: 'view once' } } }),
      msg({ editedMessage: { message: { conversation: 'edited' } } }),
      msg({ buttonsResponseMessage: { selectedButtonId: 'b1', selectedDisplayText: 'Ya' } }),
      msg({ listResponseMessage: { title: 'Pulsa 10k', singleSelectReply: { selectedRowId: 'p10' } } }),
    ]);
    expect(h.messages.map((m) => m.text)).toEqual(['ephemeral', 'view once', 'edited', 'Ya', 'Pulsa 10k']);
  });

  it('skips stubs, status, newsletters, broadcasts, protocol, reaction and poll messages', async () => {
    await deliver([
      msg(null, {}, { messageStubType: proto.WebMessageInfo.StubType.CIPHERTEXT, messageStubParameters: ['Bad MAC'] }),
      msg({ conversation: 'status' }, { remoteJid: 'status@broadcast', participant: PN }),
      msg({ conversation: 'news' }, { remoteJid: '120363111111111111@newsletter' }),
      msg({ conversation: 'list' }, { remoteJid: '1700000000@broadcast' }),
      msg({ protocolMessage: { type: proto.Message.ProtocolMessage.Type.REVOKE, key: { id: 'X' } } }),
      msg({ reactionMessage: { key: { id: 'X', remoteJid: PN }, text: '👍' } }),
      msg({ pollUpdateMessage: { pollCreationMessageKey: { id: 'P' } } }),
      msg({ pollCreationMessageV3: { name: 'Mau?', options: [{ optionName: 'ya' }] } }),
      msg({ senderKeyDistributionMessage: { groupId: GROUP } }),
      msg({ conversation: 'real one' }),
    ]);
    expect(h.messages.map((m) => m.text)).toEqual(['real one']);
  });

  it('skips media unless enabled, then forwards the caption (media without a caption stays skipped)', async () => {
    const media = () => [
      msg({ imageMessage: { caption: 'bukti transfer', mimetype: 'image/jpeg' } }),
      msg({ documentWithCaptionMessage: { message: { documentMessage: { caption: 'invoice.pdf' } } } }),
      msg({ videoMessage: { mimetype: 'video/mp4' } }),
    ];
    await deliver(media());
    expect(h.messages).toHaveLength(0);
    h.settings.forwardMedia = true;
    await deliver(media());
    expect(h.messages.map((m) => [m.text, m.isMedia])).toEqual([
      ['bukti transfer', true],
      ['invoice.pdf', true],
    ]);
  });

  it('skips groups unless enabled, then the participant is the sender', async () => {
    const fromGroup = () => [
      msg({ conversation: 'grup pn' }, { remoteJid: GROUP, participant: PN }),
      msg(
        { conversation: 'grup lid' },
        { remoteJid: GROUP, participant: LID, participantAlt: '6289999999999@s.whatsapp.net' },
      ),
    ];
    await deliver(fromGroup());
    expect(h.messages).toHaveLength(0);
    h.settings.forwardGroups = true;
    const batch = fromGroup();
    await deliver(batch);
    expect(h.messages).toHaveLength(2);
    expect(h.messages[0]).toMatchObject({
      isGroup: true,
      chatJid: GROUP,
      participantJid: PN,
      senderPhone: PHONE,
      waKey: `default|${batch[0]?.key.id}`,
    });
    expect(h.messages[1]).toMatchObject({ participantJid: LID, senderPhone: '6289999999999', senderLid: LID });
  });

  it('resolves LID senders through remoteJidAlt and keeps the mapping for later sessions', async () => {
    await deliver([msg({ conversation: 'via alt' }, { remoteJid: LID, remoteJidAlt: PN, addressingMode: 'lid' })]);
    expect(h.messages[0]).toMatchObject({ chatJid: LID, senderPhone: PHONE, senderLid: LID });
    await h.session.stop();

    const next = sessionHarness(t.db, cipher);
    await next.session.start();
    next.factory.last().open();
    next.factory.last().upsert([msg({ conversation: 'lid only' }, { remoteJid: LID })]);
    await next.session.idle();
    expect(next.messages[0]).toMatchObject({ senderPhone: PHONE, senderLid: LID });
    await next.session.stop();
  });

  it('learns LIDs from lid-mapping.update and from a phone chat that carries the LID', async () => {
    const sock = h.factory.last();
    sock.ev.emit('lid-mapping.update', { lid: '111111111111111:3@lid', pn: '6281111111111:3@s.whatsapp.net' });
    await deliver([
      msg(
        { conversation: 'pn first' },
        { remoteJid: '6282222222222@s.whatsapp.net', remoteJidAlt: '222222222222222@lid' },
      ),
    ]);
    await deliver([
      msg({ conversation: 'a' }, { remoteJid: '111111111111111@lid' }),
      msg({ conversation: 'b' }, { remoteJid: '222222222222222@lid' }),
    ]);
    expect(h.messages.map((m) => m.senderPhone)).toEqual(['6282222222222', '6281111111111', '6282222222222']);
    const rows = t.db.prepare('SELECT lid, phone FROM wa_lid_map ORDER BY lid').all();
    expect(rows).toEqual([
      { lid: '111111111111111@lid', phone: '6281111111111' },
      { lid: '222222222222222@lid', phone: '6282222222222' },
    ]);
  });

  it("asks Baileys' LID store last and remembers what it says", async () => {
    h.factory.last().pnForLid.set('333333333333333@lid', '6283333333333@s.whatsapp.net');
    await deliver([msg({ conversation: 'x' }, { remoteJid: '333333333333333@lid' })]);
    expect(h.messages[0]?.senderPhone).toBe('6283333333333');
    const row = t.db.prepare("SELECT phone FROM wa_lid_map WHERE lid = '333333333333333@lid'").get();
    expect(row).toEqual({ phone: '6283333333333' });
  });

  it('emits an unresolvable LID sender with senderPhone null, never the LID as a phone', async () => {
    await deliver([msg({ conversation: 'siapa?' }, { remoteJid: '444444444444444@lid' })]);
    expect(h.messages[0]).toMatchObject({ senderPhone: null, senderLid: '444444444444444@lid', text: 'siapa?' });
  });

  it('turns messages.update statuses into receipts', async () => {
    const sock = h.factory.last();
    sock.receipt('3EB0AAA', proto.WebMessageInfo.Status.SERVER_ACK);
    sock.receipt('3EB0AAA', proto.WebMessageInfo.Status.DELIVERY_ACK);
    sock.receipt('3EB0AAA', proto.WebMessageInfo.Status.READ);
    sock.receipt('3EB0BBB', proto.WebMessageInfo.Status.ERROR);
    sock.receipt('3EB0CCC', proto.WebMessageInfo.Status.PENDING);
    expect(h.receipts.map((r) => [r.waId, r.status])).toEqual([
      ['3EB0AAA', 'sent'],
      ['3EB0AAA', 'delivered'],
      ['3EB0AAA', 'read'],
      ['3EB0BBB', 'failed'],
    ]);
  });
});
