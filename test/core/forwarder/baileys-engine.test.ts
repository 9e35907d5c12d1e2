import { afterEach, describe, expect, it } from 'vitest';
import { proto } from '@whiskeysockets/baileys';
import { startHeadless, type Headless } from '../../../electron/headless';
import { createMemorySecretStore } from '../../../electron/core/secrets/memory-store';
import { startOtomaxSim } from '../../sim/otomax/sim';
import type { OtomaxSim } from '../../sim/otomax/types';
import { createFakeSocketFactory, waMessage, type FakeSocketFactory } from '../../fakes/fake-wa-socket';
import { tempDir } from '../../helpers/tmp';

const RESELLER = '6281234567890';
const OWNER = '6281111111111';

let h: Headless | null = null;
let sim: OtomaxSim | null = null;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await h?.stop();
  h = null;
  await sim?.close();
  sim = null;
  cleanups.splice(0).forEach((c) => c());
});

async function until(pred: () => boolean | Promise<boolean>, ms = 5000, what = 'condition') {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The engine with the real Baileys session on a fake socket (real proto messages), wired to the OtomaX simulator. */
async function start(argv: string[]): Promise<FakeSocketFactory> {
  const t = tempDir();
  cleanups.push(t.cleanup);
  sim = await startOtomaxSim({
    resellers: [
      { kode: 'R0001', phone: RESELLER, pin: '1234' },
      { kode: 'R0002', phone: OWNER, pin: '1234' },
    ],
  });
  const factory = createFakeSocketFactory();
  h = await startHeadless({
    argv: [
      `--data-dir=${t.dir}`,
      '--port=0',
      '--whatsapp=baileys',
      '--otomax-enabled=true',
      `--otomax-api-url=${sim.url}`,
      '--otomax-app-id=APPID123',
      '--log-level=error',
      ...argv,
    ],
    env: {},
    secrets: createMemorySecretStore({ 'otomax.appKey': 'appkey-secret', 'otomax.devKey': 'devkey-secret' }),
    engine: { whatsapp: { makeSocket: factory.makeSocket, random: () => 0.5 } },
  });
  await until(() => factory.sockets.length === 1, 5000, 'a socket');
  factory.last().open({ id: `${OWNER}:3@s.whatsapp.net`, name: 'Toko' });
  await until(() => h!.engine.api !== null, 10);
  return factory;
}

const text = (id: string, from: string, body: string, fromMe = false, ts = Math.floor(Date.now() / 1000)) =>
  waMessage({
    key: { remoteJid: `${from}@s.whatsapp.net`, fromMe, id },
    messageTimestamp: ts,
    message: { conversation: body },
    pushName: 'Budi',
  });

describe('forwarding options with the Baileys session (fake socket, real protos)', () => {
  it('incoming: forwarded, auto-reply quoting it through sendMessage, then marked read; our own echo never loops', async () => {
    const f = await start(['--otomax-forward-outgoing=true']);
    f.last().upsert([text('IN1', RESELLER, 'SAL.1234')], 'notify');
    await until(() => f.last().sent.length === 1, 5000, 'auto-reply');
    const reply = f.last().sent[0]!;
    expect(reply.jid).toBe(`${RESELLER}@s.whatsapp.net`);
    expect((reply.content as { text: string }).text).toMatch(/^Saldo R0001/);
    expect(reply.options?.quoted?.key?.id).toBe('IN1');
    await until(() => f.last().reads.length === 1, 5000, 'marked read');
    expect(f.last().reads[0]![0]).toMatchObject({ id: 'IN1' });
    // WhatsApp echoes our own reply back as a fromMe message: never forwarded, even with outgoing on.
    const echoId = reply.options?.messageId as string;
    f.last().upsert([text(echoId, RESELLER, (reply.content as { text: string }).text, true)], 'append');
    await new Promise((r) => setTimeout(r, 300));
    expect(sim!.inbox).toHaveLength(1);
  });

  it('outgoing off: messages typed on the shop phone are not forwarded; on: forwarded as the shop number, never auto-replied', async () => {
    let f = await start([]);
    f.last().upsert([text('OUT1', RESELLER, 'SAL.1234', true)], 'notify');
    await new Promise((r) => setTimeout(r, 300));
    expect(sim!.inbox).toHaveLength(0);
    await h!.stop();
    h = null;
    await sim!.close();
    f = await start(['--otomax-forward-outgoing=true']);
    f.last().upsert([text('OUT2', RESELLER, 'SAL.1234', true)], 'notify');
    await until(() => sim!.inbox.length === 1, 5000, 'InsertInbox');
    expect(sim!.inbox[0]).toMatchObject({ pengirim: OWNER, pesan: 'SAL.1234' });
    await new Promise((r) => setTimeout(r, 300));
    expect(f.last().sent).toHaveLength(0);
  });

  it('media: skipped unless enabled, then the caption is forwarded', async () => {
    const image = (id: string) =>
      waMessage({
        key: { remoteJid: `${RESELLER}@s.whatsapp.net`, fromMe: false, id },
        messageTimestamp: Math.floor(Date.now() / 1000),
        message: {
          imageMessage: proto.Message.ImageMessage.fromObject({ caption: 'SAL.1234', mimetype: 'image/jpeg' }),
        },
      });
    let f = await start([]);
    f.last().upsert([image('IMG1')], 'notify');
    await new Promise((r) => setTimeout(r, 300));
    expect(sim!.inbox).toHaveLength(0);
    await h!.stop();
    h = null;
    await sim!.close();
    f = await start(['--otomax-forward-media=true']);
    f.last().upsert([image('IMG2')], 'notify');
    await until(() => sim!.inbox.length === 1, 5000, 'InsertInbox of the caption');
    expect(sim!.inbox[0]).toMatchObject({ pesan: 'SAL.1234', pengirim: RESELLER });
  });

  it('an offline append batch: every message in it is logged; the ones past _exp expire instead of being forwarded', async () => {
    const f = await start([]);
    const old = Math.floor((Date.now() - 120_000) / 1000);
    f.last().upsert(
      [
        text('B1', RESELLER, 'S5.081100000001.1234', false, old),
        text('B2', RESELLER, 'S5.081100000002.1234', false, old),
        text('B3', RESELLER, 'SAL.1234'),
      ],
      'append',
    );
    await until(() => sim!.inbox.length === 1, 5000, 'the fresh one');
    // OtomaX has it before the engine has recorded its answer: wait for the row, not only the simulator.
    const statusOf = async (text: string) => {
      const p = await h!.engine.api.invoke('log:page', {});
      return p.ok ? p.value.rows.find((r) => r.text === text)?.status : undefined;
    };
    await until(async () => (await statusOf('SAL.1234')) === 'forwarded', 5000, 'its answer recorded');
    const page = await h!.engine.api.invoke('log:page', {});
    expect(page.ok && page.value.rows.map((r) => `${r.text}:${r.status}`).sort()).toEqual([
      'S5.081100000001.1234:expired',
      'S5.081100000002.1234:expired',
      'SAL.1234:forwarded',
    ]);
  });

  it('an outbox copy of an auto-reply still waiting to go out is not sent twice, and OtomaX hears the real outcome', async () => {
    const f = await start([]);
    await h!.engine.api.invoke('callback:register', undefined);
    // Hold the first WhatsApp send (the auto-reply) until the outbox copy of the same text has arrived.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const send = f.last().sendImpl;
    f.last().sendImpl = async (jid, content, options) => {
      await gate;
      return send(jid, content, options);
    };
    f.last().upsert([text('HOLD1', RESELLER, 'SAL.1234')], 'notify');
    await until(() => sim!.outbox.length === 1 && sim!.outbox[0]!.acked, 5000, 'outbox copy acknowledged');
    await new Promise((r) => setTimeout(r, 200));
    expect(sim!.statusUpdates).toHaveLength(0);
    release();
    await until(() => sim!.statusUpdates.length === 1, 5000, 'UpdateStatusOutbox after the real send');
    expect(sim!.statusUpdates[0]).toMatchObject({ status: 20 });
    expect(f.last().sent).toHaveLength(1);
    const page = await h!.engine.api.invoke('log:page', { filter: { direction: 'outbox' } });
    expect(page.ok && page.value.rows[0]).toMatchObject({ status: 'duplicate_text' });
  });

  it('the same message addressed once by LID and once by phone number is one message: one InsertInbox', async () => {
    const f = await start([]);
    const ts = Math.floor(Date.now() / 1000);
    f.last().upsert(
      [
        waMessage({
          key: {
            remoteJid: '123456789012345@lid',
            remoteJidAlt: `${RESELLER}@s.whatsapp.net`,
            fromMe: false,
            id: 'DUALADDR',
          },
          messageTimestamp: ts,
          message: { conversation: 'S10.081234567890.1234' },
        }),
      ],
      'notify',
    );
    await until(() => sim!.inbox.length === 1, 5000, 'InsertInbox');
    f.last().upsert([text('DUALADDR', RESELLER, 'S10.081234567890.1234', false, ts)], 'append');
    await new Promise((r) => setTimeout(r, 300));
    expect(sim!.inbox).toHaveLength(1);
    const m = await h!.engine.api.invoke('metrics:get', undefined);
    expect(m.ok && m.value.today.duplicates).toBe(1);
  });
});
