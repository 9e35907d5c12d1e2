import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/core/db/open';
import { createInboundRepo } from '../../../electron/core/forwarder/inbound-repo';
import { createNumbersRepo, type NumbersRepo } from '../../../electron/core/numbers/numbers-repo';
import { createOutboxRouter, type OutboxRouter } from '../../../electron/core/numbers/outbox-router';
import { tempDir } from '../../helpers/tmp';

const HOUR = 3_600_000;
let db: Db;
let cleanup: () => void;
let repo: NumbersRepo;
let router: OutboxRouter;
let up: Set<string>;
let seq = 0;

function wrote(sessionId: string, phone: string, at: number) {
  seq += 1;
  createInboundRepo(db).insert({
    sessionId,
    waKey: `${sessionId}|${phone}@s.whatsapp.net||R${seq}`,
    waId: `R${seq}`,
    chatJid: `${phone}@s.whatsapp.net`,
    participantJid: null,
    senderPhone: phone,
    senderLid: null,
    pushName: null,
    fromMe: false,
    isGroup: false,
    isMedia: false,
    text: 'CEK',
    waTimestamp: at,
    receivedAt: at,
    expiresAt: at + 30_000,
    status: 'forwarded',
  });
}

beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  db = openDatabase(join(t.dir, 'j.db'));
  const ids = ['wa-00000001', 'wa-00000002'];
  repo = createNumbersRepo(db, {
    clock: { now: () => 1 },
    defaultKodeTerminal: () => 1,
    newId: () => ids.shift() ?? 'x',
  });
  repo.add({ name: 'A', kodeTerminal: 2 });
  repo.add({ name: 'B', kodeTerminal: 3 });
  up = new Set(['default', 'wa-00000001', 'wa-00000002']);
  router = createOutboxRouter({
    repo,
    lastChat: createInboundRepo(db),
    isUp: (id) => up.has(id),
    defaultKodeTerminal: () => 1,
    maxAgeMs: () => 6 * HOUR,
  });
});
afterEach(() => {
  db.close();
  cleanup();
});

describe('outbox router over the database', () => {
  it('terminal, then the last chat, then the primary; removal and fallbacks from the table', () => {
    const row = (kodeTerminal: number | null, recipient = '6281111') => ({ recipient, kodeTerminal, receivedAt: 0 });
    expect(router.route(row(3), 10)).toMatchObject({ kind: 'send', numberId: 'wa-00000002', via: 'terminal' });
    expect(router.route(row(null), 10)).toMatchObject({ kind: 'send', numberId: 'default', via: 'primary' });
    wrote('wa-00000001', '6281111', 5);
    expect(router.route(row(null), 10)).toMatchObject({ kind: 'send', numberId: 'wa-00000001', via: 'last_chat' });
    expect(router.route(row(99), 10)).toMatchObject({ kind: 'send', numberId: 'wa-00000001', via: 'last_chat' });
    // Another reseller's chat does not count.
    expect(router.route(row(null, '6282222'), 10)).toMatchObject({ numberId: 'default', via: 'primary' });

    up.delete('wa-00000001');
    expect(router.route(row(2), 10)).toEqual({
      kind: 'wait',
      numberId: 'wa-00000001',
      via: 'terminal',
      alsoId: null,
      until: 6 * HOUR,
    });
    repo.setFallback('wa-00000001', 'wa-00000002');
    expect(router.route(row(2), 10)).toEqual({
      kind: 'send',
      numberId: 'wa-00000002',
      via: 'terminal',
      fallbackFor: 'wa-00000001',
    });
    expect(router.route(row(2), 6 * HOUR)).toMatchObject({ kind: 'expired', numberId: 'wa-00000001' });

    // Removed: its terminal is unknown and its chats no longer count; the primary answers.
    repo.remove('wa-00000001');
    expect(router.route(row(2), 10)).toMatchObject({ kind: 'send', numberId: 'default', via: 'primary' });
  });
});
