import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createHttpServer } from '../../../electron/core/http/server';
import { createRootLogger, type Logger } from '../../../electron/core/kernel/logger';

let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

/** A logger writing JSON lines into `lines`, counting every child logger made from it or its children. */
function countingLogger(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  const counter = { children: 0 };
  const log = createRootLogger({ level, destination: out, stdout: false });
  // Children inherit this from the root (pino makes a child with Object.create), so every child made is counted.
  const child = log.child;
  log.child = function (this: Logger, ...args: Parameters<Logger['child']>) {
    counter.children++;
    return child.apply(this, args);
  } as Logger['child'];
  return { log, lines, counter };
}

describe('the HTTP server: work per request (issue 15: OtomaX callbacks at 1,000 a second)', () => {
  it('makes no logger per request, and still logs an unhandled error with the URL redacted', async () => {
    const { log, lines, counter } = countingLogger();
    app = createHttpServer({ log, apiKey: async () => 'k' });
    app.post('/otomax/callback/:secret', { config: { public: true } }, async () => ({ ok: true }));
    app.get('/boom/callback/:secret', { config: { public: true } }, async () => {
      throw new Error('kaboom');
    });
    await app.ready();
    const before = counter.children;
    for (let i = 0; i < 20; i++) {
      const r = await app.inject({ method: 'POST', url: '/otomax/callback/s3cret', payload: { i } });
      expect(r.statusCode).toBe(200);
    }
    // fastify's default made one child logger per request (20 here).
    expect(counter.children - before).toBe(0);

    const r = await app.inject({ method: 'GET', url: '/boom/callback/s3cret' });
    expect(r.statusCode).toBe(500);
    const line = lines.find((l) => l.msg === 'unhandled error in route');
    expect(line).toMatchObject({ url: '/boom/callback/[redacted]', scope: 'http' });
    expect(JSON.stringify(lines)).not.toContain('s3cret');
  });

  it('writes its debug line per request only when debug is on', async () => {
    const quiet = countingLogger('info');
    app = createHttpServer({ log: quiet.log, apiKey: async () => 'k' });
    app.get('/x/callback/:secret', { config: { public: true } }, async () => ({ ok: true }));
    expect((await app.inject({ method: 'GET', url: '/x/callback/s3cret' })).statusCode).toBe(200);
    expect(quiet.lines.filter((l) => l.msg === 'http')).toHaveLength(0);
    await app.close();

    const loud = countingLogger('debug');
    app = createHttpServer({ log: loud.log, apiKey: async () => 'k' });
    app.get('/x/callback/:secret', { config: { public: true } }, async () => ({ ok: true }));
    expect((await app.inject({ method: 'GET', url: '/x/callback/s3cret' })).statusCode).toBe(200);
    await new Promise((r) => setImmediate(r));
    expect(loud.lines.filter((l) => l.msg === 'http')).toEqual([
      expect.objectContaining({ url: '/x/callback/[redacted]', status: 200, method: 'GET' }),
    ]);
  });
});
