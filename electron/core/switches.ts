import type { ForwardingState } from '../../shared/dto';
import type { Settings } from '../../shared/settings';
import type { Clock } from './clock';
import type { StateRepo } from './state-repo';

type SwitchName = keyof ForwardingState;

/**
 * The owner's two switches (forwarding, as in the tray, and auto-reply). A flip wins over the configured value
 * until that setting is saved again. Read on every message, so kept in memory and written through.
 */
export function createSwitches(state: StateRepo, settings: () => Settings, clock: Clock) {
  const flipped: Partial<Record<SwitchName, boolean>> = {};
  for (const name of ['forwarding', 'autoReply'] as const) {
    const saved = state.get<boolean>(name);
    if (saved !== undefined) flipped[name] = saved;
  }
  const get = (): ForwardingState => ({
    forwarding: flipped.forwarding ?? settings().otomaxEnabled,
    autoReply: flipped.autoReply ?? settings().otomaxAutoReplyEnabled,
  });
  return {
    get,
    set(name: SwitchName, enabled: boolean): ForwardingState {
      state.set(name, enabled, clock.now());
      flipped[name] = enabled;
      return get();
    },
    /** The setting behind a switch was saved: it is the switch again. */
    reset(name: SwitchName): void {
      state.delete(name);
      delete flipped[name];
    },
  };
}
