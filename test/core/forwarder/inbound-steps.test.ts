/**
 * The inbound pipeline's steps on faked ports: no HTTP server, no database, no whole host. The forward step talks
 * to the real OtomaX client over undici's MockAgent (no socket), so the client's own 1/2/4 s backoff and its _exp
 * bound run under vitest's fake timers and are asserted to the millisecond. The whole-host tests beside this file
 * stay the integration layer.
 */
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InboundStatus } from '../../../shared/dto';
import { SETTINGS_META } from '../../../shared/settings-meta';
import { createAcceptStep } from '../../../electron/core/forwarder/inbound-accept';
import { createForwardStep, NOT_CONFIGURED_MESSAGE } from '../../../electron/core/forwarder/inbound-forward';
import { createRecoverStep } from '../../../electron/core/forwarder/inbound-recover';
import { createReplyStep, type ReplyStep } from '../../../electron/core/forwarder/inbound-reply';
import type { AttemptRow, InboundRow, NewInbound } from '../../../electron/core/forwarder/inbound-repo';
import { RETRY_LATER_MS } from '../../../electron/core/forwarder/inbound-rules';
import type { IncomingMessage, NewOutbound, OtomaxPort } from '../../../electron/core/forwarder/ports';
import { createReplyDedupe } from '../../../electron/core/forwarder/reply-dedupe';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { createMetrics } from '../../../electron/core/kernel/metrics';
import { createOtomaxClient } from '../../../electron/core/otomax/client';
import { INSERT_INBOX_TTL_MS } from '../../../electron/core/otomax/exp';

const T0 = Date.parse('2026-01-05T10:00:00Z');
const clock = { now: () => Date.now() };
const log = silentLogger();

const settings = {
  otomaxLateNotice: SETTINGS_META.otomaxLateNotice.default,
  otomaxTroubleNotice: 'OtomaX sedang gangguan, kirim ulang nanti',
  otomaxReplyOnExpired: true,
  otomaxCheckReply: 'Cek dulu sebelum kirim ulang',
  otomaxDefaultReseller: 'R001',
  otomaxDefaultKodeTerminal: 7,
  otomaxForwardOutgoing: false,
  otomaxForwardIncoming: true,
};

function rowOf(id: number, over: Partial<InboundRow> = {}): InboundRow {
  return {
    id,
    session_id: 'default',
    wa_key: `default|6281@s.whatsapp.net||W${id}`,
    wa_id: `W${id}`,
    chat_jid: '6281234567890@s.whatsapp.net',
    participant_jid: null,
    sender_phone: '6281234567890',
    sender_lid: null,
    push_name: null,
    from_me: 0,
    is_group: 0,
    is_media: 0,
    text: 'TRX.5.081234',
    wa_timestamp: clock.now(),
    received_at: clock.now(),
    expires_at: clock.now() + INSERT_INBOX_TTL_MS,
    status: 'queued',
    attempts: 0,
    kode_inbox: null,
    otomax_status: null,
    otomax_desc: null,
    otomax_reply: null,
    otomax_raw: null,
    error_class: null,
    error_message: null,
    forwarded_at: null,
    latency_ms: null,
    read_at: null,
    ...over,
  };
}

