import { describe, expect, it, vi } from 'vitest';
import type { SessionStatus } from '../../../shared/dto';
import type { BaileysSession, BaileysSessionDeps } from '../../../electron/core/whatsapp/baileys-session';
import { createEmitter } from '../../../electron/core/whatsapp/emitter';
import { createLazyBaileysSession } from '../../../electron/core/whatsapp/lazy-baileys-session';
import type { SessionEvents } from '../../../electron/core/whatsapp/session-port';
import { createWhatsAppWiring } from '../../../electron/core/whatsapp/wiring';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { openDatabase } from '../../../electron/core/db/open';
import type { SettingsService } from '../../../electron/core/config/settings-service';
import { tempDir } from '../../helpers/tmp';

// Records whether anything imported the Baileys session module (and Baileys with it).
const imported = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../electron/core/whatsapp/baileys-session', async (original) => {
  imported.count++;
  return original();
});

const clock = { now: () => 1_000 };

/** A stand-in for the real session: its status and events, and what was called. */
function fakeSession(id: string) {
  const events = createEmitter<SessionEvents>(silentLogger());
  const calls: string[] = [];
  let status: SessionStatus = { sessionId: id, state: 'idle', since: 1_000 };
  const session = {
    id,
    mode: 'baileys',
    status: () => status,
    isConnected: () => status.state === 'open',
    start: () => {
      calls.push('start');
      status = { sessionId: id, state: 'open', since: 2_000 };
      events.emit('status', status);
      return Promise.resolve();
    },
    stop: () => {
      calls.push('stop');
      return Promise.resolve();
    },
    startPairing: () => Promise.resolve(status),
    logout: () => Promise.resolve(),
    markRead: () => Promise.resolve(),
    sendText: () => Promise.resolve({ waId: 'W1' }),
    on: events.on,
    idle: () => Promise.resolve(),
  } as unknown as BaileysSession;
  return { session, calls, emit: events.emit };
}

describe('the Baileys session loads only when a real WhatsApp session starts', () => {
  it('until then it is idle and not connected; stop() does not load it; start() loads it once', async () => {
    const fake = fakeSession('n1');
    const load = vi.fn(() => Promise.resolve({ createBaileysSession: () => fake.session }));
    const lazy = createLazyBaileysSession({ id: 'n1', clock } as unknown as BaileysSessionDeps, load);
    expect(lazy.status()).toEqual({ sessionId: 'n1', state: 'idle', since: 1_000 });
    expect(lazy.isConnected()).toBe(false);
    await lazy.stop();
    expect(load).not.toHaveBeenCalled();

    const seen: string[] = [];
    lazy.on('status', (s) => seen.push(s.state));
    const gone: string[] = [];
    const off = lazy.on('status', (s) => gone.push(s.state));
    off();
    await Promise.all([lazy.start(), lazy.startPairing({ mode: 'qr' })]);
    expect(load).toHaveBeenCalledTimes(1);
    expect(lazy.loaded()).toBe(true);
    expect(seen).toEqual(['open']);
    expect(gone).toEqual([]);
    expect(lazy.isConnected()).toBe(true);
    await lazy.stop();
    expect(fake.calls).toEqual(['start', 'stop']);
  });

  it('the WhatsApp wiring in Baileys mode does not import the session module until start', async () => {
    const t = tempDir();
    const db = openDatabase(`${t.dir}/j.db`);
    try {
      const wiring = createWhatsAppWiring({
        sessionId: 'primary',
        mode: 'baileys',
        db,
        secrets: null,
        dataKeyFromEnv: undefined,
        settings: { get: () => ({ sendRatePerSecond: 1, replyLimitPerMinute: 10 }) } as unknown as SettingsService,
        clock,
        log: silentLogger(),
        options: {},
      });
      expect(wiring.session().status().state).toBe('idle');
      expect(imported.count).toBe(0);
      await wiring.session().stop();
      expect(imported.count).toBe(0);
    } finally {
      db.close();
      t.cleanup();
    }
  });
});
