/**
 * OtomaX stuck for longer than `_exp` while resellers keep writing (docs/memory.md, "What is left": a flood whose
 * messages expired stalled the engine in the send queue, and "a shop whose OtomaX is slow for a minute while messages
 * keep coming would see the same"). The whole headless host on a temp folder, the simulator on loopback, real time:
 * the transport's attempt timers (cut at `_exp`) and the reply-limit windows are real timers, so a clock port alone
 * could not shorten the outage. OtomaX holds every InsertInbox unanswered for 36 s while 5 chats send 100 messages a
 * second between them; then it answers what it holds (refusing what is past `_exp`, as OtomaX does) and works again.
 * The messages reach the engine 20 s after their WhatsApp time (a slow link), so `_exp` passes 10 s after they
 * arrive: the 36 s outage expires the messages of its first 26 s (a few thousand notices, most held by the chats'
 * reply limit and then their loop pause), as a 56 s outage would with messages arriving at once.
 *
 * What the owner must see: the engine answers throughout (event-loop delay and GET /otomax/health bounded), every
 * message ends in one terminal state with its one notice (forwarded: its InsertInbox once; expired: never sent, the
 * trouble notice; cut at `_exp` inside OtomaX: "perlu dicek", the check notice), nothing goes out twice on
 * WhatsApp, each chat gets at most its reply limit of limited replies a minute, and a message written after OtomaX
 * is back is forwarded, not expired.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startEnv, type Env } from '../../helpers/engine-env';

let env: Env | null = null;
afterEach(async () => {
  await env?.stop();
  env = null;
});

const CHATS = ['6281100000001', '6281100000002', '6281100000003', '6281100000004', '6281100000005'];
const FRESH = '6281100000009';
/** OtomaX holds every InsertInbox this long: past the 30 s `_exp` of the messages of its first seconds. */
const OUTAGE_MS = 36_000;
/** One message from each chat every TICK_MS: 100 messages a second in all. */
const TICK_MS = 50;
/** How long after its WhatsApp time a message reaches the engine. */
const DELIVERY_DELAY_MS = 20_000;
const REPLY_LIMIT = 20;

interface InboundRow {
  id: number;
  wa_id: string;
  text: string;
  sender_phone: string;
  status: string;
  error_class: string | null;
  attempts: number;
}
interface OutboundRow {
  inbound_id: number | null;
  kind: string;
  to_phone: string;
  status: string;
  error_message: string | null;
  wa_id: string;
}

function read(e: Env) {
  const db = new Database(join(e.dataDir, 'jembatan.db'), { readonly: true });
  try {
    return {
      inbound: db
        .prepare(
          'SELECT id, wa_id, text, sender_phone, status, error_class, attempts FROM inbound_messages ORDER BY id',
        )
        .all() as InboundRow[],
      outbound: db
        .prepare('SELECT inbound_id, kind, to_phone, status, error_message, wa_id FROM outbound_messages ORDER BY id')
        .all() as OutboundRow[],
    };
  } finally {
    db.close();
  }
}

const countBy = <T>(xs: readonly T[], key: (x: T) => string) => {
  const m = new Map<string, number>();
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return m;
};

