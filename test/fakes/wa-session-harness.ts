import { vi } from 'vitest';
import type { SessionStatus } from '../../shared/dto';
import { systemClock } from '../../electron/core/kernel/clock';
import type { Db } from '../../electron/core/db/open';
import { silentLogger } from '../../electron/core/kernel/logger';
import type { DataCipher } from '../../electron/core/secrets/data-key';
import {
  type BaileysSession,
  type BaileysSessionDeps,
  type BaileysSessionSettings,
  createBaileysSession,
} from '../../electron/core/whatsapp/baileys-session';
import type { InboundMessage, ReceiptEvent } from '../../electron/core/whatsapp/session-port';
import { createFakeSocketFactory, type FakeSocketFactory } from './fake-wa-socket';

export interface SessionHarness {
  session: BaileysSession;
  factory: FakeSocketFactory;
  settings: BaileysSessionSettings;
  statuses: SessionStatus[];
  messages: InboundMessage[];
  receipts: ReceiptEvent[];
  fetchLatest: ReturnType<typeof vi.fn<() => Promise<[number, number, number] | null>>>;
  states(): string[];
}

/** A Baileys session on fake sockets, recording everything it emits. */
export function sessionHarness(
  db: Db,
  cipher: DataCipher,
  overrides: Partial<BaileysSessionDeps> = {},
): SessionHarness {
  const factory = createFakeSocketFactory();
  const settings: BaileysSessionSettings = { forwardGroups: false, forwardMedia: false, waVersion: '' };
  const fetchLatest = vi.fn<() => Promise<[number, number, number] | null>>(async () => [2, 3000, 1999999999]);
  const session = createBaileysSession({
    id: 'default',
    db,
    cipher,
    log: silentLogger(),
    clock: systemClock,
    settings: () => settings,
    makeSocket: factory.makeSocket,
    random: () => 0.5,
    fetchLatestVersion: fetchLatest,
    pairingWaitMs: 5_000,
    ...overrides,
  });
  const statuses: SessionStatus[] = [];
  const messages: InboundMessage[] = [];
  const receipts: ReceiptEvent[] = [];
  session.on('status', (s) => statuses.push(s));
  session.on('message', (m) => messages.push(m));
  session.on('receipt', (r) => receipts.push(r));
  return {
    session,
    factory,
    settings,
    statuses,
    messages,
    receipts,
    fetchLatest,
    states: () => statuses.map((s) => s.state),
  };
}

/** Let promise chains settle (works with and without fake timers). */
export async function settle(): Promise<void> {
  if (vi.isFakeTimers()) await vi.advanceTimersByTimeAsync(0);
  else await new Promise((resolve) => setImmediate(resolve));
}
