import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultTable } from './faults';
import { createMethods } from './methods';
import { OutboxDeliverer } from './outbox-delivery';
import { DEFAULT_APPS, DEFAULT_PRODUCTS, DEFAULT_RESELLERS, SimState, type SimReply, toReseller } from './state';
import { simCheckToken } from './token-check';
import type { OtomaxSim, OtomaxSimOptions, SimCallbackOptions, SimPushOutbox, SimRequest } from './types';

export type * from './types';

const DEFAULT_CALLBACK: SimCallbackOptions = {
  delayMs: 20,
  shape: 'outbox',
  maxTries: 5,
  retryMs: 100,
  timeoutMs: 5_000,
  numbersAsStrings: false,
  token: 'none',
};

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * A real HTTP server that behaves like OtomaX's OpenApi as far as the protocol doc knows it: token checked over
 * the raw body, `_exp` enforced, InsertInbox answered by rules, transaction results delivered to the registered
 * callback, and faults (latency, 5xx, resets, hangs, bad JSON, down/up) injectable per method.
 */
export async function startOtomaxSim(options: OtomaxSimOptions = {}): Promise<OtomaxSim> {
  const now = options.now ?? Date.now;
  const host = options.host ?? '127.0.0.1';
  const state = new SimState(options.apps ?? DEFAULT_APPS, options.products ?? DEFAULT_PRODUCTS, now);
  for (const r of options.resellers ?? DEFAULT_RESELLERS) state.resellers.set(r.kode, toReseller(r));
  let badToken = options.badToken ?? 'ok_false';
  let expGraceMs = options.expGraceMs ?? 0;
  let infoToOutbox = options.infoToOutbox ?? true;
  let cb: SimCallbackOptions = { ...DEFAULT_CALLBACK, ...options.callback };
  const onEvent = options.onEvent ?? (() => undefined);
  const faults = new FaultTable();
  const deliverer = new OutboxDeliverer({ state, options: () => cb, now, onEvent });
  const timers = new Set<NodeJS.Timeout>();
  /** Requests stopped by a `hold` fault, each waiting for release(). */
  const held = new Set<() => void>();
  let inFlight = 0;
  let maxInFlight = 0;
  let connections = 0;
  let listening = false;
  let closed = false;

  const later = (fn: () => void, ms: number) => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!closed) fn();
    }, ms);
    timers.add(t);
  };
  const pause = (ms: number) => new Promise<void>((resolve) => later(resolve, ms));
  const emitOutbox = (p: SimPushOutbox) => {
    const row = state.newOutbox(p);
    onEvent('outbox', { kode: row.kode, penerima: row.penerima });
    deliverer.schedule(row, 0);
    return row;
  };
  const methods = createMethods({
    state,
    now,
    infoToOutbox: () => infoToOutbox,
    emitOutbox,
    later: (fn) => later(fn, cb.delayMs),
    transactionResult: options.transactionResult ?? (() => ({ success: true })),
    onEvent,
    numbersAsStrings: options.numbersAsStrings ?? false,
    versi: options.versi ?? 'OtomaX OpenApi Simulator 1.0',
    setCallbackUrl(url) {
      state.callbackUrl = url;
      deliverer.flushPending();
    },
  });

  function answer(req: IncomingMessage, url: URL, method: string, raw: Buffer, entry: SimRequest): [number, SimReply] {
    const fail = (status: number, desc: string): [number, SimReply] => [status, { ok: false, desc }];
    if (req.method !== 'POST') return fail(405, 'Method Not Allowed');
    if (url.pathname.includes('//') || !Object.hasOwn(methods, method)) return fail(404, `Unknown method ${method}`);
    const fromQuery = url.searchParams.get('token');
    const fromHeader = typeof req.headers.token === 'string' ? req.headers.token : null;
    const token = fromQuery ?? fromHeader;
    entry.tokenIn = fromQuery !== null ? 'query' : fromHeader !== null ? 'header' : null;
    const check = token
      ? simCheckToken(token, raw, state.apps)
      : { ok: false as const, appId: null, reason: 'no token' };
    entry.appId = check.appId;
    entry.tokenOk = check.ok;
    if (!check.ok) {
      return badToken === 'http401'
        ? fail(401, `Unauthorized: ${check.reason}`)
        : fail(200, `Token tidak valid: ${check.reason}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return fail(200, 'JSON tidak valid');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail(200, 'Body harus objek JSON');
    const b = body as Record<string, unknown>;
    if (b._exp !== undefined) {
      const exp = typeof b._exp === 'string' ? Date.parse(b._exp) : NaN;
      if (Number.isNaN(exp)) return fail(200, '_exp tidak valid');
      if (now() > exp + expGraceMs) return fail(200, 'Request kedaluwarsa (_exp)');
    }
    const handler = methods[method] as (typeof methods)[string];
    return [200, handler(b)];
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let counted = true;
    res.on('close', () => {
      if (counted) inFlight -= 1;
      counted = false;
    });
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    const method = url.pathname.split('/').pop() ?? '';
    const fault = faults.take(method);
    const entry: SimRequest = {
      method,
      path: url.pathname,
      at: now(),
      body: '',
      tokenIn: null,
      appId: null,
      tokenOk: false,
      fault: fault?.kind ?? null,
    };
    state.requests.push(entry);
    if (fault?.kind === 'reset_before_body') {
      req.socket.destroy();
      return;
    }
    const raw = await readBody(req);
    entry.body = raw.toString('utf8');
    if (fault?.kind === 'latency') await pause(fault.ms ?? 1000);
    if (fault?.kind === 'hold') {
      await new Promise<void>((resolve) => held.add(resolve));
      if (closed) return;
    }
    if (fault?.kind === 'status') {
      const status = fault.status ?? 503;
      return sendJson(res, status, { ok: false, desc: `Simulated HTTP ${status}` });
    }
    if (fault?.kind === 'custom') {
      res.writeHead(fault.status ?? 200, { 'content-type': 'application/json' });
      res.end(fault.body ?? '');
      return;
    }
    if (fault?.kind === 'hang') return; // the socket stays open until down() or close()
    const [status, reply] = answer(req, url, method, raw, entry);
    if (fault?.kind === 'reset_after_body') {
      req.socket.destroy(); // processed (InsertInbox inserted), but the answer never leaves
      return;
    }
    if (fault?.kind === 'malformed_json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true,"result":{"kode_inbox":');
      return;
    }
    sendJson(res, status, reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  server.on('connection', () => (connections += 1));
  const port = await listen(server, host, options.port ?? 0);
  listening = true;

  const down = async () => {
    if (!listening) return;
    listening = false;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    // Give clients a moment to see their keep-alive sockets closed; otherwise their next request may go out on
    // a dead socket and fail as a reset (which a real outage can also produce) instead of a refusal.
    await new Promise((r) => setTimeout(r, 25));
  };

  const sim: OtomaxSim = {
    url: `http://${host}:${port}/`,
    port,
    inbox: state.inbox,
    outbox: state.outbox,
    callbackDeliveries: state.callbackDeliveries,
    statusUpdates: state.statusUpdates,
    requests: state.requests,
    transactions: state.transactions,
    resellers: state.resellers,
    get callbackUrl() {
      return state.callbackUrl;
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get connections() {
      return connections;
    },
    resetStats() {
      maxInFlight = inFlight;
      connections = 0;
    },
    addReseller(r) {
      const reseller = toReseller(r);
      state.resellers.set(reseller.kode, reseller);
      return reseller;
    },
    fault: (route, f) => faults.add(route, f),
    clearFaults: () => faults.clear(),
    configure(patch) {
      if (patch.badToken !== undefined) badToken = patch.badToken;
      if (patch.expGraceMs !== undefined) expGraceMs = patch.expGraceMs;
      if (patch.infoToOutbox !== undefined) infoToOutbox = patch.infoToOutbox;
      if (patch.callback) cb = { ...cb, ...patch.callback };
    },
    pushOutbox: emitOutbox,
    async waitFor(pred, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pred()) {
        if (Date.now() > deadline) throw new Error(`sim.waitFor: condition not met within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    release() {
      const n = held.size;
      for (const go of [...held]) go();
      held.clear();
      return n;
    },
    get holding() {
      return held.size;
    },
    down,
    async up() {
      if (listening || closed) return;
      await listen(server, host, port);
      listening = true;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const go of held) go();
      held.clear();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await deliverer.stop();
      await down();
    },
  };
  return sim;
}
