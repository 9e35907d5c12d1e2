import * as baileys from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import * as lite from '../../../electron/core/whatsapp/wa-lite';

/** The light copies must answer exactly as Baileys does: the engine uses them instead of loading Baileys. */
describe('wa-lite: the Baileys helpers the engine uses without loading Baileys', () => {
  it('the JID helpers are Baileys’ own functions (its jid-utils module), not copies', () => {
    for (const name of [
      'isJidBroadcast',
      'isJidGroup',
      'isJidNewsletter',
      'isJidStatusBroadcast',
      'isLidUser',
      'isPnUser',
      'jidDecode',
      'jidNormalizedUser',
    ] as const) {
      expect(lite[name], name).toBe(baileys[name]);
    }
  });

  it('toNumber answers as Baileys’ for numbers, Longs and nothing', () => {
    const long = { low: 1_700_000_000, high: 0, toNumber: () => 1_700_000_000 };
    const lowOnly = { low: 42 };
    for (const v of [0, 1_700_000_000, null, undefined, long, lowOnly]) {
      expect(lite.toNumber(v as never)).toBe(baileys.toNumber(v as never));
    }
  });

  it('normalizeMessageContent unwraps as Baileys’ does, an empty wrapper included', () => {
    const text = { extendedTextMessage: { text: 'S5.0811.1234' } };
    const cases: (baileys.proto.IMessage | null | undefined)[] = [
      null,
      undefined,
      { conversation: 'hi' },
      { ephemeralMessage: { message: text } },
      { ephemeralMessage: { message: { viewOnceMessageV2: { message: { imageMessage: { caption: 'c' } } } } } },
      { editedMessage: { message: { conversation: 'edited' } } },
      { ephemeralMessage: {} },
      { documentWithCaptionMessage: { message: { documentMessage: { caption: 'doc' } } } },
    ];
    for (const c of cases) expect(lite.normalizeMessageContent(c)).toEqual(baileys.normalizeMessageContent(c));
  });

  it('generateMessageIDV2 makes ids of Baileys’ shape, each new', () => {
    const a = lite.generateMessageIDV2();
    const b = lite.generateMessageIDV2('6281234567890@s.whatsapp.net');
    const theirs = baileys.generateMessageIDV2();
    expect(a).toMatch(/^3EB0[0-9A-F]{18}$/);
    expect(b).toMatch(/^3EB0[0-9A-F]{18}$/);
    expect(a).toHaveLength(theirs.length);
    expect(a).not.toBe(lite.generateMessageIDV2());
  });

  it('encodeConversation gives the bytes of proto.Message.encode({ conversation })', () => {
    for (const text of ['', 'S5.0811.1234', 'x'.repeat(127), 'y'.repeat(128), 'Halo 👋 ñ é', 'z'.repeat(20_000)]) {
      const theirs = baileys.proto.Message.encode({ conversation: text }).finish();
      expect(Buffer.from(lite.encodeConversation(text)).equals(Buffer.from(theirs)), `length ${text.length}`).toBe(
        true,
      );
      expect(baileys.proto.Message.decode(lite.encodeConversation(text)).conversation).toBe(text);
    }
  });
});
