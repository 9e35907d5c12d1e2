import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, errors as undiciErrors, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import {
  classifyNetworkError,
  classOfCode,
  isTimeoutError,
  NEVER_LEFT_CODES,
  networkCodes,
  type NetErrorClass,
} from '../../../electron/core/kernel/net-errors';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { classifyError } from '../../../electron/core/otomax/errors';
import { createQontakClient } from '../../../electron/core/qontak/client';
import { QontakError } from '../../../electron/core/qontak/request';

const withCode = (code: string) => Object.assign(new Error(code), { code });

/**
 * Every code the classifier knows, with its class. The connect-phase codes are what getaddrinfo and connect(2)
 * raise through Node (see Node's "Common system errors" and libuv's errno map) and what undici raises as
 * ConnectTimeoutError; the rest happen after the request may have been written.
 */
const TABLE: [string, NetErrorClass][] = [
  ['ECONNREFUSED', 'never-left'],
  ['ENOTFOUND', 'never-left'],
  ['EAI_AGAIN', 'never-left'],
  ['EAI_FAIL', 'never-left'],
  ['EAI_NONAME', 'never-left'],
  ['EHOSTUNREACH', 'never-left'],
  ['EHOSTDOWN', 'never-left'],
  ['ENETUNREACH', 'never-left'],
  ['ENETDOWN', 'never-left'],
  ['EADDRNOTAVAIL', 'never-left'],
  ['UND_ERR_CONNECT_TIMEOUT', 'never-left'],
  ['ECONNRESET', 'maybe-arrived'],
  ['EPIPE', 'maybe-arrived'],
  ['ETIMEDOUT', 'maybe-arrived'],
  ['ECONNABORTED', 'maybe-arrived'],
  ['UND_ERR_SOCKET', 'maybe-arrived'],
  ['UND_ERR_HEADERS_TIMEOUT', 'maybe-arrived'],
  ['UND_ERR_BODY_TIMEOUT', 'maybe-arrived'],
  ['UND_ERR_ABORTED', 'maybe-arrived'],
  ['UND_ERR_CLOSED', 'maybe-arrived'],
  ['UND_ERR_DESTROYED', 'maybe-arrived'],
  ['UND_ERR_INFO', 'maybe-arrived'],
  ['ABORT_ERR', 'maybe-arrived'],
  ['HPE_INVALID_CONSTANT', 'maybe-arrived'],
  ['SOMETHING_NEW', 'maybe-arrived'],
];

