import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/core/db/open';
import { createInboundRepo, LAST_CHAT_SQL } from '../../../electron/core/forwarder/inbound-repo';
import { tempDir } from '../../helpers/tmp';

let db: Db;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  db = openDatabase(join(t.dir, 'j.db'));
});
afterEach(() => {
  db.close();
  cleanup();
});

let n = 0;
/** An inbound row as the pipeline writes it (through the inbound repository). */
function inbound(
  sessionId: string,
  phone: string,
  receivedAt: number,
  over: { fromMe?: boolean; group?: boolean } = {},
) {
  n += 1;
  const chat = over.group ? '120363000000@g.us' : `${phone}@s.whatsapp.net`;
  createInboundRepo(db).insert({
    sessionId,
    waKey: `${sessionId}|${chat}||M${n}`,
    waId: `M${n}`,
    chatJid: chat,
    participantJid: over.group ? `${phone}@s.whatsapp.net` : null,
    senderPhone: phone,
    senderLid: null,
    pushName: null,
    fromMe: over.fromMe ?? false,
    isGroup: over.group ?? false,
    isMedia: false,
    text: 'S10.0812.1234',
    waTimestamp: receivedAt,
    receivedAt,
    expiresAt: receivedAt + 30_000,
    status: 'forwarded',
  });
}

describe('the number a reseller last wrote to', () => {
  it('is the newest direct message among the live numbers', () => {
    const q = createInboundRepo(db);
    const live = ['default', 'wa-a', 'wa-b'];
    expect(q.lastNumberFor('6281111', live)).toBeNull();
    inbound('default', '6281111', 100);
    inbound('wa-a', '6281111', 200);
    inbound('wa-b', '6282222', 300);
    expect(q.lastNumberFor('6281111', live)).toBe('wa-a');
    expect(q.lastNumberFor('6282222', live)).toBe('wa-b');
    // A group message or our own echo is not the reseller writing to that number.
    inbound('wa-b', '6281111', 400, { group: true });
    inbound('wa-b', '6281111', 500, { fromMe: true });
    expect(q.lastNumberFor('6281111', live)).toBe('wa-a');
    // A removed number is skipped: the newest chat on a live number answers.
    expect(q.lastNumberFor('6281111', ['default', 'wa-b'])).toBe('default');
    expect(q.lastNumberFor('6281111', [])).toBeNull();
  });

  it('uses the phone index, not a scan', () => {
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${LAST_CHAT_SQL}`).all('6281111', '["default"]') as {
      detail: string;
    }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX inbound_by_phone/);
  });
});