/** The inbound log as a map: what each step wrote is read back from here. */
function fakeInbound(rows: InboundRow[] = []) {
  const byId = new Map(rows.map((r) => [r.id, { ...r }]));
  const keys = new Set(rows.map((r) => r.wa_key));
  const attempts: { id: number; a: AttemptRow }[] = [];
  const must = (id: number) => {
    const r = byId.get(id);
    if (!r) throw new Error(`no row ${id}`);
    return r;
  };
  return {
    byId,
    attempts,
    get: (id: number) => byId.get(id) ?? null,
    setStatus(id: number, status: InboundStatus, errorClass: string | null = null, message: string | null = null) {
      Object.assign(must(id), { status, error_class: errorClass, error_message: message });
    },
    startForwardInTransaction(id: number) {
      const r = must(id);
      if (r.status !== 'queued') return false;
      Object.assign(r, { status: 'forwarding', attempts: r.attempts + 1 });
      return true;
    },
    addAttempt: (id: number, a: AttemptRow) => void attempts.push({ id, a }),
    setAnswer(id: number, a: { kodeInbox: number | null; status: number | null; reply: string | null }, now: number) {
      Object.assign(must(id), {
        status: 'forwarded',
        kode_inbox: a.kodeInbox,
        otomax_status: a.status,
        otomax_reply: a.reply,
        forwarded_at: now,
      });
    },
    setRead(id: number, now: number) {
      Object.assign(must(id), { read_at: now });
      return { changes: 1, lastInsertRowid: 0 };
    },
    insert(m: NewInbound): InboundRow | null {
      if (keys.has(m.waKey)) return null;
      keys.add(m.waKey);
      const id = byId.size + 1;
      const r = rowOf(id, {
        wa_key: m.waKey,
        wa_id: m.waId,
        sender_phone: m.senderPhone,
        from_me: m.fromMe ? 1 : 0,
        text: m.text,
        wa_timestamp: m.waTimestamp,
        received_at: m.receivedAt,
        expires_at: m.expiresAt,
        status: m.status,
        attempts: m.attempts ?? 0,
        error_message: m.errorMessage ?? null,
      });
      byId.set(id, r);
      return { ...r };
    },
    inFlight: () => [...byId.values()].filter((r) => ['received', 'queued', 'forwarding'].includes(r.status)),
  };
}

function fakeOutbound() {
  const sent: NewOutbound[] = [];
  let wakes = 0;
  return {
    sent,
    wakes: () => wakes,
    insert(row: NewOutbound) {
      sent.push(row);
      return { id: sent.length, waId: `OUT${sent.length}` };
    },
    wake: () => void wakes++,
  };
}

/** The group commit as the steps see it: the work runs, its promise settles after it (the real one: db/durable). */
const commits = { run: <T>(fn: () => T): Promise<T> => Promise.resolve().then(fn) };

function harness(rows: InboundRow[] = [], over: { outboxHas?: boolean; autoReply?: boolean } = {}) {
  const inbound = fakeInbound(rows);
  const outbound = fakeOutbound();
  const metrics = createMetrics();
  const changed: number[] = [];
  const reachability = { ok: vi.fn(), error: vi.fn() };
  const replies: ReplyStep = createReplyStep({
    transaction: (fn) => fn(),
    commits,
    inbound,
    outbound,
    dedupe: createReplyDedupe({ outboxHasText: () => over.outboxHas ?? false, autoReplyWithText: () => null }),
    limiter: { note: () => false },
    markRead: () => Promise.resolve(),
    settings: () => settings,
    autoReply: () => over.autoReply ?? true,
    reachability,
    clock,
    log,
    metrics,
    onRow: (id) => changed.push(id),
  });
  return { inbound, outbound, metrics, changed, replies, reachability };
}

