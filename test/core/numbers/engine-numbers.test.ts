import { afterEach, describe, expect, it } from 'vitest';
import type { SessionStatus } from '../../../shared/dto';
import { join } from 'node:path';
import { request } from 'undici';
import { openDatabase } from '../../../electron/core/db/open';
import { createNumbersRepo } from '../../../electron/core/numbers/numbers-repo';
import { API_KEY, startEnv, type Env } from '../../helpers/engine-env';

let env: Env | null = null;
afterEach(async () => {
  await env?.stop();
  env = null;
});

const ANI = '6281234567890';
const BUDI = '6281298765432';
const CICI = '6281377777777';

interface Sent {
  id: string;
  number: string;
  to: string;
  text: string;
  quotedId: string | null;
}
interface RestNumber {
  id: string;
  name: string;
  kode_terminal: number | null;
  state: string;
  phone: string | null;
  primary: boolean;
}

async function sent(e: Env): Promise<Sent[]> {
  return (await e.api<{ results: Sent[] }>('GET', '/dev/whatsapp/sent')).json.results;
}

async function addNumber(e: Env, name: string, kodeTerminal: number): Promise<string> {
  const r = await e.api<{ results: { id: string } }>('POST', '/whatsapp/numbers', {
    name,
    kode_terminal: kodeTerminal,
  });
  expect(r.status).toBe(200);
  const id = r.json.results.id;
  await e.waitFor(
    async () => {
      const s = await e.h.engine.api.invoke('session:get', { number: id });
      return s.ok && s.value.state === 'open';
    },
    5000,
    `${name} linked`,
  );
  return id;
}

async function stateOf(e: Env, id: string): Promise<SessionStatus> {
  const s = await e.h.engine.api.invoke('session:get', { number: id });
  if (!s.ok) throw new Error(s.error.message);
  return s.value;
}

