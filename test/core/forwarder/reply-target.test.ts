import { afterEach, describe, expect, it } from 'vitest';
import { EXPIRED_NOTICE } from '../../../electron/core/forwarder/inbound';
import { startEnv, type Env } from '../../helpers/engine-env';

let env: Env | null = null;
afterEach(async () => {
  await env?.stop();
  env = null;
});

const RESELLER = '6281234567890';
const RESELLER_LID = '155512345678901';

/**
 * Issue 11 point 5 (Baileys #2645): a reply sent to phone@s.whatsapp.net in a chat WhatsApp keeps by LID never
 * shows on the reseller's phone, nor on the shop's own; the owner then answers by hand (a duplicate).
 */
describe('reply target', () => {
  it('answers a chat that came by LID at its LID, not at the phone JID', async () => {
    env = await startEnv();
    await env.incoming({
      from: RESELLER,
      lid: RESELLER_LID,
      text: 'S10.081234567890.1234',
      id: 'LIDCHAT1',
      timestamp: Date.now() - 45_000,
    });
    await env.waitFor(async () => (await env!.sent()).length === 1, 5000, 'expired notice');
    expect((await env.sent())[0]).toMatchObject({ to: RESELLER_LID, text: EXPIRED_NOTICE, quotedId: 'LIDCHAT1' });
  });

  it('answers a phone chat at the phone JID', async () => {
    env = await startEnv();
    await env.incoming({ from: RESELLER, text: 'SAL.1234', id: 'PNCHAT1', timestamp: Date.now() - 45_000 });
    await env.waitFor(async () => (await env!.sent()).length === 1, 5000, 'expired notice');
    expect((await env.sent())[0]).toMatchObject({ to: RESELLER, quotedId: 'PNCHAT1' });
  });
});