describe('OtomaX stuck past _exp while messages keep coming', () => {
  it('the engine keeps answering, each message ends once with its one notice, and new messages flow after', async () => {
    const e = await startEnv({
      sim: {
        resellers: [...CHATS, FRESH].map((phone, i) => ({ kode: `R${i}`, phone, saldo: 1e12, pin: '1234' })),
        callback: { delayMs: 1e9 },
        infoToOutbox: false,
      },
      // The shop's defaults for the timeout and the concurrency (8); the reply limit spelled out for the check below.
      argv: ['--otomax-timeout-ms=30000', `--reply-limit=${REPLY_LIMIT}`],
    });
    env = e;
    const lag = monitorEventLoopDelay({ resolution: 10 });
    const health: { at: number; ms: number }[] = [];
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const t = performance.now();
        const r = await request(`${e.h.url}/otomax/health`);
        await r.body.text();
        health.push({ at: t, ms: performance.now() - t });
        await new Promise((r) => setTimeout(r, 200));
      }
    })();

    e.sim.fault('InsertInbox', { kind: 'hold' });
    const t0 = performance.now();
    /** The loop's longest blocks, with when they ended (ms after the outage began), for the log. */
    const blocks: { at: number; ms: number }[] = [];
    let last = performance.now();
    const beat = setInterval(() => {
      const now = performance.now();
      if (now - last > 150) blocks.push({ at: Math.round(last - t0), ms: Math.round(now - last - 10) });
      last = now;
    }, 10);
    lag.enable();
    const posts: Promise<{ status: number }>[] = [];
    let n = 0;
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        if (performance.now() - t0 >= OUTAGE_MS) {
          clearInterval(tick);
          resolve();
          return;
        }
        const timestamp = Date.now() - DELIVERY_DELAY_MS;
        CHATS.forEach((from, c) => posts.push(e.incoming({ from, text: `X${c}.${n}`, id: `S${c}-${n}`, timestamp })));
        n++;
      }, TICK_MS);
    });
    const duringOutage = { max: lag.max / 1e6, p99: lag.percentile(99) / 1e6 };
    const healthOutage = Math.max(...health.map((h) => h.ms));
    lag.reset();

    // OtomaX is back: it answers what it held (past `_exp` refused) and every new request at once.
    e.sim.clearFaults();
    const released = e.sim.release();
    const back = performance.now();
    await e.incoming({ from: FRESH, text: 'AFTER.FRESH', id: 'AFTER-FRESH' });
    await e.incoming({ from: CHATS[0]!, text: 'AFTER.OLD', id: 'AFTER-OLD' });
    const at = (pesan: string) => e.sim.inbox.some((r) => r.pesan === pesan);
    await e.waitFor(() => at('AFTER.FRESH') && at('AFTER.OLD'), 29_000, 'the messages written after OtomaX came back');
    const afterMs = performance.now() - back;
    expect((await Promise.all(posts)).every((p) => p.status === 200)).toBe(true);
    // Every message ends: none left queued or being forwarded.
    await e.waitFor(
      () => read(e).inbound.every((r) => r.status !== 'queued' && r.status !== 'forwarding'),
      40_000,
      'every message in a terminal state',
    );
    const drainMs = performance.now() - back;
    const afterRecovery = { max: lag.max / 1e6, p99: lag.percentile(99) / 1e6 };
    lag.reset();
    // The owner releases the first chat: its whole held backlog is back in the queue's reads at once.
    const heldBefore = read(e).outbound.filter((o) => o.to_phone === CHATS[0] && o.status === 'queued').length;
    const release = await e.h.engine.api.invoke('replies:release', { phone: CHATS[0]! });
    expect(release).toEqual({ ok: true, value: { released: true } });
    await new Promise((r) => setTimeout(r, 3_000));
    const afterRelease = { max: lag.max / 1e6, p99: lag.percentile(99) / 1e6 };
    lag.disable();
    clearInterval(beat);
    probing = false;
    await probe;
    const healthMax = Math.max(...health.map((h) => h.ms));

    const { inbound, outbound } = read(e);
    const sent = await e.sent();
    const statuses = Object.fromEntries(countBy(inbound, (r) => `${r.status}/${r.error_class ?? ''}`));
    const kinds = Object.fromEntries(countBy(outbound, (r) => `${r.kind}/${r.status}/${r.error_message ?? ''}`));
    console.log(
      JSON.stringify({
        messages: inbound.length,
        released,
        statuses,
        kinds,
        whatsappSent: sent.length,
        lagMs: { duringOutage, afterRecovery, afterRelease },
        releasedChatBacklog: heldBefore,
        blocks,
        healthMaxMs: { duringOutage: Math.round(healthOutage), overall: Math.round(healthMax) },
        healthProbes: health.length,
        afterRecoveryForwardedMs: Math.round(afterMs),
        drainMs: Math.round(drainMs),
      }),
    );

    expect(inbound).toHaveLength(n * CHATS.length + 2);
    // One terminal state each, and what it means on OtomaX's side and on WhatsApp's.
    const inboxCount = countBy(e.sim.inbox, (r) => r.pesan);
    const repliesOf = new Map<number, OutboundRow[]>();
    for (const o of outbound)
      if (o.inbound_id !== null) repliesOf.set(o.inbound_id, [...(repliesOf.get(o.inbound_id) ?? []), o]);
    for (const r of inbound) {
      const inOtomax = inboxCount.get(r.text) ?? 0;
      const replies = (repliesOf.get(r.id) ?? []).map((o) => o.kind);
      if (r.status === 'forwarded') {
        expect(inOtomax, r.text).toBe(1);
        expect(replies, r.text).toEqual(['auto_reply']); // 42: the format is wrong, said once
      } else if (r.status === 'expired') {
        expect(inOtomax, r.text).toBe(0);
        expect(replies, r.text).toEqual(['expired_notice']);
      } else {
        // Cut at `_exp` while OtomaX held it: OtomaX may have it, never sent again, the reseller told once.
        expect(r, r.text).toMatchObject({ status: 'failed', error_class: 'ambiguous', attempts: 1 });
        expect(inOtomax, r.text).toBe(0); // the simulator refuses it past `_exp` once released
        expect(replies, r.text).toEqual(['check_notice']);
      }
    }
    expect(inbound.find((r) => r.wa_id === 'AFTER-FRESH')?.status).toBe('forwarded');
    expect(inbound.find((r) => r.wa_id === 'AFTER-OLD')?.status).toBe('forwarded');
    // Nothing twice on WhatsApp, and no message answered twice.
    expect(new Set(sent.map((s) => s.id)).size).toBe(sent.length);
    const quoted = sent.map((s) => s.quotedId).filter((q): q is string => q !== null);
    expect(new Set(quoted).size).toBe(quoted.length);
    // The limited replies (auto-replies, expired notices) keep to the chat's limit within the test's minute.
    const limited = new Set(outbound.filter((o) => o.kind !== 'check_notice').map((o) => o.wa_id));
    for (const [chat, k] of countBy(
      sent.filter((s) => limited.has(s.id)),
      (s) => s.to,
    ))
      expect(k, chat).toBeLessThanOrEqual(REPLY_LIMIT);
    // The engine kept answering. The 100,000-message flood once lagged 26 s in the send queue; here, before the held
    // marks of a look became one commit, a look that met 1,000 new notices blocked the loop 0.9-1.4 s (each mark its
    // own synced commit). Since: 26-86 ms at most, 15-20 ms at the 99th percentile (a shared 2-core machine).
    expect(duringOutage.max).toBeLessThan(500);
    expect(afterRecovery.max).toBeLessThan(500);
    expect(afterRelease.max).toBeLessThan(500);
    expect(healthMax).toBeLessThan(500);
  }, 150_000);
});