describe('several numbers in one engine (simulated WhatsApp, OtomaX simulator)', () => {
  it('each number forwards with its own terminal and answers from itself; outbox by terminal, last chat, primary', async () => {
    env = await startEnv({
      sim: {
        resellers: [
          { kode: 'R0001', phone: ANI, saldo: 1_000_000, pin: '1234' },
          { kode: 'R0002', phone: BUDI, saldo: 1_000_000, pin: '1234' },
          { kode: 'R0003', phone: CICI, saldo: 1_000_000, pin: '1234' },
        ],
        infoToOutbox: false,
      },
    });
    const dua = await addNumber(env, 'Dua', 2);
    const tiga = await addNumber(env, 'Tiga', 3);
    const list = (await env.api<{ results: RestNumber[] }>('GET', '/whatsapp/numbers')).json.results;
    expect(list.map((n) => [n.id, n.kode_terminal, n.state, n.primary])).toEqual([
      ['default', null, 'open', true],
      [dua, 2, 'open', false],
      [tiga, 3, 'open', false],
    ]);
    // Each number is its own account.
    expect(new Set(list.map((n) => n.phone)).size).toBe(3);
    const primaryStatus = await env.h.engine.api.invoke('session:get', undefined);
    expect(primaryStatus.ok && primaryStatus.value).toMatchObject({ sessionId: 'default', primary: true });
    expect(await stateOf(env, dua)).toMatchObject({ sessionId: dua, primary: false });

    // An unknown number is refused, not delivered to the primary.
    const wrong = await env.incoming({ from: ANI, text: 'SAL.1234', number: 'wa-nothere' });
    expect(wrong.status).toBe(404);

    // A balance check on number Dua: InsertInbox with terminal 2, the reply leaves from Dua.
    await env.incoming({ from: ANI, text: 'SAL.1234', id: 'ONDUA', number: dua });
    // A transaction on number Tiga: InsertInbox with terminal 3; its result (outbox, terminal 3) leaves from Tiga.
    await env.incoming({ from: BUDI, text: 'S10.081234567890.1234', id: 'ONTIGA', number: tiga });
    // The primary, as before: the global terminal.
    await env.incoming({ from: CICI, text: 'SAL.1234', id: 'ONMAIN' });
    await env.waitFor(() => env!.sim.inbox.length === 3, 5000, 'three InsertInbox');
    const terminalOf = (pesan: string, who: string) =>
      env!.sim.inbox.find((r) => r.pesan === pesan && r.pengirim === who)?.kode_terminal;
    expect(terminalOf('SAL.1234', ANI)).toBe(2);
    expect(terminalOf('S10.081234567890.1234', BUDI)).toBe(3);
    expect(terminalOf('SAL.1234', CICI)).toBe(1);

    await env.waitFor(async () => (await sent(env!)).length === 3, 5000, 'reply, reply, transaction result');
    const byQuote = (q: string) => (async () => (await sent(env!)).find((s) => s.quotedId === q))();
    expect(await byQuote('ONDUA')).toMatchObject({ number: dua, to: ANI });
    expect(await byQuote('ONMAIN')).toMatchObject({ number: 'default', to: CICI });
    const result = (await sent(env)).find((s) => s.to === BUDI);
    expect(result).toMatchObject({ number: tiga });
    expect(env.sim.outbox.find((o) => o.penerima === BUDI)?.kode_terminal).toBe(3);

    // Outbox rows without a terminal of any number: the number the reseller last wrote to, else the primary.
    env.sim.pushOutbox({ penerima: ANI, pesan: 'info untuk Ani', kode_terminal: 99 });
    env.sim.pushOutbox({ penerima: '6285500000001', pesan: 'info untuk baru', kode_terminal: 99 });
    await env.waitFor(async () => (await sent(env!)).length === 5, 5000, 'two outbox messages');
    const all = await sent(env);
    expect(all.find((s) => s.text === 'info untuk Ani')?.number).toBe(dua);
    expect(all.find((s) => s.text === 'info untuk baru')?.number).toBe('default');

    // Per-number counters for a scraper. A send counts once its row is marked sent (after the simulated socket has
    // it, so the scrape may come a moment early on a busy machine): wait for the last one, then read them all.
    const scrapeText = async () =>
      (await request(`${env!.h.url}/metrics`, { headers: { authorization: `Bearer ${API_KEY}` } })).body.text();
    await env.waitFor(
      async () => (await scrapeText()).includes(`jembatan_whatsapp_sent_total{number="${dua}"} 2`),
      5000,
      'the per-number sent counters',
    );
    const text = await scrapeText();
    expect(text).toContain(`jembatan_whatsapp_sent_total{number="${dua}"} 2`);
    expect(text).toContain(`jembatan_whatsapp_sent_total{number="${tiga}"} 1`);
    expect(text).toContain(`jembatan_whatsapp_inbound_total{number="${tiga}"} 1`);
    expect(text).toContain(`jembatan_whatsapp_connected{number="${dua}"} 1`);
  });

  it('a down number keeps its outbox message until it is back (or its fallback sends it); removal keeps the log', async () => {
    env = await startEnv({
      sim: { resellers: [{ kode: 'R0001', phone: ANI, saldo: 1_000_000, pin: '1234' }], infoToOutbox: false },
    });
    const dua = await addNumber(env, 'Dua', 2);
    const api = env.h.engine.api;
    await env.incoming({ from: ANI, text: 'SAL.1234', id: 'BEFORE', number: dua });
    await env.waitFor(async () => (await sent(env!)).length === 1, 5000, 'the reply from Dua');

    // Dua goes down: an outbox message for terminal 2 waits; nobody else sends it.
    expect((await api.invoke('session:logout', { number: dua })).ok).toBe(true);
    expect((await stateOf(env, dua)).state).toBe('logged_out');
    expect((await stateOf(env, 'default')).state).toBe('open');
    env.sim.pushOutbox({ penerima: ANI, pesan: 'menunggu Dua', kode_terminal: 2 });
    await env.waitFor(() => env!.sim.outbox.every((o) => o.acked), 5000, 'callback stored');
    await new Promise((r) => setTimeout(r, 600));
    expect((await sent(env)).some((s) => s.text === 'menunggu Dua')).toBe(false);

    // Dua comes back: its queue drains, from Dua.
    expect((await api.invoke('pairing:start', { mode: 'qr', number: dua })).ok).toBe(true);
    await env.waitFor(async () => (await sent(env!)).some((s) => s.text === 'menunggu Dua'), 5000, 'drained');
    expect((await sent(env)).find((s) => s.text === 'menunggu Dua')?.number).toBe(dua);

    // Down again, with the primary as its fallback: the waiting message moves to the primary, once.
    await api.invoke('session:logout', { number: dua });
    env.sim.pushOutbox({ penerima: ANI, pesan: 'lewat cadangan', kode_terminal: 2 });
    await env.waitFor(() => env!.sim.outbox.every((o) => o.acked), 5000, 'callback stored');
    await new Promise((r) => setTimeout(r, 300));
    expect((await sent(env)).some((s) => s.text === 'lewat cadangan')).toBe(false);
    expect((await api.invoke('numbers:update', { id: dua, fallbackId: 'default' })).ok).toBe(true);
    await env.waitFor(async () => (await sent(env!)).some((s) => s.text === 'lewat cadangan'), 5000, 'fallback');
    expect((await sent(env)).filter((s) => s.text === 'lewat cadangan').map((s) => s.number)).toEqual(['default']);
    await env.waitFor(() => env!.sim.statusUpdates.length === 2, 5000, 'both reported');
    expect(env.sim.statusUpdates.map((u) => u.status)).toEqual([20, 20]);

    // Removed: it leaves the list, a message for it is refused, its messages stay in the log.
    const del = await env.api('DELETE', `/whatsapp/numbers/${dua}`);
    expect(del.status).toBe(200);
    const list = (await env.api<{ results: RestNumber[] }>('GET', '/whatsapp/numbers')).json.results;
    expect(list.map((n) => n.id)).toEqual(['default']);
    expect((await env.incoming({ from: ANI, text: 'SAL.1234', number: dua })).status).toBe(404);
    expect((await api.invoke('session:get', { number: dua })).ok).toBe(false);
    const log = await api.invoke('log:page', {});
    expect(log.ok && log.value.rows.some((r) => r.direction === 'in' && r.text === 'SAL.1234')).toBe(true);
    expect(log.ok && log.value.rows.filter((r) => r.direction === 'outbox').length).toBe(2);
  });

  it('a server without a window adds a number and links it with a pairing code, over REST', async () => {
    env = await startEnv();
    const added = await env.api<{ results: { id: string } }>('POST', '/whatsapp/numbers', {
      name: 'Server',
      kode_terminal: '7',
    });
    expect(added.status).toBe(200);
    const id = added.json.results.id;
    await env.waitFor(async () => (await stateOf(env!, id)).state === 'open', 5000, 'linked');
    await env.h.engine.api.invoke('session:logout', { number: id });
    const pair = await env.api<{ results: Record<string, unknown> }>('POST', `/whatsapp/numbers/${id}/pairing`, {
      phone: '0812-3456-7890',
    });
    expect(pair.status).toBe(200);
    expect(pair.json.results).toEqual({ id, state: 'pairing_code', pairing_code: 'SIMU1234', phone: '6281234567890' });
    await env.waitFor(async () => (await stateOf(env!, id)).state === 'open', 5000, 'linked again');
    const list = (await env.api<{ results: RestNumber[] }>('GET', '/whatsapp/numbers')).json.results;
    expect(list.find((n) => n.id === id)).toMatchObject({ name: 'Server', kode_terminal: 7, state: 'open' });
    // Made the primary: the single-number views follow it at once (session:get, session:status with `primary`).
    const seen: SessionStatus[] = [];
    const off = env.h.engine.events.on('session:status', (st) => seen.push(st));
    expect((await env.h.engine.api.invoke('numbers:update', { id, primary: true })).ok).toBe(true);
    off();
    expect(seen.map((st) => [st.sessionId, st.primary])).toEqual([
      [id, true],
      ['default', false],
    ]);
    const now = await env.h.engine.api.invoke('session:get', undefined);
    expect(now.ok && [now.value.sessionId, now.value.primary]).toEqual([id, true]);
    expect((await env.api('POST', '/whatsapp/numbers/wa-nothere/pairing', { phone: '6281234567890' })).status).toBe(
      404,
    );
    expect((await env.api('POST', `/whatsapp/numbers/${id}/pairing`, { phone: 'abc' })).status).toBe(400);
    expect(
      (await env.api('POST', `/whatsapp/numbers/${id}/pairing`, { phone: '6281234567890' }, { authorization: '' }))
        .status,
    ).toBe(401);
  });

  it('five numbers at once: each linked, each message answered from its own number with its own terminal', async () => {
    env = await startEnv({ sim: { infoToOutbox: false } });
    const ids = ['default'];
    for (let t = 2; t <= 5; t++) ids.push(await addNumber(env, `Nomor ${t}`, t));
    const list = (await env.api<{ results: RestNumber[] }>('GET', '/whatsapp/numbers')).json.results;
    expect(list.map((n) => n.state)).toEqual(['open', 'open', 'open', 'open', 'open']);
    // Strangers (OtomaX answers 41): each gets "Bukan Reseller" from the number it wrote to.
    for (const [i, number] of ids.entries()) {
      expect((await env.incoming({ from: `628555000000${i}`, text: `halo ${i}`, id: `FIVE${i}`, number })).status).toBe(
        200,
      );
    }
    await env.waitFor(async () => (await sent(env!)).length === 5, 5000, 'five replies');
    const replies = await sent(env);
    for (const [i, number] of ids.entries()) {
      expect(replies.find((r) => r.quotedId === `FIVE${i}`)).toMatchObject({ number, to: `628555000000${i}` });
      expect(env.sim.inbox.find((r) => r.pesan === `halo ${i}`)?.kode_terminal).toBe(i === 0 ? 1 : i + 1);
    }
  });

  it("a number's own options: its default reseller goes to OtomaX, its auto-reply off silences only it", async () => {
    env = await startEnv({ sim: { infoToOutbox: false } });
    const dua = await addNumber(env, 'Dua', 2);
    // The options live in wa_numbers (no screen sets them yet): written through their repository, as the engine reads.
    const db = openDatabase(join(env.dataDir, 'jembatan.db'));
    try {
      createNumbersRepo(db, { clock: { now: () => Date.now() }, defaultKodeTerminal: () => 1 }).setOptions(dua, {
        defaultReseller: 'R0001',
        autoReply: false,
      });
    } finally {
      db.close();
    }
    await env.incoming({ from: '6285500000009', text: 'halo dua', id: 'OPTDUA', number: dua });
    await env.incoming({ from: '6285500000008', text: 'halo utama', id: 'OPTMAIN' });
    await env.waitFor(() => env!.sim.inbox.length === 2, 5000, 'two InsertInbox');
    expect(env.sim.inbox.find((r) => r.pesan === 'halo dua')?.kode_reseller).toBe('R0001');
    expect(env.sim.inbox.find((r) => r.pesan === 'halo utama')?.kode_reseller).toBe('');
    await env.waitFor(async () => (await sent(env!)).length >= 1, 5000, 'the primary answers');
    await new Promise((r) => setTimeout(r, 300));
    expect((await sent(env)).map((x) => x.quotedId)).toEqual(['OPTMAIN']);
  });
});
