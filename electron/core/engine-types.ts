import type { CommandInput, CommandName, CommandOutput, EventName, Events } from '../../shared/api';
import type { Result } from '../../shared/result';

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
