import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionStatus } from '../../../shared/dto';
import { systemClock } from '../../../electron/core/kernel/clock';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { createBaileysSession, type BaileysSession } from '../../../electron/core/whatsapp/baileys-session';
import { createBaileysSocket } from '../../../electron/core/whatsapp/baileys-socket';
import type { MakeSocketConfig, WaSocketLike } from '../../../electron/core/whatsapp/socket-port';
import { closedPortUrl, startLocalWsServer, type LocalWsServer } from '../../fakes/local-ws-server';
import { tempDb, testCipher, type TempDb } from '../../fakes/wa-test-env';

/**
 * The REAL makeWASocket against a stand-in for web.whatsapp.com on 127.0.0.1: each failure mode must close
 * with the code the spec names and lead to reconnecting on a NEW socket.
 */
describe('Baileys session over a real socket (local WebSocket server)', () => {
  let t: TempDb | undefined;
  let server: LocalWsServer | undefined;
  let session: BaileysSession | undefined;

  afterEach(async () => {
    await session?.stop();
    await server?.close();
    t?.cleanup();
    session = undefined;
    server = undefined;
  });

  function start(url: string) {
    t = tempDb();
    const made: WaSocketLike[] = [];
    const statuses: SessionStatus[] = [];
    session = createBaileysSession({
      id: 'default',
      db: t.db,
      cipher: testCipher(),
      log: silentLogger(),
      clock: systemClock,
      settings: () => ({ forwardGroups: false, forwardMedia: false, waVersion: '' }),
      makeSocket: (config: MakeSocketConfig) => {
        const s = createBaileysSocket(config);
        made.push(s);
        return s;
      },
      waWebSocketUrl: url,
      connectTimeoutMs: 300,
      backoff: { baseMs: 50, maxMs: 200 },
      random: () => 0.5,
    });
    session.on('status', (s) => statuses.push(s));
    return { made, statuses };
  }

  async function expectReconnect(url: string, code: number) {
    const { made, statuses } = start(url);
    await session?.start();
    await vi.waitFor(() => expect(made.length).toBeGreaterThanOrEqual(2), { timeout: 8_000, interval: 20 });
    const reconnecting = statuses.find((s) => s.state === 'reconnecting');
    expect(reconnecting).toMatchObject({ state: 'reconnecting', attempt: 1, code });
    expect(made[1]).not.toBe(made[0]);
  }

  it('connection refused closes with 408 and reconnects on a new socket', async () => {
    await expectReconnect(await closedPortUrl(), 408);
  });

  it('a server that closes the connection gives 428 and a reconnect', async () => {
    server = await startLocalWsServer('close');
    await expectReconnect(server.url, 428);
    await vi.waitFor(() => expect(server?.connections()).toBeGreaterThanOrEqual(2), { timeout: 8_000, interval: 20 });
  });

  it('a silent server times out with 408 after connectTimeoutMs and a reconnect', async () => {
    server = await startLocalWsServer('silent');
    const started = Date.now();
    await expectReconnect(server.url, 408);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await vi.waitFor(() => expect(server?.connections()).toBeGreaterThanOrEqual(2), { timeout: 8_000, interval: 20 });
  });
});