async function counter(metrics: ReturnType<typeof createMetrics>, name: keyof ReturnType<typeof createMetrics>) {
  const m = metrics[name] as { get(): Promise<{ values: { value: number }[] }> };
  return (await m.get()).values.reduce((n, v) => n + v.value, 0);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('forward step: the OtomaX client over a mock dispatcher, fake timers', () => {
  const base = 'http://127.0.0.1:5999';
  let agent: MockAgent;
  /** When each InsertInbox reached "OtomaX" (ms after T0). */
  let arrivals: number[];

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    arrivals = [];
  });
  afterEach(async () => {
    await agent.close();
  });

  /** OtomaX answers every InsertInbox with `status` (503: busy, surely not processed, safe to send again). */
  function otomaxAnswering(statusCode: number, body: string, over: { retries?: number } = {}) {
    agent
      .get(base)
      .intercept({ path: (p) => p.startsWith('/InsertInbox'), method: 'POST' })
      .reply(() => {
        arrivals.push(Date.now() - T0);
        return { statusCode, data: body };
      })
      .persist();
    return createOtomaxClient({
      baseUrl: base,
      appId: 'A',
      appKey: 'k',
      devKey: 'd',
      clock,
      log,
      dispatcher: agent,
      ...over,
    });
  }

  function forwardStep(h: ReturnType<typeof harness>, otomax: () => OtomaxPort | null) {
    const later = vi.fn<(id: number, ms: number) => void>();
    const forward = createForwardStep({
      inbound: h.inbound,
      commits,
      otomax,
      replies: h.replies,
      settings: () => settings,
      switches: () => ({ forwarding: true }),
      ownPhone: () => null,
      later,
      stopped: () => false,
      clock,
      log,
      metrics: h.metrics,
      reachability: h.reachability,
      onRow: (id) => h.changed.push(id),
    });
    return { forward, later };
  }

  it('a busy OtomaX is tried at 0, 1, 3 and 7 s (the 1/2/4 s backoff), then the row waits RETRY_LATER_MS', async () => {
    const h = harness([rowOf(1)]);
    const client = otomaxAnswering(503, '{"ok":false}');
    const { forward, later } = forwardStep(h, () => client);
    const done = forward(1);
    await vi.advanceTimersByTimeAsync(10_000);
    await done;
    expect(arrivals).toEqual([0, 1000, 3000, 7000]);
    expect(h.inbound.attempts.map((x) => [x.a.attempt, x.a.startedAt - T0, x.a.outcome])).toEqual([
      [1, 0, 'http_5xx'],
      [2, 1000, 'http_5xx'],
      [3, 3000, 'http_5xx'],
      [4, 7000, 'http_5xx'],
    ]);
    expect(h.inbound.byId.get(1)).toMatchObject({ status: 'queued', error_class: 'http_5xx', attempts: 1 });
    expect(later).toHaveBeenCalledExactlyOnceWith(1, RETRY_LATER_MS);
    expect(await counter(h.metrics, 'retries')).toBe(3);
    expect(h.outbound.sent).toEqual([]);
  });

  it('a retry that would arrive after _exp is not sent: the message expires and the sender is told', async () => {
    // The WhatsApp message is 25 s old: _exp is 5 s away. Tries at 0 and 1 s and 3 s; the next (3 + 4 = 7 s) is past it.
    const h = harness([rowOf(1, { expires_at: T0 + 5_000 })]);
    const client = otomaxAnswering(503, '{"ok":false}');
    const { forward, later } = forwardStep(h, () => client);
    const done = forward(1);
    await vi.advanceTimersByTimeAsync(10_000);
    await done;
    expect(arrivals).toEqual([0, 1000, 3000]);
    expect(h.inbound.attempts.map((x) => [x.a.attempt, x.a.outcome])).toEqual([
      [1, 'http_5xx'],
      [2, 'http_5xx'],
      [3, 'http_5xx'],
      [4, 'expired'],
    ]);
    expect(h.inbound.byId.get(1)).toMatchObject({ status: 'expired', error_class: 'expired' });
    expect(later).not.toHaveBeenCalled();
    expect(h.outbound.sent).toEqual([
      expect.objectContaining({
        kind: 'expired_notice',
        text: settings.otomaxTroubleNotice,
        toPhone: '6281234567890',
        toJid: '6281234567890@s.whatsapp.net',
        inboundId: 1,
        quotedWaKey: rowOf(1).wa_key,
      }),
    ]);
    expect(h.outbound.wakes()).toBe(1);
    expect(await counter(h.metrics, 'expired')).toBe(1);
  });

  it('a busy OtomaX near _exp is not tried again later: the 3 s wait would pass _exp, so it expires now', async () => {
    const h = harness([rowOf(1, { expires_at: T0 + 2_000 })]);
    const client = otomaxAnswering(503, '{"ok":false}', { retries: 0 });
    const { forward, later } = forwardStep(h, () => client);
    await forward(1);
    expect(arrivals).toEqual([0]);
    expect(later).not.toHaveBeenCalled();
    expect(h.inbound.byId.get(1)).toMatchObject({ status: 'expired', error_class: 'expired' });
    expect(h.inbound.byId.get(1)?.error_message).toMatch(/^OtomaX did not take it before _exp: /);
    expect(h.outbound.sent.map((o) => o.kind)).toEqual(['expired_notice']);
  });

  it("a definite refusal is neither retried nor expired: it fails with OtomaX's reason", async () => {
    const h = harness([rowOf(1)]);
    const client = otomaxAnswering(200, '{"ok":false,"desc":"sibuk"}');
    const { forward, later } = forwardStep(h, () => client);
    await forward(1);
    expect(arrivals).toEqual([0]);
    expect(later).not.toHaveBeenCalled();
    expect(h.inbound.byId.get(1)).toMatchObject({ status: 'failed', error_class: 'rejected' });
    expect(h.outbound.sent).toEqual([]);
  });

  it('OtomaX answers 21: forwarded, and the reply goes back to the chat quoting the message', async () => {
    const h = harness([rowOf(1)]);
    const client = otomaxAnswering(200, '{"ok":true,"result":{"kode_inbox":77,"status":21,"pesan":"TRX OK"}}');
    const { forward } = forwardStep(h, () => client);
    await forward(1);
    expect(h.inbound.byId.get(1)).toMatchObject({ status: 'forwarded', kode_inbox: 77, otomax_status: 21 });
    expect(h.outbound.sent).toEqual([expect.objectContaining({ kind: 'auto_reply', text: 'TRX OK', inboundId: 1 })]);
    expect(h.reachability.ok).toHaveBeenCalledOnce();
  });

  it('the window reads the row only after its InsertInbox is written, not on the way of the forward (issue 15)', async () => {
    const h = harness([rowOf(1)]);
    const real = otomaxAnswering(200, '{"ok":true,"result":{"kode_inbox":78,"status":21,"pesan":"TRX OK"}}');
    /** How many rows the window had been shown when the request was written. */
    const shownAtWrite: number[] = [];
    const client: OtomaxPort = {
      ...real,
      insertInbox(body, o) {
        const answer = real.insertInbox(body, o);
        // undici writes a request on a kept-alive connection one loop turn after the call (its idle-socket check);
        // the answer comes after that.
        return new Promise((resolve, reject) =>
          setImmediate(() => {
            shownAtWrite.push(h.changed.length);
            answer.then(resolve, reject);
          }),
        );
      },
    };
    const { forward } = forwardStep(h, () => client);
    await forward(1);
    expect(shownAtWrite).toEqual([0]);
    expect(h.changed).toContain(1);
    expect(h.inbound.byId.get(1)).toMatchObject({ status: 'forwarded', kode_inbox: 78 });
  });

  it('a row handed over as logged but no longer queued when its turn comes is neither sent nor rewritten', async () => {
    // The accept step hands the row it logged ('queued') to the queue; meanwhile it was taken ('forwarding', its
    // InsertInbox on the way) or ended. The held copy says 'queued': the stored status decides.
    const h = harness([rowOf(1, { status: 'forwarding', attempts: 1 }), rowOf(2, { status: 'not_forwarded' })]);
    const client = otomaxAnswering(200, '{"ok":true,"result":{"kode_inbox":79,"status":21,"pesan":"TRX OK"}}');
    const { forward, later } = forwardStep(h, () => client);
    await forward(1, rowOf(1));
    expect(arrivals).toEqual([]);
    expect(h.inbound.byId.get(1)).toMatchObject({ status: 'forwarding', attempts: 1 });
    // Not configured either: the held row must not be written back to 'queued'.
    const none = forwardStep(h, () => null);
    await none.forward(2, rowOf(2));
    expect(h.inbound.byId.get(2)).toMatchObject({ status: 'not_forwarded' });
    expect(none.later).not.toHaveBeenCalled();
    expect(later).not.toHaveBeenCalled();
    expect(h.outbound.sent).toEqual([]);
  });

  it('a held row still queued goes out without being read again', async () => {
    const h = harness([rowOf(1)]);
    const client = otomaxAnswering(200, '{"ok":true,"result":{"kode_inbox":80,"status":21,"pesan":"TRX OK"}}');
    const { forward } = forwardStep(h, () => client);
    const reads = vi.spyOn(h.inbound, 'get');
    await forward(1, rowOf(1));
    expect(arrivals).toHaveLength(1);
    expect(reads).not.toHaveBeenCalled();
    expect(h.inbound.byId.get(1)).toMatchObject({ status: 'forwarded', kode_inbox: 80, attempts: 1 });
  });

  it('OtomaX not configured is a value: the row stays queued, says why, and is tried again later', async () => {
    const h = harness([rowOf(1)]);
    const { forward, later } = forwardStep(h, () => null);
    await expect(forward(1)).resolves.toBeUndefined();
    expect(h.inbound.byId.get(1)).toMatchObject({
      status: 'queued',
      error_class: 'not_configured',
      error_message: NOT_CONFIGURED_MESSAGE,
      attempts: 0,
    });
    expect(later).toHaveBeenCalledExactlyOnceWith(1, RETRY_LATER_MS);
    expect(h.changed).toEqual([1]);
  });
});

