import type { FastifyInstance } from 'fastify';

/**
 * Listen on the configured host and port; the URL to reach us by (port 0 resolved, a wildcard host read as
 * loopback, IPv6 in brackets).
 */
export async function listenAndResolveUrl(http: FastifyInstance, s: { host: string; port: number }): Promise<string> {
  await http.listen({ host: s.host, port: s.port });
  const addr = http.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : s.port;
  const host = s.host === '0.0.0.0' || s.host === '::' ? '127.0.0.1' : s.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
