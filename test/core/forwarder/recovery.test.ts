import { join } from 'node:path';
import Database from 'better-sqlite3';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/open';
import { startOtomaxSim } from '../../sim/otomax/sim';
import type { OtomaxSim } from '../../sim/otomax/types';
import { API_KEY, startEnv, type Env } from '../../helpers/engine-env';
import { tempDir } from '../../helpers/tmp';

let env: Env | null = null;
let sim: OtomaxSim | null = null;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await env?.stop();
  env = null;
  await sim?.close();
  sim = null;
  cleanups.splice(0).forEach((c) => c());
});

const RESELLER = '6281234567890';

describe('start-up recovery', () => {
  it('resumes what a previous run left: queued within _exp is forwarded, past _exp expires, mid-InsertInbox is not resent', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    // A previous run left these rows (as a crash would).
    const db = openDatabase(join(t.dir, 'jembatan.db'));
    const now = Date.now();
    const ins = db.prepare(
      `INSERT INTO inbound_messages (wa_key, wa_id, chat_jid, sender_phone, text, wa_timestamp, received_at, expires_at, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const jid = `${RESELLER}@s.whatsapp.net`;
    ins.run(`default|${jid}||Q1`, 'Q1', jid, RESELLER, 'SAL.1234', now - 5000, now - 5000, now + 25_000, 'queued');
    ins.run(
      `default|${jid}||Q2`,
      'Q2',
      jid,
      RESELLER,
      'S10.081234567890.1234',
      now - 60_000,
      now - 60_000,
      now - 30_000,
      'queued',
    );
    ins.run(
      `default|${jid}||F1`,
      'F1',
      jid,
      RESELLER,
      'S20.081234567890.1234',
      now - 3000,
      now - 3000,
      now + 27_000,
      'forwarding',
    );
    db.close();

    sim = await startOtomaxSim();
    env = await startEnv({ dataDir: t.dir, otomax: sim });
    await env.waitFor(() => sim!.inbox.length === 1, 5000, 'Q1 forwarded');
    // F1 (cut off mid-InsertInbox) gets the one neutral "being checked" reply.
    await env.waitFor(async () => (await env!.sent()).length === 3, 5000, 'reply to Q1, notices to Q2 and F1');
    const check = new Database(join(t.dir, 'jembatan.db'), { readonly: true });
    const rows = Object.fromEntries(
      (
        check.prepare('SELECT wa_id, status, error_class FROM inbound_messages').all() as {
          wa_id: string;
          status: string;
          error_class: string | null;
        }[]
      ).map((r) => [r.wa_id, r]),
    );
    check.close();
    expect(rows.Q1).toMatchObject({ status: 'forwarded' });
    expect(rows.Q2).toMatchObject({ status: 'expired' });
    expect(rows.F1).toMatchObject({ status: 'failed', error_class: 'interrupted' });
    expect(sim.inbox.map((r) => r.pesan)).toEqual(['SAL.1234']);
    const sent = await env.sent();
    expect(sent.map((s) => s.quotedId).sort()).toEqual(['F1', 'Q1', 'Q2']);
  });

  it('an outbox message whose send ended just before a crash is still reported to OtomaX', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    sim = await startOtomaxSim();
    const pushed = sim.pushOutbox({ penerima: RESELLER, pesan: 'Trx sukses' });
    // The crash fell between the send queue's commit (sent) and the outbox row's (still 'sending').
    const db = openDatabase(join(t.dir, 'jembatan.db'));
    const now = Date.now();
    const box = db
      .prepare(
        `INSERT INTO outbox_messages (kode, penerima, pesan, raw, received_at, status) VALUES (?, ?, ?, '{}', ?, 'sending')`,
      )
      .run(String(pushed.kode), RESELLER, 'Trx sukses', now).lastInsertRowid;
    db.prepare(
      `INSERT INTO outbound_messages (to_phone, to_jid, text, kind, outbox_id, wa_id, status, created_at, sent_at)
       VALUES (?, ?, 'Trx sukses', 'outbox', ?, 'WAID1', 'sent', ?, ?)`,
    ).run(RESELLER, `${RESELLER}@s.whatsapp.net`, box, now, now);
    db.close();
    env = await startEnv({ dataDir: t.dir, otomax: sim });
    await env.waitFor(() => sim!.statusUpdates.length === 1, 5000, 'the report');
    expect(sim.statusUpdates[0]).toMatchObject({ kode: String(pushed.kode), status: 20 });
    expect(await env.sent()).toHaveLength(0);
  });

  it('serves /metrics in Prometheus text with the pipeline counters', async () => {
    env = await startEnv();
    await env.incoming({ from: RESELLER, text: 'SAL.1234', id: 'M1' });
    await env.incoming({ from: RESELLER, text: 'SAL.1234', id: 'M1' });
    await env.waitFor(async () => (await env!.sent()).length === 1, 5000, 'reply');
    // The send queue records the send, then tells the engine: wait for the row to say so.
    await env.waitFor(
      async () => {
        const page = await env!.h.engine.api.invoke('log:page', {});
        return (
          page.ok &&
          ['sent', 'delivered', 'read'].includes(page.value.rows.find((r) => r.direction === 'in')?.replyStatus ?? '')
        );
      },
      5000,
      'reply recorded as sent',
    );
    const res = await request(`${env.h.url}/metrics`, { headers: { authorization: `Bearer ${API_KEY}` } });
    const text = await res.body.text();
    expect(res.statusCode).toBe(200);
    expect(text).toMatch(/^jembatan_forwarded_total 1$/m);
    expect(text).toMatch(/^jembatan_duplicates_dropped_total 1$/m);
    expect(text).toMatch(/^jembatan_otomax_answers_total\{status="21"\} 1$/m);
    expect(text).toMatch(/^jembatan_auto_replies_total 1$/m);
    expect(text).toMatch(/^jembatan_otomax_latency_seconds_count 1$/m);
    expect(text).toMatch(/^jembatan_whatsapp_send_latency_seconds_count 1$/m);
    expect(text).toMatch(/^jembatan_queue_depth\{queue="forward"\} 0$/m);
    const unauth = await request(`${env.h.url}/metrics`);
    expect(unauth.statusCode).toBe(401);
    await unauth.body.dump();
    const snapshot = await env.h.engine.api.invoke('metrics:get', undefined);
    expect(snapshot.ok && snapshot.value.today).toMatchObject({
      received: 1,
      forwarded: 1,
      autoReplies: 1,
      duplicates: 1,
    });
    expect(snapshot.ok && snapshot.value.perMinute).toHaveLength(60);
  });
});
