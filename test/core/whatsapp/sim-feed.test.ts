import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { startEnv, type Env } from '../../helpers/engine-env';

const RESELLER = '6281234567890';
const order = (i: number) => `S5.0811${String(i).padStart(7, '0')}.1234`;

/**
 * The bench's stand-in for WhatsApp's server: a WebSocket server on 127.0.0.1:0 that the simulated numbers connect
 * to (--whatsapp-sim-feed), and that pushes messages as frames with no answer per message.
 */
async function startFeed() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const sockets: WebSocket[] = [];
  const paths: string[] = [];
  const frames: unknown[] = [];
  wss.on('connection', (ws, req) => {
    sockets.push(ws);
    paths.push(req.url ?? '');
    ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
  });
  const open = () => sockets.filter((s) => s.readyState === WebSocket.OPEN);
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/feed`,
    sockets,
    paths,
    /** What the engine answered (error frames), in order. */
    frames,
    open,
    /** The one open engine socket. */
    one(): WebSocket {
      const s = open();
      if (s.length !== 1) throw new Error(`expected one open feed socket, have ${s.length}`);
      return s[0] as WebSocket;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of wss.clients) s.terminate();
        wss.close(() => resolve());
      }),
    /** Drops every engine socket as a network cut would (no close frame). */
    drop: () => {
      for (const s of wss.clients) s.terminate();
    },
  };
}
type Feed = Awaited<ReturnType<typeof startFeed>>;

let env: Env | null = null;
let feed: Feed | null = null;
let reader: Database.Database | null = null;
afterEach(async () => {
  reader?.close();
  reader = null;
  await env?.stop();
  env = null;
  await feed?.close();
  feed = null;
});

async function setup(): Promise<{ e: Env; f: Feed; statusOf: (waId: string) => string | null; rows: () => number }> {
  const f = await startFeed();
  feed = f;
  const e = await startEnv({ argv: [`--whatsapp-sim-feed=${f.url}`] });
  env = e;
  await e.waitFor(() => f.open().length === 1, 5_000, 'the engine connected to the feed');
  reader = new Database(join(e.dataDir, 'jembatan.db'), { readonly: true });
  const status = reader.prepare<[string], { status: string }>('SELECT status FROM inbound_messages WHERE wa_id = ?');
  const count = reader.prepare<[], { n: number }>('SELECT count(*) AS n FROM inbound_messages');
  return {
    e,
    f,
    statusOf: (waId) => status.get(waId)?.status ?? null,
    rows: () => (count.get() as { n: number }).n,
  };
}

/** InsertInbox requests the simulator received for this text. */
const inserts = (e: Env, text: string) => e.sim.inbox.filter((r) => r.pesan === text).length;

describe('the simulated session takes messages over a WebSocket feed (--whatsapp-sim-feed)', () => {
  it('connects as the primary number; each frame is one message, logged and forwarded once', async () => {
    const { e, f, statusOf } = await setup();
    expect(f.paths).toEqual(['/feed?number=default']);
    const ws = f.one();
    for (let i = 0; i < 5; i++) ws.send(JSON.stringify({ from: RESELLER, text: order(i), id: `FEED${i}` }));
    await e.waitFor(() => [0, 1, 2, 3, 4].every((i) => statusOf(`FEED${i}`) === 'forwarded'), 10_000, 'five forwarded');
    for (let i = 0; i < 5; i++) expect(inserts(e, order(i))).toBe(1);
    expect(f.frames).toEqual([]);
  });

  it('a frame with an array is a batch: every message of it is delivered', async () => {
    const { e, f, statusOf } = await setup();
    f.one().send(JSON.stringify([0, 1, 2].map((i) => ({ from: RESELLER, text: order(10 + i), id: `BATCH${i}` }))));
    await e.waitFor(() => [0, 1, 2].every((i) => statusOf(`BATCH${i}`) === 'forwarded'), 10_000, 'batch forwarded');
    for (let i = 0; i < 3; i++) expect(inserts(e, order(10 + i))).toBe(1);
  });

  it('a bad frame is answered with an error frame and the feed keeps going', async () => {
    const { e, f, statusOf, rows } = await setup();
    const ws = f.one();
    ws.send('not json');
    ws.send(JSON.stringify({ text: 'no sender', id: 'NOFROM' }));
    ws.send(JSON.stringify({ from: RESELLER, text: order(20), id: 'X1', number: 'nobody' }));
    // In a batch, the bad one is refused (with its index) and the good one still goes.
    ws.send(
      JSON.stringify([
        { from: RESELLER, text: '', id: 'EMPTY' },
        { from: RESELLER, text: order(21), id: 'GOOD1' },
      ]),
    );
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await e.waitFor(() => f.frames.length >= 5, 5_000, 'five error frames');
    expect(f.frames).toEqual([
      { error: { code: 'VALIDATION', message: 'the frame is not JSON' } },
      { error: expect.objectContaining({ code: 'VALIDATION', field: 'from', id: 'NOFROM' }) },
      { error: expect.objectContaining({ code: 'NOT_FOUND', field: 'number', id: 'X1' }) },
      { error: expect.objectContaining({ code: 'VALIDATION', field: 'text', index: 0, id: 'EMPTY' }) },
      { error: { code: 'VALIDATION', message: 'expected a text frame of JSON' } },
    ]);
    await e.waitFor(() => statusOf('GOOD1') === 'forwarded', 10_000, 'the good one forwarded');
    // Still the same socket, and it still takes messages.
    expect(f.open()).toEqual([ws]);
    ws.send(JSON.stringify({ from: RESELLER, text: order(22), id: 'AFTER' }));
    await e.waitFor(() => statusOf('AFTER') === 'forwarded', 10_000, 'the next one forwarded');
    expect(rows()).toBe(2);
  });

  it('after the feed drops it connects again; later messages arrive and a re-delivered id is not forwarded twice', async () => {
    const { e, f, statusOf } = await setup();
    f.one().send(JSON.stringify({ from: RESELLER, text: order(30), id: 'BEFORE' }));
    await e.waitFor(() => statusOf('BEFORE') === 'forwarded', 10_000, 'forwarded before the drop');
    f.drop();
    await e.waitFor(() => f.sockets.length === 2 && f.open().length === 1, 5_000, 'connected again');
    const ws = f.one();
    // WhatsApp hands over again what it is not sure was received: the same id, then a new message.
    ws.send(JSON.stringify({ from: RESELLER, text: order(30), id: 'BEFORE' }));
    ws.send(JSON.stringify({ from: RESELLER, text: order(31), id: 'AFTERDROP' }));
    await e.waitFor(() => statusOf('AFTERDROP') === 'forwarded', 10_000, 'forwarded after the drop');
    const dup = await e.h.engine.api.invoke('metrics:get', undefined);
    expect(dup.ok && dup.value.today.duplicates).toBe(1);
    expect(inserts(e, order(30))).toBe(1);
    expect(inserts(e, order(31))).toBe(1);
  });

  it('each number holds its own socket; `number` picks the number, absent = the socket own; a removed number closes its socket', async () => {
    const { e, f } = await setup();
    const r = await e.api<{ results: { id: string } }>('POST', '/whatsapp/numbers', {
      name: 'Kedua',
      kode_terminal: 2,
    });
    expect(r.status).toBe(200);
    const second = r.json.results.id;
    await e.waitFor(() => f.open().length === 2, 5_000, 'the second number connected');
    expect(f.paths).toEqual(['/feed?number=default', `/feed?number=${second}`]);
    const [primarySocket, secondSocket] = f.sockets as [WebSocket, WebSocket];
    await e.waitFor(
      async () => {
        const s = await e.h.engine.api.invoke('session:get', { number: second });
        return s.ok && s.value.state === 'open';
      },
      5_000,
      'the second number linked',
    );
    secondSocket.send(JSON.stringify({ from: RESELLER, text: order(40), id: 'ON2' }));
    primarySocket.send(JSON.stringify({ from: RESELLER, text: order(41), id: 'PICKED', number: second }));
    primarySocket.send(JSON.stringify({ from: RESELLER, text: order(42), id: 'ON1' }));
    const sessionOf = (reader as Database.Database).prepare<[string], { s: string }>(
      'SELECT session_id AS s FROM inbound_messages WHERE wa_id = ?',
    );
    await e.waitFor(() => ['ON2', 'PICKED', 'ON1'].every((id) => sessionOf.get(id)), 5_000, 'three logged');
    expect(['ON2', 'PICKED', 'ON1'].map((id) => sessionOf.get(id)?.s)).toEqual([second, second, 'default']);
    const closed = new Promise<number>((resolve) => secondSocket.once('close', (code) => resolve(code)));
    expect((await e.api('DELETE', `/whatsapp/numbers/${second}`)).status).toBe(200);
    expect(await closed).toBe(1000);
    expect(f.open()).toEqual([primarySocket]);
  });

  it('stop closes the socket and does not connect again', async () => {
    const { e, f } = await setup();
    const ws = f.one();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await e.stop();
    env = null;
    expect(await closed).toBe(1000);
    await new Promise((r) => setTimeout(r, 300));
    expect(f.sockets).toHaveLength(1);
  });
});
