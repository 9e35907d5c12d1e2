import type { FastifyInstance, FastifyRequest } from 'fastify';
import { okReply } from '../http/envelope';
import { safeEqual } from '../http/server';

export interface HealthReport {
  status: 'starting' | 'ready' | 'stopping';
  version: string;
  host: 'electron' | 'headless';
  uptimeMs: number;
  versions: { node: string; electron: string | null; baileys: string };
  database: { path: string; schemaVersion: number };
  keychain: { available: boolean; reason?: string };
  whatsapp: { mode: string; state: string };
  otomax: {
    enabled: boolean;
    configured: boolean;
    reachable: boolean | null;
    lastOkAt: number | null;
    lastError: string | null;
    /** Whether OtomaX's outbox callback is ours (see callback-check.ts). */
    callback: { state: 'unknown' | 'ours' | 'other' | 'none'; checkedAt: number | null };
  };
  forwarding: { forwarding: boolean; autoReply: boolean };
  /** The one at-a-glance state the window and the tray show: ok / attention / down, and why (worst first). */
  overall: { level: 'ok' | 'attention' | 'down'; problems: string[] };
}

type Part = 'up' | 'down' | 'unknown' | 'off';

/** What anyone may read: whether each part is up, nothing else (no paths, versions, error texts or numbers). */
export interface OpenHealth {
  status: HealthReport['status'];
  parts: { whatsapp: Part; otomax: Part; callback: Part; keychain: Part };
}

export function openHealth(r: HealthReport): OpenHealth {
  const otomaxOn = r.otomax.enabled && r.otomax.configured;
  const cb = r.otomax.callback.state;
  return {
    status: r.status,
    parts: {
      whatsapp: r.whatsapp.state === 'open' ? 'up' : 'down',
      otomax: !otomaxOn ? 'off' : r.otomax.reachable === null ? 'unknown' : r.otomax.reachable ? 'up' : 'down',
      callback: !otomaxOn ? 'off' : cb === 'ours' ? 'up' : cb === 'unknown' ? 'unknown' : 'down',
      keychain: r.keychain.available ? 'up' : 'down',
    },
  };
}

async function hasApiKey(req: FastifyRequest, apiKey: () => Promise<string>): Promise<boolean> {
  const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return match !== null && safeEqual((match[1] as string).trim(), await apiKey());
}

/**
 * GET /otomax/health: open, so a monitor (or OtomaX's operator) can check the center without the API key; it then
 * says only whether things are up. With `Authorization: Bearer <api key>` it gives the full report.
 */
export function registerHealthRoute(
  app: FastifyInstance,
  report: () => HealthReport,
  apiKey: () => Promise<string>,
): void {
  app.get('/otomax/health', { config: { public: true } }, async (req, reply) => {
    const r = report();
    const message = r.status === 'ready' ? 'OK' : r.status;
    return okReply(reply, (await hasApiKey(req, apiKey)) ? r : openHealth(r), message);
  });
}
