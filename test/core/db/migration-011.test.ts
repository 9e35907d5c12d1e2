import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/core/db/open';
import { createOutboxRepo } from '../../../electron/core/forwarder/outbox-repo';
import { createOutboundRepo, type OutboundRepo } from '../../../electron/core/whatsapp/outbound-repo';
import { insertInbound, tempDb, type TempDb } from '../../fakes/wa-test-env';

const NOW = Date.UTC(2025, 0, 1, 8, 0, 0);

/** The SQL of every statement prepared on `db` from now on (to ask SQLite for its plan). */
function recordSql(db: Db): string[] {
  const seen: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    seen.push(source);
    return prepare(source);
  }) as Db['prepare'];
  return seen;
}

/** The indexes SQLite's plan for `sql` reads (EXPLAIN QUERY PLAN, any parameters bound as NULL). */
function indexesOf(db: Db, sql: string): string[] {
  const stmt = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const n = (sql.match(/\?/g) ?? []).length;
  const rows = stmt.all(...Array.from({ length: n }, () => null)) as { detail: string }[];
  return rows.flatMap((r) => [...r.detail.matchAll(/INDEX (\w+)/g)].map((m) => m[1] as string));
}

/** Entries in an index's b-tree (dbstat: the cells of its leaf pages). */
function entries(db: Db, index: string): number {
  const r = db
    .prepare("SELECT coalesce(sum(ncell), 0) AS n FROM dbstat WHERE name = ? AND pagetype = 'leaf'")
    .get(index) as { n: number };
  return r.n;
}

/**
 * Migration 011 (issue 15, the callback path): held replies in their own index, so the send queue's look at the held
 * chats and the held count read the held rows only, not the backlog; outbound_by_phone keeps replies only, so an
 * outbox message (one per callback) writes no entry in it; the outbox rows of an inbox code have their own index.
 */
