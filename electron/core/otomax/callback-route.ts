import type { FastifyInstance } from 'fastify';
import { AppError } from '../kernel/errors';
import type { Logger } from '../kernel/logger';
import { send } from '../http/envelope';

export interface CallbackRouteDeps {
  /** Whether a path segment is the secret in force (kept in the keychain, rotatable with a grace period). */
  matches: (candidate: string) => Promise<boolean>;
  /** Verify an OtomaX token over the exact body bytes; false when it does not verify or no credentials are set. */
  verifyToken: (token: string, body: Buffer) => Promise<boolean>;
  /** Parse and validate the payload (throws AppError VALIDATION) and persist it; settles after the commit. */
  receive: (json: unknown, raw: string) => Promise<{ kode: string; duplicate: boolean; status: string }>;
  log: Logger;
  /** A callback was answered with an error status (metrics: 400, 401, 404, 413). */
  refused?: (status: number) => void;
}

/**
 * POST /otomax/callback/<secret>: OtomaX's outbox messages. Open route (OtomaX has no API key), guarded by the
 * unguessable path and, when OtomaX sends one, its token. Persisted before the 2xx answer.
 */
export function registerCallbackRoute(app: FastifyInstance, deps: CallbackRouteDeps): void {
  void app.register(async (scope) => {
    // The token signs the exact bytes: keep the raw body, parse JSON ourselves.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    // Every refusal, including the ones fastify answers before the handler (413 body too large). A callback-style
    // hook: an async one costs a promise and a microtask on every callback, refused or not.
    scope.addHook('onResponse', (_req, reply, done) => {
      if (reply.statusCode >= 400) deps.refused?.(reply.statusCode);
      done();
    });

    scope.post<{ Params: { secret: string }; Querystring: { token?: string } }>(
      '/otomax/callback/:secret',
      { config: { public: true } },
      async (req, reply) => {
        if (!(await deps.matches(req.params.secret))) return send(reply, 404, 'Not found', null);
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const headerToken = req.headers.token;
        const token = req.query.token ?? (Array.isArray(headerToken) ? headerToken[0] : headerToken);
        if (token !== undefined && !(await deps.verifyToken(token, raw))) {
          deps.log.warn('outbox callback with a token that does not verify: refused');
          return send(reply, 401, 'Unauthorized: token does not verify', null);
        }
        const text = raw.toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          return send(reply, 400, 'body: malformed JSON', { field: 'body' });
        }
        try {
          const result = await deps.receive(json, text);
          return send(reply, 200, result.duplicate ? 'Already received' : 'OK', result);
        } catch (e) {
          if (e instanceof AppError && e.code === 'VALIDATION') {
            return send(reply, 400, e.message, { field: e.field ?? 'body' });
          }
          throw e;
        }
      },
    );
  });
}
