/**
 * The bench's WhatsApp server: a WebSocket server in the bench process on 127.0.0.1 (port 0) that the engine child's
 * simulated number connects to (--whatsapp-sim-feed, electron/core/whatsapp/sim-feed.ts). Messages come over that one
 * long-lived socket as WhatsApp's server pushes them to Baileys: one JSON frame a message, no answer per message.
 * Before, each message was an HTTP POST to /dev/whatsapp/incoming waiting for its 200, and fastify's per-request work
 * (parse, zod, reply, socket writes) was about a quarter of the engine's CPU per message: the stand-in's cost, not
 * the product's.
 */
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

export interface WhatsAppFeed {
  /** What the engine is started with: --whatsapp-sim-feed=<url>. */
  url: string;
  /** The engine's number connected (resolves at once when it already is). */
  connected(timeoutMs: number): Promise<void>;
  /** One message, one frame (the dev route's body shape); throws when the engine is not connected. */
  send(message: Record<string, unknown>): void;
  /** Error frames the engine answered (a bad message); the bench expects none. */
  errors: string[];
  close(): Promise<void>;
}

export async function startWhatsAppFeed(): Promise<WhatsAppFeed> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  let engine: WebSocket | null = null;
  const waiting: (() => void)[] = [];
  const errors: string[] = [];
  wss.on('connection', (ws) => {
    engine = ws;
    ws.on('message', (d) => errors.push(d.toString()));
    ws.on('close', () => {
      if (engine === ws) engine = null;
    });
    for (const w of waiting.splice(0)) w();
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/whatsapp`,
    connected: (timeoutMs) =>
      engine
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error(`bench: the engine did not connect to the feed in ${timeoutMs} ms`)),
              timeoutMs,
            );
            waiting.push(() => {
              clearTimeout(timer);
              resolve();
            });
          }),
    send(message) {
      const ws: WebSocket | null = engine;
      if (!ws || ws.readyState !== WebSocket.OPEN) throw new Error('bench: the engine is not connected to the feed');
      ws.send(JSON.stringify(message));
    },
    errors,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}
