import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { durably } from '../../../electron/core/db/durable';
import { openDatabase, type Db } from '../../../electron/core/db/open';
import { createInboundRepo } from '../../../electron/core/forwarder/inbound-repo';
import { createOutboundRepo } from '../../../electron/core/whatsapp/outbound-repo';
import { tempDir } from '../../helpers/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function open(synchronous?: 'NORMAL'): Db {
  const t = tempDir();
  const db = openDatabase(join(t.dir, 'j.db'), undefined, synchronous ? { synchronous } : {});
  cleanups.push(() => {
    db.close();
    t.cleanup();
  });
  return db;
}

/** The pragmas `f` set on the connection (durably() raises synchronous to FULL for its commit, then lowers it). */
function pragmasOf(db: Db, f: () => void): string[] {
  const calls: string[] = [];
  const pragma = db.pragma.bind(db);
  db.pragma = ((source: string, options?: Parameters<Db['pragma']>[1]) => {
    calls.push(source);
    return pragma(source, options);
  }) as Db['pragma'];
  try {
    f();
  } finally {
    db.pragma = pragma;
  }
  return calls;
}

const FULL_COMMIT = ['synchronous', 'synchronous = FULL', 'synchronous = NORMAL'];

describe('durable commits (power cuts)', () => {
  it('the database opens with FULL: every commit is synced before it returns', () => {
    expect(open().pragma('synchronous', { simple: true })).toBe(2);
  });

  it('on a NORMAL connection durably() commits with FULL and puts NORMAL back, also when it throws', () => {
    const db = open('NORMAL');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(durably(db, () => db.pragma('synchronous', { simple: true }))).toBe(2);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    db.exec('CREATE TABLE t (x INTEGER) STRICT');
    expect(() =>
      durably(db, () => {
        db.prepare('INSERT INTO t VALUES (1)').run();
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0); // rolled back
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    // Inside an outer transaction the sync would belong to the caller's commit: refused.
    expect(() => db.transaction(() => durably(db, () => 1))()).toThrow(/inside another transaction/);
  });

  it('the mark before an InsertInbox and the mark before a WhatsApp send are committed with FULL', () => {
    const db = open('NORMAL');
    const inbound = createInboundRepo(db);
    const outbound = createOutboundRepo(db);
    const now = Date.now();
    const jid = '6281234567890@s.whatsapp.net';
    const row = inbound.insert({
      sessionId: 'default',
      waKey: `default|${jid}||D1`,
      waId: 'D1',
      chatJid: jid,
      participantJid: null,
      senderPhone: '6281234567890',
      senderLid: null,
      pushName: null,
      fromMe: false,
      isGroup: false,
      isMedia: false,
      text: 'S10.1',
      waTimestamp: now,
      receivedAt: now,
      expiresAt: now + 30_000,
      status: 'queued',
    });
    const out = outbound.insert(
      { sessionId: 'default', toPhone: '6281234567890', text: 'ok', kind: 'auto_reply' },
      now,
    );
    expect(pragmasOf(db, () => expect(inbound.startForward(row!.id)).toBe(true))).toEqual(FULL_COMMIT);
    expect(pragmasOf(db, () => expect(outbound.markSending(out.id)).toBe(true))).toEqual(FULL_COMMIT);
    // Ordinary bookkeeping stays NORMAL (a FULL commit later syncs it too: the log is written in order).
    expect(pragmasOf(db, () => inbound.setRead(row!.id, now))).toEqual([]);
    // On the FULL connection the app opens, the guard is a plain commit (already synced).
    const full = open();
    expect(pragmasOf(full, () => durably(full, () => 1))).toEqual(['synchronous']);
  });
});
