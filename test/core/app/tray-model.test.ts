import { describe, expect, it } from 'vitest';
import type { OverallState, SessionStatus } from '../../../shared/dto';
import {
  numberLine,
  sessionLine,
  trayIconFile,
  trayIconVariant,
  trayMenuModel,
  trayTooltip,
  type TrayState,
} from '../../../electron/app/tray-model';

const open: SessionStatus = { sessionId: 'default', state: 'open', since: 1, phone: '6281234567890' };
const state = (over: Partial<TrayState> = {}): TrayState => ({
  session: open,
  forwarding: { forwarding: true, autoReply: true },
  autoLaunch: { supported: true, enabled: false },
  ...over,
});

describe('tray model', () => {
  it('shows the WhatsApp state and the connected number', () => {
    expect(sessionLine(open, 'id')).toBe('WhatsApp: tersambung (+6281234567890)');
    expect(sessionLine({ ...open, state: 'reconnecting' }, 'en')).toBe('WhatsApp: reconnecting…');
    expect(sessionLine(null, 'id')).toBe('WhatsApp: memuat…');
  });

  it('builds the menu: state, open, forwarding, start at login, quit', () => {
    const items = trayMenuModel(state(), 'id');
    expect(items.map((i) => (i.kind === 'separator' ? '-' : i.label))).toEqual([
      'WhatsApp: tersambung (+6281234567890)',
      '-',
      'Buka Jembatan',
      'Teruskan ke OtomaX',
      'Jalankan saat komputer menyala',
      '-',
      'Keluar',
    ]);
    expect(items[3]).toMatchObject({ kind: 'checkbox', id: 'forwarding', checked: true, enabled: true });
    expect(items[4]).toMatchObject({ kind: 'checkbox', id: 'autoLaunch', checked: false, enabled: true });
  });

  it('disables forwarding until its state is known and start-at-login in a dev build', () => {
    const items = trayMenuModel(state({ forwarding: null, autoLaunch: { supported: false, enabled: true } }), 'en');
    expect(items[3]).toMatchObject({ id: 'forwarding', checked: false, enabled: false });
    expect(items[4]).toMatchObject({
      id: 'autoLaunch',
      checked: false,
      enabled: false,
      label: 'Start at login (installed app only)',
    });
  });

  it('tooltip carries the state and fits Windows limit', () => {
    expect(trayTooltip(state(), 'id')).toBe('Jembatan · WhatsApp: tersambung (+6281234567890) · penerusan aktif');
    const long = trayTooltip(state({ session: { ...open, phone: '9'.repeat(200) } }), 'en');
    expect(long.length).toBeLessThanOrEqual(127);
  });

  it('picks the icon by state and platform', () => {
    expect(trayIconVariant(open)).toBe('on');
    expect(trayIconVariant({ ...open, state: 'qr' })).toBe('off');
    expect(trayIconVariant(null)).toBe('off');
    expect(trayIconFile('win32', 'on')).toBe('tray-on.ico');
    expect(trayIconFile('linux', 'off')).toBe('tray-off.png');
    expect(trayIconFile('darwin', 'on')).toBe('trayTemplate.png');
  });

  it('says the app is starting, forwarding not yet switchable, before the engine is ready', () => {
    const starting = state({ session: null, forwarding: { forwarding: true, autoReply: true }, starting: true });
    const items = trayMenuModel(starting, 'id');
    expect(items[0]).toEqual({ kind: 'status', label: 'Jembatan sedang dimulai…' });
    expect(items[3]).toMatchObject({ kind: 'checkbox', id: 'forwarding', enabled: false });
    expect(trayTooltip(starting, 'en')).toBe('Jembatan is starting…');
  });

  it('leads with the overall state: green only when everything works, the worst problem in words', () => {
    const down: OverallState = {
      level: 'down',
      problems: [{ source: 'state', id: 'otomax_down', level: 'down', since: 1, count: 5 }],
    };
    const s = state({ overall: down });
    // The worst problem first: Windows cuts the tooltip at 127 characters, the rest may go.
    const tip = trayTooltip(s, 'id');
    expect(tip.startsWith('Jembatan · Tidak berjalan: OtomaX tidak bisa dihubungi: 5 pesan menunggu · WhatsApp')).toBe(
      true,
    );
    expect(tip.length).toBeLessThanOrEqual(127);
    expect(trayMenuModel(s, 'en')[0]).toEqual({
      kind: 'status',
      label: 'Not working: OtomaX cannot be reached: 5 messages waiting',
    });
    // WhatsApp open is not enough for the green icon when OtomaX is gone.
    expect(trayIconVariant(open, down)).toBe('off');
    expect(trayIconVariant(open, { level: 'ok', problems: [] })).toBe('on');
  });

  it('lists each other number with its state under the primary, and nothing more while starting', () => {
    const numbers = [
      {
        id: 'default',
        name: 'Nomor utama',
        kodeTerminal: null,
        state: 'open',
        phone: '6281234567890',
        primary: true,
        fallbackId: null,
      },
      {
        id: 'wa-1',
        name: 'Cadangan',
        kodeTerminal: 2,
        state: 'open',
        phone: '6281100000001',
        primary: false,
        fallbackId: null,
      },
      { id: 'wa-2', name: 'H2H', kodeTerminal: 3, state: 'logged_out', phone: null, primary: false, fallbackId: null },
    ] as const;
    const labels = trayMenuModel(state({ numbers: [...numbers] }), 'id')
      .filter((i) => i.kind === 'status')
      .map((i) => i.label);
    expect(labels).toEqual([
      'WhatsApp: tersambung (+6281234567890)',
      'WhatsApp Cadangan: tersambung (+6281100000001)',
      'WhatsApp H2H: keluar dari perangkat',
    ]);
    expect(numberLine(numbers[2], 'en')).toBe('WhatsApp H2H: logged out');
    const starting = trayMenuModel(state({ numbers: [...numbers], starting: true }), 'id');
    expect(starting.filter((i) => i.kind === 'status').map((i) => i.label)).toEqual(['Jembatan sedang dimulai…']);
  });
});
