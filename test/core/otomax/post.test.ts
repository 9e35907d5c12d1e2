/**
 * The client's POST goes through undici's dispatch directly (issue 15: request()'s response stream and handler were
 * about a third of a call's CPU). What request() gave must still hold: the status and the body text (a BOM from a
 * .NET server dropped), the path with its query as given, undici's own errors, and an abort that ends the call at
 * once and keeps a request still waiting for its connection from ever leaving.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { postJson, splitUrl } from '../../../electron/core/otomax/post';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Seen {
  url: string;
  contentType: string | undefined;
  body: string;
}

async function server(answer: (req: IncomingMessage, res: ServerResponse, seen: Seen) => void) {
  const seen: Seen[] = [];
  const s: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const one = {
        url: req.url ?? '',
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks).toString(),
      };
      seen.push(one);
      answer(req, res, one);
    });
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  cleanups.push(() => {
    s.closeAllConnections();
    return new Promise<void>((r) => s.close(() => r()));
  });
  return { origin: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, seen };
}

function agent(connections?: number): Agent {
  const a = new Agent(connections ? { connections } : {});
  cleanups.push(() => a.destroy());
  return a;
}

describe('postJson', () => {
  it('sends the JSON body to the path with its query, and gives the status and the text (BOM dropped)', async () => {
    const s = await server((_req, res) => {
      res.statusCode = 503;
      res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"ok":false,"desc":"Sibuk é"}')]));
    });
    const body = Buffer.from('{"pesan":"S5.1"}');
    const r = await postJson(agent(), s.origin, '/api/InsertInbox?token=a.b', body).answer;
    expect(r).toEqual({ statusCode: 503, text: '{"ok":false,"desc":"Sibuk é"}' });
    expect(s.seen).toEqual([
      { url: '/api/InsertInbox?token=a.b', contentType: 'application/json', body: '{"pesan":"S5.1"}' },
    ]);
  });

  it('a large answer in many chunks is put together whole', async () => {
    const big = JSON.stringify({ ok: true, result: { pesan: 'x'.repeat(200_000) } });
    const s = await server((_req, res) => {
      for (let i = 0; i < big.length; i += 1000) res.write(big.slice(i, i + 1000));
      res.end();
    });
    const r = await postJson(agent(), s.origin, '/Test', Buffer.from('{}')).answer;
    expect(r.text).toBe(big);
  });

  it('a refused connection rejects with undici’s own error (its code names it)', async () => {
    const s = await server((_req, res) => res.end('{}'));
    const port = Number(new URL(s.origin).port);
    cleanups.splice(0).forEach((c) => void c());
    await new Promise((r) => setTimeout(r, 50));
    const err = await postJson(agent(), `http://127.0.0.1:${port}`, '/Test', Buffer.from('{}')).answer.catch(
      (e: unknown) => e,
    );
    expect(JSON.stringify(err, Object.getOwnPropertyNames(err)) + String(err)).toMatch(/ECONNREFUSED/);
  });

  it('abort ends a call at once with its reason; a call still waiting for its connection never leaves', async () => {
    const held: ServerResponse[] = [];
    const s = await server((_req, res) => held.push(res));
    const a = agent(1);
    const first = postJson(a, s.origin, '/InsertInbox?token=1', Buffer.from('{"n":1}'));
    const until = Date.now() + 5_000;
    while (s.seen.length < 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    // One connection, busy with the first: the second waits for it.
    const second = postJson(a, s.origin, '/InsertInbox?token=2', Buffer.from('{"n":2}'));
    const reason = new Error('no answer within 5 ms');
    second.abort(reason);
    await expect(second.answer).rejects.toBe(reason);
    const cut = new Error('closed');
    first.abort(cut);
    await expect(first.answer).rejects.toBe(cut);
    held.forEach((r) => r.end('{}'));
    await new Promise((r) => setTimeout(r, 200));
    expect(s.seen.map((x) => x.url)).toEqual(['/InsertInbox?token=1']);
  });
});

describe('splitUrl', () => {
  it('origin and path with query, a base with a path prefix kept', () => {
    expect(splitUrl('http://10.0.0.5:5000/api/InsertInbox')).toEqual({
      origin: 'http://10.0.0.5:5000',
      path: '/api/InsertInbox',
    });
    expect(splitUrl('https://otomax.example/InsertInbox')).toEqual({
      origin: 'https://otomax.example',
      path: '/InsertInbox',
    });
  });
});
