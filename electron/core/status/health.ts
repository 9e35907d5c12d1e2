import type { ForwardingState, KeychainState, OverallState } from '../../../shared/dto';
import type { Clock } from '../kernel/clock';
import type { SettingsService } from '../config/settings-service';
import type { HealthReport } from './health-route';
import type { OtomaxReachability } from '../otomax';
import type { WhatsAppSession } from '../whatsapp';

/**
 * What GET /otomax/health says with the API key (without it, only up/down: see openHealth). It names states,
 * never the shop's WhatsApp number or a secret.
 */
export function createHealthReport(d: {
  status: () => HealthReport['status'];
  version: string;
  host: 'electron' | 'headless';
  clock: Clock;
  databasePath: string;
  schemaVersion: number;
  keychain: KeychainState;
  session: () => WhatsAppSession;
  baileysVersion: string;
  settings: SettingsService;
  otomaxConfigured: () => boolean;
  reachability: OtomaxReachability;
  switches: () => ForwardingState;
  overall: () => OverallState;
  callback: () => HealthReport['otomax']['callback'];
}): () => HealthReport {
  const startedAt = d.clock.now();
  return () => {
    const otomax = d.reachability.snapshot();
    return {
      status: d.status(),
      version: d.version,
      host: d.host,
      uptimeMs: d.clock.now() - startedAt,
      versions: { node: process.versions.node, electron: process.versions.electron ?? null, baileys: d.baileysVersion },
      database: { path: d.databasePath, schemaVersion: d.schemaVersion },
      keychain: d.keychain,
      whatsapp: { mode: d.session().mode, state: d.session().status().state },
      otomax: {
        enabled: d.settings.get().otomaxEnabled,
        configured: d.otomaxConfigured(),
        reachable: otomax.reachable,
        lastOkAt: otomax.lastOkAt,
        lastError: otomax.lastError,
        callback: d.callback(),
      },
      forwarding: d.switches(),
      overall: (() => {
        const o = d.overall();
        return { level: o.level, problems: o.problems.map((p) => p.id) };
      })(),
    };
  };
}
