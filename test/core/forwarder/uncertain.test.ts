import { join } from 'node:path';
import Database from 'better-sqlite3';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/open';
import { SETTINGS_META } from '../../../shared/settings-meta';
import type { FlowRow } from '../../../shared/dto';
import { API_KEY, startEnv, type Env } from '../../helpers/engine-env';
import { tempDir } from '../../helpers/tmp';
import { startOtomaxSim } from '../../sim/otomax/sim';
import type { OtomaxSim } from '../../sim/otomax/types';

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
const CHECK_REPLY = SETTINGS_META.otomaxCheckReply.default;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function attempts(e: Env): string[] {
  const db = new Database(join(e.dataDir, 'jembatan.db'), { readonly: true });
  try {
    return (db.prepare('SELECT outcome FROM forward_attempts ORDER BY id').all() as { outcome: string }[]).map(
      (r) => r.outcome,
    );
  } finally {
    db.close();
  }
}

async function flagged(e: Env): Promise<FlowRow[]> {
  const r = await e.h.engine.api.invoke('log:page', { filter: { status: 'needs_check' } });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.rows;
}

async function needsCheck(e: Env): Promise<number | undefined> {
  const r = await e.h.engine.api.invoke('metrics:get', undefined);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.needsCheck;
}

async function scrape(e: Env): Promise<string> {
  const res = await request(`${e.h.url}/metrics`, { headers: { authorization: `Bearer ${API_KEY}` } });
  return res.body.text();
}

/**
 * The one neutral reply went out, quoting the message. `alone`: nothing else was sent either (when OtomaX did take
 * the message, its own result arrives later through the outbox, which is right).
 */
async function expectOneNeutralReply(e: Env, waId: string, alone = true) {
  const notices = async () => (await e.sent()).filter((s) => (!alone ? s.text === CHECK_REPLY : true));
  await e.waitFor(async () => (await notices()).length >= 1, 5000, 'the neutral reply');
  await pause(400);
  expect((await notices()).map((s) => [s.to, s.text, s.quotedId])).toEqual([[RESELLER, CHECK_REPLY, waId]]);
}

describe('uncertain outcomes: flagged "perlu dicek", counted, replied to once, never resent', () => {
  it('HTTP 500 from OtomaX', async () => {
    env = await startEnv();
    env.sim.fault('InsertInbox', { kind: 'status', status: 500, count: 1 });
    await env.incoming({ from: RESELLER, text: 'S10.081234567890.1234', id: 'U500' });
    await env.waitFor(async () => (await flagged(env!)).length === 1, 8000, 'flagged');
    await expectOneNeutralReply(env, 'U500');
    expect(attempts(env)).toEqual(['http_5xx']);
    const [row] = await flagged(env);
    expect(row).toMatchObject({ status: 'failed', uncertain: 'http_5xx', text: 'S10.081234567890.1234' });
    expect(await needsCheck(env)).toBe(1);
    expect(await scrape(env)).toMatch(/^jembatan_uncertain_total\{reason="http_5xx"\} 1$/m);

    // The owner looked in OtomaX and marks it checked: the count goes down, the row says so, nothing is sent.
    const marked = await env.h.engine.api.invoke('log:markChecked', { id: row!.id });
    expect(marked.ok && marked.value).toMatchObject({ id: row!.id, status: 'checked', uncertain: 'http_5xx' });
    expect(await needsCheck(env)).toBe(0);
    expect(await flagged(env)).toEqual([]);
    const again = await env.h.engine.api.invoke('log:markChecked', { id: row!.id });
    expect(again.ok && again.value.status).toBe('checked');
    expect(attempts(env)).toEqual(['http_5xx']);
    expect(await env.sent()).toHaveLength(1);
  });

  it('a connection reset after the request was written ("ambiguous"); the OtomaX card hears of it', async () => {
    env = await startEnv();
    env.sim.fault('InsertInbox', { kind: 'reset_after_body', count: 1 });
    await env.incoming({ from: RESELLER, text: 'S10.081234567890.1234', id: 'URST' });
    await env.waitFor(async () => (await flagged(env!)).length === 1, 8000, 'flagged');
    await expectOneNeutralReply(env, 'URST', false);
    expect(attempts(env)).toEqual(['reset']);
    expect(env.sim.inbox).toHaveLength(1); // OtomaX did take it: resending would have been a second transaction
    expect((await flagged(env))[0]).toMatchObject({ uncertain: 'ambiguous' });
    expect(await needsCheck(env)).toBe(1);
    const snap = await env.h.engine.api.invoke('metrics:get', undefined);
    expect(snap.ok && snap.value.otomax.lastDroppedAt).toEqual(expect.any(Number));

    // A message that is not waiting for a check cannot be marked.
    await env.incoming({ from: RESELLER, text: 'SAL.1234', id: 'UOK' });
    let ok: FlowRow | undefined;
    await env.waitFor(
      async () => {
        const page = await env!.h.engine.api.invoke('log:page', { filter: { status: 'forwarded' } });
        ok = page.ok ? page.value.rows[0] : undefined;
        return ok !== undefined;
      },
      5000,
      'forwarded',
    );
    const refused = await env.h.engine.api.invoke('log:markChecked', { id: ok!.id });
    expect(!refused.ok && refused.error.code).toBe('CONFLICT');
    expect(await needsCheck(env)).toBe(1);
  });

  it('an InsertInbox cut off by a crash ("interrupted"): one reply, even across another restart', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const db = openDatabase(join(t.dir, 'jembatan.db'));
    const now = Date.now();
    const jid = `${RESELLER}@s.whatsapp.net`;
    db.prepare(
      `INSERT INTO inbound_messages (wa_key, wa_id, chat_jid, sender_phone, text, wa_timestamp, received_at, expires_at, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'forwarding')`,
    ).run(`default|${jid}||UINT`, 'UINT', jid, RESELLER, 'S20.081234567890.1234', now - 3000, now - 3000, now + 27_000);
    db.close();

    sim = await startOtomaxSim();
    env = await startEnv({ dataDir: t.dir, otomax: sim });
    await expectOneNeutralReply(env, 'UINT');
    expect((await flagged(env)).map((r) => [r.status, r.uncertain])).toEqual([['failed', 'interrupted']]);
    expect(await needsCheck(env)).toBe(1);
    await env.stop();

    env = await startEnv({ dataDir: t.dir, otomax: sim });
    await pause(600);
    expect(await env.sent()).toEqual([]); // this run's phone log: nothing sent again
    expect(await needsCheck(env)).toBe(1);
    expect(sim.inbox).toEqual([]);
    expect(attempts(env)).toEqual([]);
  });

  it('an empty otomaxCheckReply sends nothing, and the message is still flagged', async () => {
    env = await startEnv({ argv: ['--otomax-check-reply='] });
    env.sim.fault('InsertInbox', { kind: 'status', status: 500, count: 1 });
    await env.incoming({ from: RESELLER, text: 'S10.081234567890.1234', id: 'UQUIET' });
    await env.waitFor(async () => (await flagged(env!)).length === 1, 8000, 'flagged');
    await pause(400);
    expect(await env.sent()).toEqual([]);
    expect(await needsCheck(env)).toBe(1);
  });
});
