import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { z } from 'zod';
import { EVENT_NAMES, isCommandName, type WireFrame } from '../../../shared/api';
import { fail, type Result } from '../../../shared/result';
import type { EngineApi, EngineEvents } from '../engine-types';
import type { Logger } from '../kernel/logger';
import { issueOf } from '../kernel/input';
import { send } from './envelope';
import { sameOrigin } from './host-check';
import { safeEqual } from './server';

export interface UiBridgeDeps {
  api: EngineApi;
  events: EngineEvents;
  /** The per-run token the headless URL carries as `?token=`. */
  token: string;
  /** The built renderer (out/renderer): index.html + assets/. */
  rendererDir: string;
  log: Logger;
  /** Largest frame accepted from the window (a broadcast's recipients travel in one call). */
  maxPayloadBytes?: number;
  /** A socket whose unsent data grows past this is closed: the window reconnects and reloads its state. */
  maxBufferedBytes?: number;
  /** Calls one socket may have in flight at once. */
  maxInFlight?: number;
}

export const UI_WS_PATH = '/ui/ws';
export const UI_TOKEN_PATH = '/ui/token';
/** Close code for a socket that fell too far behind (the window reconnects). */
export const CLOSE_TOO_SLOW = 4408;

const callFrame = z.object({
  t: z.literal('call'),
  id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  name: z.string().max(64),
  // Commands without input (void) arrive without the key: JSON drops undefined.
  input: z.unknown().optional(),
});

// Same policy as the <meta> in renderer/index.html, sent as a header too so it holds for every response.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The headless host's window: the built renderer at `/` and the api contract over a WebSocket at /ui/ws.
 * Both are public routes (no API key); the socket instead needs the per-run `?token=` or the upgrade is refused
 * with 401 before any byte of the contract is sent, and a browser's upgrade from another Origin is refused with 403.
 */
export function registerUiBridge(app: FastifyInstance, deps: UiBridgeDeps): void {
  app.register(async (scope) => {
    await scope.register(fastifyWebsocket, { options: { maxPayload: deps.maxPayloadBytes ?? 16 * 1024 * 1024 } });
    registerStatic(scope, deps);
    scope.get(
      UI_WS_PATH,
      { websocket: true, config: { public: true }, preValidation: (req, reply) => checkToken(req, reply, deps.token) },
      (socket) => serveSocket(socket, deps),
    );
    // An open window whose socket keeps failing asks here: a host restarted with another key must say so, since a
    // browser cannot read the 401 of a refused WebSocket upgrade.
    scope.get(
      UI_TOKEN_PATH,
      { config: { public: true }, preValidation: (req, reply) => checkToken(req, reply, deps.token) },
      async (_req, reply) => reply.code(204).header('cache-control', 'no-store').send(),
    );
  });
}

async function checkToken(req: FastifyRequest, reply: FastifyReply, expected: string): Promise<void> {
  // A page from another origin in the owner's browser may not drive the window's socket, token or not.
  if (!sameOrigin(req.headers.origin, req.headers.host)) {
    await send(reply, 403, 'Forbidden: the window connects only from its own page', { error: 'FORBIDDEN' });
    return;
  }
  const token = (req.query as Record<string, unknown> | undefined)?.token;
  if (typeof token !== 'string' || !safeEqual(token, expected)) {
    await send(reply, 401, 'Unauthorized: open the address Jembatan printed at start (it carries ?token=)', null);
  }
}

