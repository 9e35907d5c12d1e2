import { createServer } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface LocalWsServer {
  url: string;
  /** WebSocket connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * A stand-in for web.whatsapp.com on 127.0.0.1: 'close' drops every connection as soon as the first frame
 * (Baileys' client hello) arrives, 'silent' accepts and never answers.
 */
export async function startLocalWsServer(mode: 'close' | 'silent'): Promise<LocalWsServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const sockets = new Set<WebSocket>();
  let count = 0;
  wss.on('connection', (ws) => {
    count += 1;
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    if (mode === 'close') ws.once('message', () => ws.close(1000));
  });
  const address = wss.address();
  if (!address || typeof address === 'string') throw new Error('unexpected server address');
  return {
    url: `ws://127.0.0.1:${address.port}`,
    connections: () => count,
    close: async () => {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** A ws:// URL on a port nobody listens on (connection refused). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `ws://127.0.0.1:${address.port}`;
}