describe('one network classifier: did the request leave this machine?', () => {
  const servers: Server[] = [];
  const agents: Agent[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
    await Promise.all(agents.splice(0).map((a) => a.close()));
  });

  async function listen(handler: (req: IncomingMessage) => void): Promise<string> {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('classes every code in the table, and the never-left list is exactly the table', () => {
    for (const [code, klass] of TABLE) {
      expect(classOfCode(code), code).toBe(klass);
      expect(classifyNetworkError(withCode(code)), code).toBe(klass);
    }
    const neverLeft = TABLE.filter(([, k]) => k === 'never-left').map(([c]) => c);
    expect([...NEVER_LEFT_CODES].sort()).toEqual(neverLeft.sort());
  });

  it('the undici codes in the table are the ones undici really sets', () => {
    expect(new undiciErrors.ConnectTimeoutError().code).toBe('UND_ERR_CONNECT_TIMEOUT');
    expect(new undiciErrors.HeadersTimeoutError().code).toBe('UND_ERR_HEADERS_TIMEOUT');
    expect(new undiciErrors.BodyTimeoutError().code).toBe('UND_ERR_BODY_TIMEOUT');
    expect(new undiciErrors.SocketError('other side closed').code).toBe('UND_ERR_SOCKET');
    expect(new undiciErrors.RequestAbortedError().code).toBe('UND_ERR_ABORTED');
    expect(classifyNetworkError(new undiciErrors.ConnectTimeoutError())).toBe('never-left');
    expect(classifyNetworkError(new undiciErrors.SocketError('other side closed'))).toBe('maybe-arrived');
    expect(isTimeoutError(new undiciErrors.HeadersTimeoutError())).toBe(true);
  });

  it('looks into cause chains and AggregateError (happy eyeballs), bounded', () => {
    const fetchFailed = new TypeError('fetch failed', { cause: withCode('ENOTFOUND') });
    expect(classifyNetworkError(fetchFailed)).toBe('never-left');
    const agg = new AggregateError([withCode('ECONNREFUSED'), withCode('EHOSTUNREACH')], 'connect failed');
    expect(classifyNetworkError(agg)).toBe('never-left');
    expect(classifyNetworkError('a string')).toBe('maybe-arrived');
    expect(classifyNetworkError(null)).toBe('maybe-arrived');
    let deep: Error = withCode('ECONNREFUSED');
    for (let i = 0; i < 10; i++) deep = new Error('wrap', { cause: deep });
    expect(networkCodes(deep)).toEqual([]);
    expect(classifyNetworkError(deep)).toBe('maybe-arrived');
  });

  it('a real refused connection on loopback is never-left', async () => {
    const url = await listen(() => undefined);
    await new Promise<void>((r) => servers.pop()!.close(() => r()));
    const e = await request(url).then(
      () => null,
      (err: unknown) => err,
    );
    expect(networkCodes(e)).toContain('ECONNREFUSED');
    expect(classifyNetworkError(e)).toBe('never-left');
  });

  it('a real connection dropped after the request arrived is maybe-arrived', async () => {
    let arrived = 0;
    const url = await listen((req) => {
      arrived++;
      req.socket.destroy();
    });
    const e = await request(url, { method: 'POST', body: '{}' }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(arrived).toBe(1);
    expect(e).not.toBeNull();
    expect(classifyNetworkError(e)).toBe('maybe-arrived');
  });

  it('a real headers timeout after the request arrived is a maybe-arrived timeout', async () => {
    const url = await listen(() => undefined);
    const agent = new Agent({ headersTimeout: 100 });
    agents.push(agent);
    const e = await request(url, { dispatcher: agent }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(classifyNetworkError(e)).toBe('maybe-arrived');
    expect(isTimeoutError(e)).toBe(true);
  });

  // The decision: qontak/request.ts knew 6 of these codes and otomax/errors.ts 11. The five only OtomaX knew
  // (EAI_FAIL, EAI_NONAME, EHOSTDOWN, ENETDOWN, EADDRNOTAVAIL) are raised by getaddrinfo or connect(2), before a
  // byte is written, so both callers now class them never-left; Qontak used to call them "maybe processed".
  it('OtomaX and Qontak agree on every code, raised through a real undici connect', async () => {
    // undici retries a connect that fails with UND_ERR_SOCKET or UND_ERR_INFO (it treats them as recoverable),
    // so those two are raised by a live socket only (covered by the dropped-connection test above).
    for (const [code, klass] of TABLE.filter(([c]) => c !== 'UND_ERR_SOCKET' && c !== 'UND_ERR_INFO')) {
      const agent = new Agent({ connect: (_opts, cb) => cb(withCode(code), null) });
      agents.push(agent);
      const thrown = await request('http://127.0.0.1:9/', { dispatcher: agent }).then(
        () => null,
        (err: unknown) => err,
      );
      expect(classifyNetworkError(thrown), code).toBe(klass);
      if (
        !code.startsWith('HPE_') &&
        !['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT'].includes(code)
      ) {
        expect(classifyError(thrown).klass, code).toBe(klass === 'never-left' ? 'unreachable' : 'ambiguous');
      }
      const qontak = createQontakClient({
        baseUrl: 'http://127.0.0.1:9',
        clientId: 'id',
        clientSecret: 'secret',
        clock: { now: () => Date.now() },
        log: silentLogger(),
        dispatcher: agent,
      });
      const e = await qontak.listTemplates().then(
        () => null,
        (err: unknown) => err,
      );
      expect(e, code).toBeInstanceOf(QontakError);
      expect((e as QontakError).maybeProcessed, code).toBe(klass === 'maybe-arrived');
    }
  }, 10_000);
});
