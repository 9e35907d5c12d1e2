import { describe, expect, it } from 'vitest';
import { trayMenuModel, type TrayState } from '../../../electron/app/tray-model';

const state = (forwarding: TrayState['forwarding']): TrayState => ({
  session: { sessionId: 'default', state: 'open', since: 1, phone: '6281234567890' },
  forwarding,
  autoLaunch: { supported: true, enabled: false },
});
const item = (s: TrayState, lang: 'id' | 'en') =>
  trayMenuModel(s, lang).find((i) => i.kind === 'checkbox' && i.id === 'forwarding');

describe('tray forwarding switch: the same state as the window', () => {
  it('can be flipped when the setting is the owner’s', () => {
    expect(item(state({ forwarding: false, autoReply: true }), 'id')).toMatchObject({
      label: 'Teruskan ke OtomaX',
      checked: false,
      enabled: true,
    });
  });

  it('is greyed with what fixes it when a flag or env var sets forwarding', () => {
    const locked = state({ forwarding: true, autoReply: true, forwardingLockedBy: 'OTOMAX_ENABLED' });
    expect(item(locked, 'id')).toMatchObject({
      label: 'Teruskan ke OtomaX (diatur oleh OTOMAX_ENABLED)',
      checked: true,
      enabled: false,
    });
    expect(item(locked, 'en')).toMatchObject({ label: 'Forward to OtomaX (set by OTOMAX_ENABLED)', enabled: false });
  });
});
