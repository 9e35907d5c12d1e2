import type { FastifyInstance } from 'fastify';
import type { Clock } from '../kernel/clock';
import type { SettingsService } from '../config/settings-service';
import type { Db } from '../db/open';
import type { EngineEvents } from '../engine-types';
import { AppError } from '../kernel/errors';
import { registerQontakRoutes } from './routes';
import { createLogger, type Logger } from '../kernel/logger';
import { createCampaignService } from './campaigns';
import { createQontakClient, type QontakClient } from './client';
import { qontakCommands } from './commands';

/** Mekari Qontak broadcasts: one client per configuration (rebuilt when the credentials change), campaigns, routes. */
export function createQontakWiring(deps: {
  db: Db;
  settings: SettingsService;
  clock: Clock;
  log: Logger;
  events: EngineEvents;
  http: FastifyInstance;
  /** How each broadcast send ended (metrics). */
  onSend?: (outcome: 'sent' | 'failed' | 'rate_limited') => void;
}) {
  const log = createLogger(deps.log, 'qontak');
  let cached: { signature: string; client: QontakClient } | null = null;
  const client = async (): Promise<QontakClient> => {
    const s = deps.settings.get();
    const secret = await deps.settings.secret('qontakClientSecret');
    if (!s.qontakClientId || !secret) {
      throw new AppError('QONTAK_NOT_CONFIGURED', 'Qontak is not configured: set the client id and client secret');
    }
    const signature = JSON.stringify([s.qontakApiUrl, s.qontakClientId, secret]);
    if (cached?.signature !== signature) {
      cached = {
        signature,
        client: createQontakClient({
          baseUrl: s.qontakApiUrl,
          clientId: s.qontakClientId,
          clientSecret: secret,
          clock: deps.clock,
          log,
        }),
      };
    }
    return cached.client;
  };
  const campaigns = createCampaignService({
    db: deps.db,
    client,
    clock: deps.clock,
    log,
    ratePerSecond: () => deps.settings.get().qontakRatePerSecond,
    onProgress: (summary) => deps.events.emit('broadcast:progress', summary),
    ...(deps.onSend ? { onSend: deps.onSend } : {}),
  });
  registerQontakRoutes(deps.http, { campaigns, client });
  return {
    commands: qontakCommands({ campaigns, client }),
    start: async () => campaigns.start(),
    stop: () => campaigns.stop(),
  };
}
