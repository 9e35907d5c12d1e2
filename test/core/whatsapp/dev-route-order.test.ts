import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Agent, request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../../electron/core/http/server';
import { systemClock } from '../../../electron/core/kernel/clock';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { registerDevWhatsappRoutes } from '../../../electron/core/whatsapp/dev-routes';
import { createSimulatedSession, type SimulatedSession } from '../../../electron/core/whatsapp/simulated-session';

const API_KEY = 'test-api-key-123';

/**
 * Issue 15: a message from a real phone has no HTTP answer, so the simulated one's answer must not go out ahead of
 * the forward that message started. The forwarder is played by its two real timings: the group commit stores the
 * message at the end of the loop turn that received it (setImmediate) and a message claimed there starts its
 * InsertInbox at once, through undici on a kept-alive connection (which writes one turn after the request).
 */
describe('POST /dev/whatsapp/incoming answers after the forward it started', () => {
  let sim: SimulatedSession;
  let app: FastifyInstance;
  let base: string;
  let otomax: Server;
  let otomaxUrl: string;
  const arrived: string[] = [];
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 1 });

  beforeEach(async () => {
    arrived.length = 0;
    otomax = createServer((req, res) => {
      arrived.push(req.url ?? '');
      req.resume();
      req.on('end', () => res.end('{"ok":true}'));
    });
    await new Promise<void>((resolve) => otomax.listen(0, '127.0.0.1', resolve));
    otomaxUrl = `http://127.0.0.1:${(otomax.address() as AddressInfo).port}`;
    sim = createSimulatedSession({ id: 'default', log: silentLogger(), clock: systemClock, pairDelayMs: 0 });
    sim.on('message', (m) => {
      setImmediate(() => {
        void request(`${otomaxUrl}/InsertInbox?m=${m.waId}`, { method: 'POST', body: m.text, dispatcher: agent }).then(
          (r) => r.body.text(),
        );
      });
    });
    await sim.start();
    sim.pairNow();
    app = createHttpServer({ log: silentLogger(), apiKey: async () => API_KEY });
    registerDevWhatsappRoutes(app, sim);
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterEach(async () => {
    await sim.stop();
    await app.close();
    await new Promise((resolve) => otomax.close(resolve));
  });

  it('the InsertInbox of a message forwarded at once is at OtomaX when the simulated message is answered', async () => {
    // The first request opens the connection to OtomaX (it waits for the connect, which the route does not wait for);
    // the messages then go on the kept-alive connection, as in a running shop.
    await (await request(`${otomaxUrl}/warm`, { method: 'POST', body: 'x', dispatcher: agent })).body.text();
    for (let i = 1; i <= 5; i++) {
      const res = await fetch(`${base}/dev/whatsapp/incoming`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ from: '6281234567890', text: `S5.08110000000${i}.1234`, id: `ORDER${i}` }),
      });
      expect(res.status).toBe(200);
      expect(arrived).toContain(`/InsertInbox?m=ORDER${i}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  });
});
