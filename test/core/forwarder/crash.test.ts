import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { startOtomaxSim } from '../../sim/otomax/sim';
import type { OtomaxSim } from '../../sim/otomax/types';
import { freePort, startChildHost, type ChildHost } from '../../helpers/child-host';
import { tempDir } from '../../helpers/tmp';

const MESSAGES = 500;
const KILLS = 4;
const API_KEY = 'crash-test-api-key-0123456789';
const RESELLER = '6281234567890';
/** Three simulated numbers: the primary on the global terminal (1), two more on terminals 2 and 3. */
const EXTRA_NUMBERS = [
  { name: 'Dua', kode_terminal: 2 },
  { name: 'Tiga', kode_terminal: 3 },
];
/** Every tenth message is not a transaction: OtomaX answers 42 and the auto-reply leaves from its number. */
const isReplyCase = (i: number) => i % 10 === 7;

const dir = tempDir('jembatan-crash-');
let sim: OtomaxSim | null = null;
let child: ChildHost | null = null;
afterAll(async () => {
  child?.proc.kill('SIGKILL');
  await sim?.close();
  dir.cleanup();
});

/** A deterministic generator, so a failing run can be repeated with the same kill points. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

describe('the engine killed mid-flight (SIGKILL) and restarted', () => {
  it(`${MESSAGES} messages on three numbers, ${KILLS} kills: every message forwarded at most once with its number's terminal, every reply and outbox message sent exactly once from the right number, none lost`, async () => {
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 100_000);
    console.log(`crash test seed=${seed} (repeat with CRASH_SEED=${seed})`);
    const random = rng(seed);
    sim = await startOtomaxSim({
      resellers: [{ kode: 'R0001', phone: RESELLER, saldo: 100_000_000, pin: '1234' }],
      callback: { delayMs: 30, retryMs: 200, maxTries: 1000, timeoutMs: 2000 },
      infoToOutbox: false,
    });
    const port = await freePort();
    const sentLog = join(dir.dir, 'sent.jsonl');
    const args = [
      `--data-dir=${dir.dir}`,
      '--host=127.0.0.1',
      `--port=${port}`,
      '--whatsapp=simulated',
      '--otomax-enabled=true',
      `--otomax-api-url=${sim.url}`,
      '--otomax-app-id=APPID123',
      '--otomax-timeout-ms=3000',
      '--log-level=warn',
    ];
    const env = {
      JEMBATAN_API_KEY: API_KEY,
      OTOMAX_APP_KEY: 'appkey-secret',
      OTOMAX_DEV_KEY: 'devkey-secret',
      JEMBATAN_SIM_SENT_LOG: sentLog,
      // Keep away from a real installation's keychain entries.
      JEMBATAN_KEYCHAIN_SERVICE: `JembatanCrashTest${seed}`,
      JEMBATAN_SEND_RATE: '50',
      // 50 auto-replies to one reseller within minutes: not a bot loop here.
      JEMBATAN_REPLY_LIMIT: '600',
    };
    const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
      const r = await request(`${child!.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: r.statusCode, json: (await r.body.json()) as { results: Record<string, unknown> } };
    };
    const start = async () => {
      child = await startChildHost(args, env);
      // The first run pairs the simulated phone (QR "scanned" after 1.5 s); later runs are linked already.
      const until = Date.now() + 10_000;
      for (;;) {
        const h = await call('GET', '/otomax/health');
        if ((h.json.results.whatsapp as { state: string }).state === 'open') break;
        if (Date.now() > until) throw new Error('WhatsApp (simulated) did not open');
        await new Promise((r) => setTimeout(r, 100));
      }
      await call('POST', '/otomax/set-callback', {});
      await allOpen();
    };
    /** Every live number linked (simulated: the first run pairs each once; later runs are linked already). */
    const allOpen = async () => {
      const until = Date.now() + 10_000;
      for (;;) {
        const list = (await call('GET', '/whatsapp/numbers')).json.results as unknown as { state: string }[];
        if (list.every((n) => n.state === 'open')) return;
        if (Date.now() > until) throw new Error(`numbers did not open: ${JSON.stringify(list)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };

    await start();
    const numberIds = ['default'];
    const terminalOf = new Map<string, number>([['default', 1]]);
    for (const n of EXTRA_NUMBERS) {
      const r = await call('POST', '/whatsapp/numbers', n);
      expect(r.status).toBe(200);
      const id = (r.json.results as { id: string }).id;
      numberIds.push(id);
      terminalOf.set(id, n.kode_terminal);
    }
    await allOpen();
    const numberOf = (i: number) => numberIds[i % numberIds.length] as string;
    const textOf = (i: number) => (isReplyCase(i) ? `HALO${i}` : `S5.0811${String(i).padStart(7, '0')}.1234`);
    const numberOfText = new Map<string, string>();
    const killAt = new Set(
      Array.from({ length: KILLS }, (_, i) => Math.floor(((i + 1) * MESSAGES) / (KILLS + 1) + (random() - 0.5) * 60)),
    );
    const accepted = new Set<string>();
    let kills = 0;
    const deadline = Date.now() + 240_000;
    for (let i = 0; i < MESSAGES; i++) {
      if (Date.now() > deadline) throw new Error('the run took too long');
      const id = `CRASH${String(i).padStart(4, '0')}`;
      const text = textOf(i);
      const number = numberOf(i);
      numberOfText.set(text, number);
      // A message refused because the host was down is re-delivered, like WhatsApp does.
      for (let tries = 0; ; tries++) {
        if (tries > 50) throw new Error(`message ${id} never accepted`);
        try {
          const r = await call('POST', '/dev/whatsapp/incoming', { from: RESELLER, text, id, number });
          if (r.status === 200 && (r.json.results as { delivered: boolean }).delivered) {
            accepted.add(id);
            break;
          }
        } catch {
          // connection refused while restarting
        }
        await new Promise((r) => setTimeout(r, 100));
        if (child?.proc.exitCode !== null || child.proc.signalCode !== null) await start();
      }
      if (killAt.has(i)) {
        // Let work get mid-flight (forwarding, sending, reporting), then kill without warning.
        await new Promise((r) => setTimeout(r, Math.floor(random() * 300)));
        child!.proc.kill('SIGKILL');
        await child!.exited;
        kills++;
        await start();
      }
    }
    expect(kills).toBe(KILLS);
    expect(accepted.size).toBe(MESSAGES);

    // Let everything settle: each transaction's result delivered and reported.
    const settle = Date.now() + 120_000;
    const dbFile = join(dir.dir, 'jembatan.db');
    const audit = () => {
      const db = new Database(dbFile, { readonly: true });
      try {
        return {
          inbound: db
            .prepare('SELECT id, wa_id, session_id, text, status, error_class FROM inbound_messages')
            .all() as {
            id: number;
            wa_id: string;
            session_id: string;
            text: string;
            status: string;
            error_class: string | null;
          }[],
          replies: db
            .prepare("SELECT inbound_id, session_id, wa_id, status FROM outbound_messages WHERE kind = 'auto_reply'")
            .all() as { inbound_id: number; session_id: string; wa_id: string; status: string }[],
          outbox: db.prepare('SELECT kode, pesan, status, reported_at FROM outbox_messages').all() as {
            kode: string;
            pesan: string;
            status: string;
            reported_at: number | null;
          }[],
        };
      } finally {
        db.close();
      }
    };
    for (;;) {
      const a = audit();
      const inFlight =
        a.inbound.filter((r) => ['received', 'queued', 'forwarding'].includes(r.status)).length +
        a.replies.filter((r) => ['queued', 'sending'].includes(r.status)).length;
      const outboxAcked = sim.outbox.filter((o) => o.acked).length;
      const unreported = a.outbox.filter((o) => o.reported_at === null).length;
      if (
        !inFlight &&
        outboxAcked === sim.outbox.length &&
        sim.transactions.every((t) => t.state !== 'pending') &&
        !unreported &&
        a.outbox.length === sim.outbox.length
      )
        break;
      if (Date.now() > settle)
        throw new Error(
          `did not settle: inFlight=${inFlight} outbox=${a.outbox.length}/${sim.outbox.length} unreported=${unreported}`,
        );
      await new Promise((r) => setTimeout(r, 250));
    }
    child!.proc.kill('SIGTERM');
    const { code } = await child!.exited;
    expect(code).toBe(0);

    const { inbound, outbox, replies } = audit();
    // None lost: every accepted message has exactly one row, in an end state.
    expect(new Set(inbound.map((r) => r.wa_id))).toEqual(accepted);
    expect(inbound).toHaveLength(MESSAGES);
    for (const r of inbound) expect(['forwarded', 'failed', 'expired'], `${r.wa_id} ${r.status}`).toContain(r.status);
    // At most once: OtomaX saw each text once or never.
    const seen = new Map<string, number>();
    for (const row of sim.inbox) seen.set(row.pesan, (seen.get(row.pesan) ?? 0) + 1);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    // Each forwarded with its own number's terminal, and logged under the number it arrived on.
    for (const row of sim.inbox) {
      expect(row.kode_terminal, row.pesan).toBe(terminalOf.get(numberOfText.get(row.pesan) ?? ''));
    }
    for (const r of inbound) expect(r.session_id, r.wa_id).toBe(numberOfText.get(r.text));
    for (const id of numberIds) expect(inbound.filter((r) => r.session_id === id).length).toBeGreaterThan(100);
    const forwarded = inbound.filter((r) => r.status === 'forwarded').length;
    // A message is 'failed' only when a kill interrupted its InsertInbox (outcome unknown), never otherwise.
    for (const r of inbound.filter((x) => x.status === 'failed')) expect(r.error_class).toBe('interrupted');
    expect(sim.inbox.length).toBeGreaterThanOrEqual(forwarded);
    expect(forwarded).toBeGreaterThan(MESSAGES * 0.9);

    // Exactly once: every outbox message of OtomaX went out over WhatsApp under one message id, and was reported.
    expect(outbox).toHaveLength(sim.outbox.length);
    const sends = existsSync(sentLog)
      ? readFileSync(sentLog, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { id: string; number: string; text: string })
      : [];
    const idsByText = new Map<string, Set<string>>();
    for (const s of sends) idsByText.set(s.text, (idsByText.get(s.text) ?? new Set()).add(s.id));
    const story = (text: string) => {
      const db = new Database(dbFile, { readonly: true });
      try {
        return JSON.stringify({
          outbox: db
            .prepare('SELECT id, kode, status, report_status, error_message FROM outbox_messages WHERE pesan = ?')
            .all(text),
          outbound: db
            .prepare(
              'SELECT id, kind, status, attempts, wa_id, error_message, outbox_id FROM outbound_messages WHERE text = ?',
            )
            .all(text),
        });
      } finally {
        db.close();
      }
    };
    for (const o of sim.outbox) {
      expect(idsByText.get(o.pesan)?.size, `seed ${seed}, outbox ${o.kode}: ${story(o.pesan)}`).toBe(1);
      // From the number whose terminal OtomaX named, and from no other.
      const want = [...terminalOf].find(([, t]) => t === o.kode_terminal)?.[0];
      expect(o.kode_terminal).toBeGreaterThanOrEqual(1);
      const from = new Set(sends.filter((s) => s.text === o.pesan).map((s) => s.number));
      expect([...from], `outbox ${o.kode} terminal ${o.kode_terminal}`).toEqual([want]);
    }
    expect(new Set(sim.outbox.map((o) => o.kode_terminal))).toEqual(new Set([1, 2, 3]));
    // Each reply: one per answered message, sent once (one WhatsApp id) from the number the message came in on.
    const sendsById = new Map<string, Set<string>>();
    for (const s of sends) sendsById.set(s.id, (sendsById.get(s.id) ?? new Set()).add(s.number));
    const inboundById = new Map(inbound.map((r) => [r.id, r]));
    const repliesPer = new Map<number, number>();
    for (const r of replies) {
      const inRow = inboundById.get(r.inbound_id);
      expect(inRow, `reply ${r.wa_id}`).toBeDefined();
      repliesPer.set(r.inbound_id, (repliesPer.get(r.inbound_id) ?? 0) + 1);
      expect(r.session_id).toBe(inRow?.session_id);
      expect(r.status, `reply ${r.wa_id}`).not.toBe('queued');
      if (r.status !== 'failed') expect([...(sendsById.get(r.wa_id) ?? [])]).toEqual([inRow?.session_id]);
    }
    expect([...repliesPer.values()].every((n) => n === 1)).toBe(true);
    const answered42 = inbound.filter((r) => r.status === 'forwarded' && r.text.startsWith('HALO'));
    expect(answered42.length).toBeGreaterThan(0);
    for (const r of answered42) expect(repliesPer.get(r.id), r.wa_id).toBe(1);
    for (const o of outbox) expect(o.status).toBe('sent');
    expect(sim.outbox.every((o) => o.status === 20)).toBe(true);
    console.log(
      `crash test seed=${seed}: ${kills} kills, ${forwarded}/${MESSAGES} forwarded, ${sim.outbox.length} outbox delivered, ${sends.length} send calls for ${idsByText.size} messages`,
    );
  }, 420_000);
});