describe('reply step: the auto-reply on 21/41/42', () => {
  const answer = (status: number | null, pesan: string | null, statusDesc: string | null) => ({
    kode_inbox: 500,
    status,
    pesan,
    statusDesc,
    raw: '{}',
  });

  it.each([
    [21, 'Pesan 21', 'desc 21', 'Pesan 21'],
    [21, null, 'desc 21', 'desc 21'],
    [41, 'pesan 41', 'Format salah', 'Format salah'],
    [42, 'pesan 42', 'Kode produk salah', 'Kode produk salah'],
  ])('status %s (pesan %s, statusDesc %s) → %s', async (status, pesan, desc, text) => {
    const h = harness([rowOf(1)]);
    await h.replies.answered(rowOf(1), answer(status, pesan, desc), T0);
    expect(h.outbound.sent).toEqual([
      expect.objectContaining({ kind: 'auto_reply', text, inboundId: 1, notAfter: T0 + 10 * 60_000 }),
    ]);
    expect(h.outbound.wakes()).toBe(1);
  });

  it.each([20, 40, 50, null])('status %s: no auto-reply (the outbox answers later)', async (status) => {
    const h = harness([rowOf(1)]);
    await h.replies.answered(rowOf(1), answer(status, 'x', 'y'), T0);
    expect(h.outbound.sent).toEqual([]);
    expect(h.inbound.byId.get(1)?.status).toBe('forwarded');
  });

  it('no auto-reply when the outbox already carried the text, when switched off, or for the owner', async () => {
    for (const h of [harness([rowOf(1)], { outboxHas: true }), harness([rowOf(1)], { autoReply: false })]) {
      await h.replies.answered(rowOf(1), answer(21, 'TRX OK', null), T0);
      expect(h.outbound.sent).toEqual([]);
    }
    const own = harness([rowOf(1, { from_me: 1 })]);
    await own.replies.answered(rowOf(1, { from_me: 1 }), answer(21, 'TRX OK', null), T0);
    expect(own.outbound.sent).toEqual([]);
  });
});

