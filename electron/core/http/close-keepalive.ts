import type { FastifyInstance } from 'fastify';

/**
 * Once the server is closing, a request still in flight (an OtomaX callback waiting for the fsync of its row, issue
 * 15) is answered with `Connection: close`: its keep-alive connection ends with the answer. Without it, close()
 * waited for the client to hang up (fastify closes only the connections idle at that moment), and the engine's
 * stop hung for the keep-alive timeout.
 */
export function endKeepAliveOnClose(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onSend', (_req, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
}
