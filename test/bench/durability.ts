/**
 * The cost of durable commits (docs/durability.md): N messages through the commits the pipeline makes for each,
 * with the real repositories, on a database file on disk, in three modes: NORMAL everywhere (before), NORMAL with
 * only the guarding commits (durably()) raised to FULL, and FULL on every commit (what ships).
 *   npx tsx test/bench/durability.ts            (N = 500; BENCH_MESSAGES=2000 for more)
 * Per inbound message: log insert, InsertInbox in flight, attempt, answer + auto-reply queued, send started, sent.
 * Per outbox message: callback row + send queued, send started, sent, result 20 recorded, reported.
 * Bounded: N messages per mode, and each mode stops after TIME_LIMIT_MS whatever N.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { durably } from '../../electron/core/db/durable';
import { openDatabase } from '../../electron/core/db/open';
import { createInboundRepo } from '../../electron/core/forwarder/inbound-repo';
import { createOutboxRepo } from '../../electron/core/forwarder/outbox-repo';
import { createOutboundRepo } from '../../electron/core/whatsapp/outbound-repo';
import { tempDir } from '../helpers/tmp';

const N = Math.min(Number(process.env.BENCH_MESSAGES ?? 500), 20_000);
const TIME_LIMIT_MS = 120_000;
const PHONE = '6281234567890';

/** BEFORE: NORMAL everywhere (guards not raised). GUARDS: NORMAL + durably() guards. FULL: every commit (ships). */
type Mode = 'BEFORE' | 'GUARDS' | 'FULL';

interface Result {
  mode: Mode;
  messages: number;
  commits: number;
  seconds: number;
  msPerMessage: number;
  commitsPerSecond: number;
  p50CommitMs: number;
  p99CommitMs: number;
}

function run(mode: Mode): Result {
  const t = tempDir('jembatan-durability-');
  const db = openDatabase(join(t.dir, 'jembatan.db'), undefined, { synchronous: mode === 'FULL' ? 'FULL' : 'NORMAL' });
  // BEFORE: the guards as they were (plain commits); the repositories' own durably() calls are turned off.
  if (mode === 'BEFORE')
    db.pragma = ((source: string, o?: object) =>
      /^synchronous = FULL$/.test(source)
        ? undefined
        : Database.prototype.pragma.call(db, source, o)) as typeof db.pragma;
  const inbound = createInboundRepo(db);
  const outbox = createOutboxRepo(db);
  const outbound = createOutboundRepo(db);
  const commitMs: number[] = [];
  const commit = <T>(f: () => T): T => {
    const t0 = performance.now();
    const r = f();
    commitMs.push(performance.now() - t0);
    return r;
  };
  const started = performance.now();
  let done = 0;
  for (let i = 0; i < N && performance.now() - started < TIME_LIMIT_MS; i++, done++) {
    const now = Date.now();
    const jid = `${PHONE}@s.whatsapp.net`;
    const row = commit(() =>
      inbound.insert({
        sessionId: 'default',
        waKey: `default|${jid}||B${i}`,
        waId: `B${i}`,
        chatJid: jid,
        participantJid: null,
        senderPhone: PHONE,
        senderLid: null,
        pushName: null,
        fromMe: false,
        isGroup: false,
        isMedia: false,
        text: `S10.0812${i}.1234`,
        waTimestamp: now,
        receivedAt: now,
        expiresAt: now + 30_000,
        status: 'queued',
      }),
    );
    if (!row) throw new Error('duplicate in the bench');
    commit(() => inbound.startForward(row.id));
    commit(() =>
      inbound.addAttempt(row.id, {
        attempt: 1,
        startedAt: now,
        finishedAt: now,
        outcome: 'ok',
        httpStatus: 200,
        error: null,
        latencyMs: 3,
      }),
    );
    const reply = commit(() =>
      db.transaction(() => {
        inbound.setAnswer(row.id, { kodeInbox: i, status: 22, desc: 'ok', reply: null, raw: '{}', latencyMs: 3 }, now);
        return outbound.insert(
          { sessionId: 'default', toPhone: PHONE, text: 'ok', kind: 'auto_reply', inboundId: row.id },
          now,
        );
      })(),
    );
    commit(() => outbound.markSending(reply.id));
    commit(() => outbound.markSent(reply.id, now, undefined));

    const box = commit(() =>
      durably(db, () => {
        const b = outbox.insert({
          kode: String(i),
          penerima: PHONE,
          pesan: `Trx ${i} sukses`,
          kodeInbox: i,
          kodeTransaksi: i,
          kodeReseller: 'R1',
          raw: '{}',
          receivedAt: now,
        });
        if (!b) throw new Error('duplicate kode in the bench');
        const o = outbound.insert(
          { sessionId: 'default', toPhone: PHONE, text: b.pesan, kind: 'outbox', outboxId: b.id },
          now,
        );
        outbox.setStatus(b.id, 'sending', null);
        return { id: b.id, outboundId: o.id };
      }),
    );
    commit(() => outbound.markSending(box.outboundId));
    commit(() => outbound.markSent(box.outboundId, now, undefined));
    commit(() => durably(db, () => outbox.setStatus(box.id, 'sent', 20, null, now)));
    commit(() => outbox.setReported(box.id, now));
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  t.cleanup();
  commitMs.sort((a, b) => a - b);
  const pct = (p: number) =>
    Number((commitMs[Math.min(commitMs.length - 1, Math.floor(p * commitMs.length))] ?? 0).toFixed(3));
  return {
    mode,
    messages: done,
    commits: commitMs.length,
    seconds: Number(seconds.toFixed(2)),
    msPerMessage: Number(((seconds * 1000) / done).toFixed(3)),
    commitsPerSecond: Math.round(commitMs.length / seconds),
    p50CommitMs: pct(0.5),
    p99CommitMs: pct(0.99),
  };
}

const modes: Mode[] = ['BEFORE', 'GUARDS', 'FULL', 'BEFORE', 'GUARDS', 'FULL'];
const results = modes.map(run);
console.table(results);
const avg = (mode: Mode) => {
  const rs = results.filter((r) => r.mode === mode);
  return rs.reduce((a, r) => a + r.msPerMessage, 0) / rs.length;
};
console.log(
  `ms per message (one inbound with its reply + one outbox with its report, ${
    results[0] ? Math.round(results[0].commits / results[0].messages) : 0
  } commits): BEFORE ${avg('BEFORE').toFixed(2)}, GUARDS ${avg('GUARDS').toFixed(2)}, FULL ${avg('FULL').toFixed(2)}`,
);
