import { timingSafeEqual, createHash } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { ZodError } from 'zod';
import type { ErrorCode } from '../../../shared/errors';
import { AppError } from '../kernel/errors';
import type { Logger } from '../kernel/logger';
import { redactUrl } from '../kernel/logger';
import { issueOf } from '../kernel/input';
import { send } from './envelope';
import { createHostCheck } from './host-check';
import { endKeepAliveOnClose } from './close-keepalive';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Open route: no API key (health, OtomaX's callback, static UI). */
    public?: boolean;
  }
}

/** HTTP status for each expected error code. OtomaX failures are a bad gateway. */
export function statusFor(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION':
    case 'CONFIG_INVALID':
      return 400;
    case 'UNAUTHORIZED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'CONFLICT':
      return 409;
    case 'RATE_LIMITED':
      return 429;
    case 'NOT_CONNECTED':
    case 'OTOMAX_NOT_CONFIGURED':
    case 'QONTAK_NOT_CONFIGURED':
    case 'KEYCHAIN_UNAVAILABLE':
      return 503;
    default:
      if (code.startsWith('OTOMAX_') || code.startsWith('QONTAK_')) return 502;
      return 500;
  }
}

export function safeEqual(a: string, b: string): boolean {
  // Hash first so lengths never leak and timingSafeEqual gets equal-length buffers.
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

export interface HttpServerDeps {
  log: Logger;
  /** The API key in force (looked up per request, so a rotated key applies at once). */
  apiKey: () => Promise<string>;
  bodyLimit?: number;
  /** Whether a Host header names this server (host-check.ts); default: loopback names only. */
  hostAllowed?: (host: string | undefined) => boolean;
}

/**
 * The local HTTP server: one fastify instance for the REST API, OtomaX's callback, the dev routes and, in the
 * headless host, the renderer and its WebSocket. Every route needs `Authorization: Bearer <api key>` unless its
 * config says `public: true`.
 */
export function createHttpServer(deps: HttpServerDeps): FastifyInstance {
  const options: FastifyServerOptions = {
    bodyLimit: deps.bodyLimit ?? 1024 * 1024,
    // fastify's own per-request lines are noise at info level; ours (below) are at debug.
    loggerInstance: deps.log.child({ scope: 'http' }, { level: 'warn' }),
    // fastify makes a child logger per request (only its request id bound) by default: a fifth of the routing work of
    // an OtomaX callback at 1,000 a second (issue 15). Its lines are at warn and above, few: they go out without it.
    childLoggerFactory: (logger) => logger,
    return503OnClosing: true,
  };
  const app = Fastify(options);
  const hostAllowed = deps.hostAllowed ?? createHostCheck(() => ({ listenHost: '127.0.0.1', callbackBaseUrl: '' }));

  // First of all, open routes included: a page that rebinds its own name to this PC (DNS rebinding) is refused
  // before it can reach anything.
  app.addHook('onRequest', async (req, reply) => {
    if (hostAllowed(req.headers.host)) return;
    deps.log.warn(
      { scope: 'http', host: req.headers.host?.slice(0, 100) },
      'request for a Host that is not ours: refused',
    );
    return send(reply, 421, 'Misdirected request: the Host header is not an address of this server', {
      error: 'FORBIDDEN',
    });
  });

  app.addHook('onRequest', async (req, reply) => {
    if (req.routeOptions.config.public) return;
    if (!req.routeOptions.url) return; // 404s are answered by the not-found handler
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match || !safeEqual((match[1] as string).trim(), await deps.apiKey())) {
      return send(reply, 401, 'Unauthorized: send Authorization: Bearer <api key>', null);
    }
  });

  app.addHook('onResponse', async (req, reply) => {
    // Built only when it is written: the callback's URL redacted at every answer costs more than the line.
    if (!deps.log.isLevelEnabled('debug')) return;
    deps.log.debug(
      {
        scope: 'http',
        method: req.method,
        url: redactUrl(req.url),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'http',
    );
  });

  endKeepAliveOnClose(app);

  app.setNotFoundHandler((_req, reply) => send(reply, 404, 'Not found', null));

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof ZodError) {
      const { field, message } = issueOf(err, 'body');
      return send(reply, 400, message, { field });
    }
    if (err instanceof AppError) {
      const status = statusFor(err.code);
      return send(reply, status, err.message, { error: err.code, ...(err.field ? { field: err.field } : {}) });
    }
    const e = err as { statusCode?: number; code?: string; message?: string };
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      // fastify's own: bad JSON (FST_ERR_CTP_INVALID_JSON...), body too large (413), bad content type (415)
      return send(reply, e.statusCode, e.message ?? 'Bad request', { error: e.code ?? 'BAD_REQUEST' });
    }
    req.log.error({ err, url: redactUrl(req.url) }, 'unhandled error in route');
    return send(reply, 500, 'Internal error', null);
  });

  return app;
}
