import type { ForwardingState } from '../../../shared/dto';
import type { SettingKey } from '../../../shared/settings';
import type { Clock } from '../kernel/clock';
import { DEFINITIONS } from '../config/schema';
import type { SettingsService } from '../config/settings-service';
import { AppError } from '../kernel/errors';
import type { StateRepo } from '../db/state-repo';

type SwitchName = 'forwarding' | 'autoReply';

const SETTING: Record<SwitchName, SettingKey> = {
  forwarding: 'otomaxEnabled',
  autoReply: 'otomaxAutoReplyEnabled',
};

/**
 * The owner's two switches (forwarding, as in the tray, and auto-reply) ARE their settings: one state shown the
 * same in the tray, on Status and in Settings. A flip saves the setting. A setting fixed by a flag or env var
 * cannot be flipped; the state names what fixes it so every screen can say why.
 */
export function createSwitches(deps: { state: StateRepo; settings: SettingsService; clock: Clock }) {
  const { settings } = deps;
  const lockedBy = (name: SwitchName): string | undefined => {
    const key = SETTING[name];
    const src = settings.sources()[key];
    if (src === 'flag') return `--${DEFINITIONS[key].flag}`;
    if (src === 'env') return DEFINITIONS[key].env;
    return undefined;
  };
  const get = (): ForwardingState => {
    const s = settings.get();
    const fwdLock = lockedBy('forwarding');
    const autoLock = lockedBy('autoReply');
    return {
      forwarding: s.otomaxEnabled,
      autoReply: s.otomaxAutoReplyEnabled,
      ...(fwdLock ? { forwardingLockedBy: fwdLock } : {}),
      ...(autoLock ? { autoReplyLockedBy: autoLock } : {}),
    };
  };
  return {
    get,
    async set(name: SwitchName, enabled: boolean): Promise<ForwardingState> {
      const lock = lockedBy(name);
      if (lock) {
        if (get()[name] === enabled) return get();
        throw new AppError('CONFLICT', `${SETTING[name]} is set by ${lock}; change it there`, {
          field: SETTING[name],
          params: { name: lock },
        });
      }
      await settings.save({ [SETTING[name]]: enabled });
      return get();
    },
    /**
     * Before one source of truth, a flip lived beside the setting (state.forwarding / state.autoReply). Carry a
     * flip left by an older version into the setting once, so an upgrade keeps what the owner last chose.
     */
    async adoptLegacyFlips(): Promise<void> {
      for (const name of ['forwarding', 'autoReply'] as const) {
        const flipped = deps.state.get<boolean>(name);
        if (flipped === undefined) continue;
        if (!lockedBy(name) && settings.get()[SETTING[name]] !== flipped)
          await settings.save({ [SETTING[name]]: flipped });
        deps.state.delete(name);
      }
    },
  };
}

export type Switches = ReturnType<typeof createSwitches>;