describe('accept step: store first, dedupe', () => {
  const message = (over: Partial<IncomingMessage> = {}): IncomingMessage => ({
    sessionId: 'default',
    waKey: 'default|6281@s.whatsapp.net||ABC',
    waId: 'ABC',
    chatJid: '6281234567890@s.whatsapp.net',
    participantJid: null,
    senderPhone: '6281234567890',
    senderLid: null,
    pushName: null,
    fromMe: false,
    isGroup: false,
    isMedia: false,
    text: 'TRX.5.081234',
    timestampMs: clock.now(),
    ...over,
  });
  function acceptStep(ours = false) {
    const h = harness();
    const scheduled: number[] = [];
    const accept = createAcceptStep({
      inbound: h.inbound,
      commits,
      sends: { isOurs: () => ours },
      settings: () => ({ ...settings, otomaxForwardOutgoing: true }),
      switches: () => ({ forwarding: true }),
      ownPhone: () => '6289999',
      replies: h.replies,
      schedule: (id) => scheduled.push(id),
      clock,
      metrics: h.metrics,
      onRow: (id) => h.changed.push(id),
    });
    return { ...h, accept, scheduled };
  }

  it('a re-delivered message is logged once and forwarded once', async () => {
    const s = acceptStep();
    expect(await s.accept(message())).toBe('logged');
    expect(await s.accept(message())).toBe('duplicate');
    expect(s.scheduled).toEqual([1]);
    expect(await counter(s.metrics, 'duplicates')).toBe(1);
  });

  it('a message the queue takes at once is logged already forwarding; a re-delivery of it gives its claim back', async () => {
    const h = harness();
    let held = 0;
    const started: InboundRow[] = [];
    const accept = createAcceptStep({
      inbound: h.inbound,
      commits,
      sends: { isOurs: () => false },
      settings: () => settings,
      switches: () => ({ forwarding: true }),
      ownPhone: () => null,
      replies: h.replies,
      schedule: () => undefined,
      claims: {
        take: () => (held++, true),
        release: () => void held--,
        start: (row) => {
          held--;
          started.push(row);
        },
      },
      clock,
      metrics: h.metrics,
      onRow: (id) => h.changed.push(id),
    });
    expect(await accept(message())).toBe('logged');
    expect(started).toEqual([expect.objectContaining({ id: 1, status: 'forwarding', attempts: 1 })]);
    expect(h.inbound.byId.get(1)).toMatchObject({ status: 'forwarding', attempts: 1 });
    expect(await accept(message())).toBe('duplicate');
    expect(started).toHaveLength(1);
    expect(held).toBe(0);
  });

  it('the echo of our own send is ignored; an empty text is ignored', async () => {
    const s = acceptStep(true);
    expect(await s.accept(message({ fromMe: true }))).toBe('ignored');
    expect(await s.accept(message({ text: '  ' }))).toBe('ignored');
    expect(s.inbound.byId.size).toBe(0);
  });

  it('a message that arrives after _exp is logged expired and the sender gets the late notice', async () => {
    const s = acceptStep();
    expect(await s.accept(message({ timestampMs: clock.now() - INSERT_INBOX_TTL_MS }))).toBe('logged');
    expect(s.inbound.byId.get(1)).toMatchObject({ status: 'expired', error_class: 'late' });
    expect(s.scheduled).toEqual([]);
    expect(s.outbound.sent).toEqual([
      expect.objectContaining({ kind: 'expired_notice', text: settings.otomaxLateNotice }),
    ]);
  });
});