function registerStatic(scope: FastifyInstance, deps: UiBridgeDeps): void {
  const index = join(deps.rendererDir, 'index.html');
  const sendIndex = async (_req: FastifyRequest, reply: FastifyReply) => {
    securityHeaders(reply).header('cache-control', 'no-store');
    if (!existsSync(index)) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The window is not built yet: run `npm run build:renderer`.');
    }
    return reply.sendFile('index.html', deps.rendererDir, { cacheControl: false });
  };
  if (existsSync(deps.rendererDir)) {
    scope.register(fastifyStatic, { root: deps.rendererDir, serve: false });
  } else {
    deps.log.warn('renderer folder missing; the window is not built');
  }
  scope.get('/', { config: { public: true } }, sendIndex);
  scope.get('/index.html', { config: { public: true } }, sendIndex);
  scope.get<{ Params: { '*': string } }>('/assets/*', { config: { public: true } }, async (req, reply) => {
    securityHeaders(reply);
    if (!existsSync(deps.rendererDir)) return send(reply, 404, 'Not found', null);
    // Vite names every asset by its content hash, so it may be cached for good.
    return reply.sendFile(req.params['*'], join(deps.rendererDir, 'assets'), { maxAge: '365d', immutable: true });
  });
}

function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CSP)
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY');
}

function serveSocket(socket: WebSocket, deps: UiBridgeDeps): void {
  const { api, events, log } = deps;
  const maxBuffered = deps.maxBufferedBytes ?? 32 * 1024 * 1024;
  const maxInFlight = deps.maxInFlight ?? 64;
  let inFlight = 0;
  let open = true;

  const write = (frame: WireFrame): void => {
    if (!open || socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > maxBuffered) {
      log.warn({ buffered: socket.bufferedAmount }, 'window socket too slow; closing it');
      socket.close(CLOSE_TOO_SLOW, 'too slow');
      return;
    }
    socket.send(JSON.stringify(frame));
  };
  const answer = (id: number, result: Result<unknown>) => write({ t: 'result', id, result });

  const unsubscribe = EVENT_NAMES.map((name) => events.on(name, (payload) => write({ t: 'event', name, payload })));

  const cleanup = () => {
    if (!open) return;
    open = false;
    for (const off of unsubscribe) off();
  };
  socket.on('close', cleanup);
  socket.on('error', (err) => {
    log.debug({ err }, 'window socket error');
    cleanup();
  });

  socket.on('message', (data: RawData, isBinary: boolean) => {
    const frame = parseFrame(data, isBinary);
    if (!frame.ok) return answer(frame.id, fail('VALIDATION', frame.message));
    const { id, name, input } = frame;
    if (!isCommandName(name)) return answer(id, fail('NOT_FOUND', `unknown command ${name}`));
    if (inFlight >= maxInFlight) return answer(id, fail('RATE_LIMITED', 'too many commands at once; try again'));
    inFlight += 1;
    api
      .invoke(name, input as never)
      .catch((err: unknown): Result<unknown> => {
        // The dispatcher turns failures into Results; reaching here is a bug, not an answer for the window.
        log.error({ err, command: name }, 'command threw through the dispatcher');
        return fail('INTERNAL', 'internal error (see the log)');
      })
      .then((result) => {
        inFlight -= 1;
        answer(id, result);
      });
  });

  write({ t: 'ready' });
}

type ParsedFrame = { ok: true; id: number; name: string; input: unknown } | { ok: false; id: number; message: string };

function parseFrame(data: RawData, isBinary: boolean): ParsedFrame {
  if (isBinary) return { ok: false, id: -1, message: 'expected a JSON text frame' };
  let json: unknown;
  try {
    json = JSON.parse(rawToString(data));
  } catch {
    return { ok: false, id: -1, message: 'expected a JSON text frame' };
  }
  const parsed = callFrame.safeParse(json);
  if (parsed.success) return { ok: true, id: parsed.data.id, name: parsed.data.name, input: parsed.data.input };
  // Echo the id when there is a usable one, so the caller's pending call ends instead of timing out.
  const rawId = (json as { id?: unknown } | null)?.id;
  const id = typeof rawId === 'number' && Number.isSafeInteger(rawId) && rawId > 0 ? rawId : -1;
  return { ok: false, id, message: `bad frame: ${issueOf(parsed.error, 'frame').message}` };
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
