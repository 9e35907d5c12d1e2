import type { FastifyInstance } from 'fastify';
import { okReply } from './envelope';

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
  };
  forwarding: { forwarding: boolean; autoReply: boolean };
  /** The one at-a-glance state the window and the tray show: ok / attention / down, and why (worst first). */
  overall: { level: 'ok' | 'attention' | 'down'; problems: string[] };
}

/** GET /otomax/health: open, so a monitor (or OtomaX's operator) can check the center without the API key. */
export function registerHealthRoute(app: FastifyInstance, report: () => HealthReport): void {
  app.get('/otomax/health', { config: { public: true } }, async (_req, reply) => {
    const r = report();
    return okReply(reply, r, r.status === 'ready' ? 'OK' : r.status);
  });
}
