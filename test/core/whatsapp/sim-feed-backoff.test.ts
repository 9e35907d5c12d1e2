/**
 * The simulated feed's reconnect pace (whatsapp/sim-feed.ts): a feed server that takes each connection and drops it
 * at once must not be dialled every 100 ms forever. The delays start again only after a connection that held.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { startSimFeed, type SimFeed } from '../../../electron/core/whatsapp/sim-feed';

let feed: SimFeed | null = null;
let wss: WebSocketServer | null = null;
afterEach(async () => {
  await feed?.stop();
  feed = null;
  await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()));
  wss = null;
});

async function server(onConnection: (ws: import('ws').WebSocket) => void): Promise<string> {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss?.once('listening', () => resolve()));
  wss.on('connection', onConnection);
  return `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/feed`;
}

const noSims = { get: () => null, all: () => [] };

describe('the simulated feed dialling again', () => {
  it('a server that drops every connection at once is dialled at the growing delays, not every 100 ms', async () => {
    const at: number[] = [];
    const url = await server((ws) => {
      at.push(Date.now());
      ws.terminate();
    });
    feed = startSimFeed({ url, number: 'default', sims: noSims, log: silentLogger(), backoffMs: [100, 200, 400, 800] });
    await new Promise((r) => setTimeout(r, 1_700));
    // 0, +100, +200, +400, +800 ms: five connections in 1.7 s (the old pace, 100 ms after each, made 12 or more).
    expect(at.length).toBeGreaterThanOrEqual(4);
    expect(at.length).toBeLessThanOrEqual(6);
    const gaps = at.slice(1).map((t, i) => t - (at[i] as number));
    expect(gaps[gaps.length - 1]).toBeGreaterThanOrEqual(350);
  });
});
