import type { CommandInput, CommandName, CommandOutput, EventName, Events } from '../../shared/api';
import type { Result } from '../../shared/result';
import type { FastifyInstance } from 'fastify';
import type { SettingsService } from './config/settings-service';
import type { ClosableGroupCommit } from './db/durable';
import type { Db } from './db/open';
import type { Clock } from './kernel/clock';
import type { Logger } from './kernel/logger';
import type { Metrics } from './kernel/metrics';

export type CommandHandler<C extends CommandName> = (input: CommandInput<C>) => Promise<CommandOutput<C>>;

/** How hosts reach the engine: the same object behind Electron IPC and the headless WebSocket. */
export interface EngineApi {
  invoke<C extends CommandName>(name: C, input: CommandInput<C>): Promise<Result<CommandOutput<C>>>;
}

export interface EngineEvents {
  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void;
  emit<E extends EventName>(name: E, payload: Events[E]): void;
  /** Someone (a window, the tray) listens: worth building the payload. */
  listening(name: EventName): boolean;
}

/**
 * What every feature entry is given: the kernel (clock, root logger, events), the database, the settings, the
 * HTTP server to register its routes on, and the metrics registry it counts into.
 */
export interface CoreContext {
  clock: Clock;
  /** The root logger: a feature takes its own scope with createLogger(log, scope). */
  log: Logger;
  db: Db;
  settings: SettingsService;
  events: EngineEvents;
  http: FastifyInstance;
  metrics: Metrics;
  /**
   * The one group commit on this connection (db/durable.ts): the callbacks, the forwarding marks and the send
   * queue's marks of one loop turn share one synced transaction (issue 15).
   */
  commits: ClosableGroupCommit;
}