describe('migration 011: outbound indexes fitted to their reads', () => {
  let t: TempDb;
  let sql: string[];
  let repo: OutboundRepo;

  beforeEach(() => {
    t = tempDb();
    sql = recordSql(t.db);
    repo = createOutboundRepo(t.db);
  });
  afterEach(() => t.cleanup());

  const outbox = (i: number) =>
    repo.insert(
      { sessionId: 'default', toPhone: `62811${String(i).padStart(7, '0')}`, text: `m${i}`, kind: 'outbox' },
      NOW + i,
    );
  const reply = (phone: string, i: number) =>
    repo.insert({ sessionId: 'default', toPhone: phone, text: `r${i}`, kind: 'auto_reply' }, NOW + i);

  it('the held chats, their release and the held count read outbound_held, and answer as before', () => {
    for (let i = 0; i < 500; i++) outbox(i);
    const a = [reply('6281200000001', 1000), reply('6281200000001', 1001)];
    const b = [reply('6281200000002', 1002), reply('6281200000002', 1003)];
    const free = reply('6281200000003', 1004);
    const marked = [...a, ...b].map((r) => r.id);
    expect(repo.markHeldAll(marked.map((id) => ({ id, reason: 'limit' })))).toEqual(marked);

    expect(repo.heldChats('default').map((r) => r.id)).toEqual([a[0]?.id, b[0]?.id]);
    expect(repo.countHeld()).toBe(4);
    expect(repo.unhold('default', '6281200000001')).toBe(true);
    expect(repo.heldChats('default').map((r) => r.id)).toEqual([b[0]?.id]);
    expect(repo.countHeld()).toBe(2);
    expect(repo.queuedReady('default', 1000).map((r) => r.id)).toContain(free.id);

    const held = sql.filter(
      (s) => /error_message LIKE 'held:%'/.test(s) && !/^\s*UPDATE outbound_messages\s+SET status/.test(s),
    );
    const heldChats = held.find((s) => /GROUP BY to_phone/.test(s)) as string;
    const unhold = held.find((s) => /SET error_message = NULL/.test(s)) as string;
    const count = held.find((s) => /count\(\*\)/.test(s)) as string;
    for (const s of [heldChats, unhold, count]) {
      expect(s).toBeDefined();
      const used = indexesOf(t.db, s);
      expect(used).toContain('outbound_held');
      expect(used).not.toContain('outbound_by_status');
    }
  });

  it('an outbox message writes no entry in outbound_by_phone; the reply checks find their rows from small indexes', () => {
    for (let i = 0; i < 300; i++) outbox(i);
    const inbound = insertInbound(t.db, {
      waKey: 'k1',
      waId: 'w1',
      chatJid: '6281200000001@s.whatsapp.net',
      text: 'x',
    });
    t.db.prepare('UPDATE inbound_messages SET kode_inbox = 77 WHERE id = ?').run(inbound);
    repo.insert(
      { sessionId: 'default', toPhone: '6281200000001', text: 'SUKSES', kind: 'auto_reply', inboundId: inbound },
      NOW,
    );
    const notice = repo.insert(
      { sessionId: 'default', toPhone: '6281200000001', text: 'kirim ulang', kind: 'expired_notice' },
      NOW,
    );
    expect(repo.markSendingInTransaction(notice.id)).toBe(true);

    expect(entries(t.db, 'outbound_by_phone')).toBe(2);
    // The per-chat reply limit and the reply-versus-outbox rule find what they found before, through the index.
    expect(repo.recentReplies('default', '6281200000001', NOW - 1, NOW - 1)).toEqual({ n: 1, first: null });
    expect(repo.autoReplyWithText(77, '6281200000001', 'SUKSES')).toMatchObject({ status: 'queued' });
    expect(repo.autoReplyWithText(77, '6281200000001', 'lain')).toBeNull();
    const recent = sql.find((x) =>
      /kind IN \('auto_reply', 'expired_notice'\)\s+AND \(status = 'sending'/.test(x),
    ) as string;
    expect(recent).toBeDefined();
    expect(indexesOf(t.db, recent)).toContain('outbound_by_phone');
    // The reply-versus-outbox lookup (every callback with an inbox code) starts from that code, not from every
    // message sent to the phone: the inbound message by its code, then its replies.
    const lookup = sql.find((x) => /o\.to_phone = \? AND o\.text = \?/.test(x)) as string;
    expect(lookup).toBeDefined();
    expect(indexesOf(t.db, lookup)).toEqual(['inbound_by_kode_inbox', 'outbound_by_inbound']);
  });
  it("the outbox's same-text check finds the inbox code's rows by their code, not by the reseller's phone", () => {
    const outboxRepo = createOutboxRepo(t.db);
    const row = (i: number, kodeInbox: number | null) => ({
      kode: `K${i}`,
      penerima: '6281200000001',
      pesan: `R#${i} SUKSES`,
      kodeInbox,
      kodeTransaksi: i,
      kodeReseller: 'R1',
      raw: '{}',
      receivedAt: NOW + i,
    });
    const start = { status: 'sending' as const, reportStatus: null, error: null, deliveredAt: null };
    for (let i = 0; i < 200; i++) outboxRepo.insertAs(row(i, i % 2 ? 1000 + i : null), start);
    expect(outboxRepo.hasSameText(1001, '6281200000001', 'R#1 SUKSES')).toBe(true);
    expect(outboxRepo.hasSameText(1001, '6281200000001', 'R#3 SUKSES')).toBe(false);
    expect(outboxRepo.hasSameText(1003, '6281200000002', 'R#3 SUKSES')).toBe(false);
    // Only the rows that carry an inbox code are in the index.
    expect(entries(t.db, 'outbox_by_kode_inbox')).toBe(100);
    const check = sql.find((x) => /FROM outbox_messages WHERE kode_inbox = \? AND penerima = \?/.test(x)) as string;
    expect(check).toBeDefined();
    expect(indexesOf(t.db, check)).toEqual(['outbox_by_kode_inbox']);
  });
});