describe('recover step: rows a previous run left mid-flight', () => {
  it('mid-send → flagged and the sender told once; past _exp → expired; received or queued → forwarded', async () => {
    const h = harness([
      rowOf(1, { status: 'forwarding' }),
      rowOf(2, { status: 'queued', expires_at: T0 - 1 }),
      rowOf(3, { status: 'received' }),
      rowOf(4, { status: 'queued' }),
      rowOf(5, { status: 'forwarded' }),
    ]);
    const scheduled: number[] = [];
    await createRecoverStep({ inbound: h.inbound, replies: h.replies, schedule: (id) => scheduled.push(id), clock })();
    expect(h.inbound.byId.get(1)).toMatchObject({ status: 'failed', error_class: 'interrupted' });
    expect(h.inbound.byId.get(2)).toMatchObject({ status: 'expired', error_class: 'expired' });
    expect(h.inbound.byId.get(3)?.status).toBe('queued');
    expect(h.inbound.byId.get(5)?.status).toBe('forwarded');
    expect(scheduled).toEqual([3, 4]);
    expect(h.outbound.sent.map((o) => [o.inboundId, o.kind, o.text])).toEqual([
      [1, 'check_notice', settings.otomaxCheckReply],
      [2, 'expired_notice', settings.otomaxTroubleNotice],
    ]);
  });
});

describe('the reply-versus-outbox rule, from the outbox end', () => {
  it.each([
    [null, { kind: 'none' }],
    [
      { id: 9, status: 'queued' as const },
      { kind: 'pending', outboundId: 9 },
    ],
    [
      { id: 9, status: 'sending' as const },
      { kind: 'pending', outboundId: 9 },
    ],
    [{ id: 9, status: 'sent' as const }, { kind: 'carried' }],
    [{ id: 9, status: 'read' as const }, { kind: 'carried' }],
  ])('auto-reply %o → %o', (found, expected) => {
    const asked: unknown[] = [];
    const d = createReplyDedupe({
      outboxHasText: () => false,
      autoReplyWithText: (...a) => (asked.push(a), found),
    });
    expect(d.autoReplyFor(500, '6281', 'TRX OK')).toEqual(expected);
    expect(d.autoReplyFor(null, '6281', 'TRX OK')).toEqual({ kind: 'none' });
    expect(asked).toEqual([[500, '6281', 'TRX OK']]);
  });
});
