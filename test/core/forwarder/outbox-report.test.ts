/**
 * The outbox report step (UpdateStatusOutbox) on faked ports and fake timers: its backoff, a definite refusal,
 * OtomaX not configured (a value, not a throw), and one unreachable pass that stops early.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OutboxRow } from '../../../electron/core/forwarder/outbox-repo';
import { createReportStep, REPORT_BACKOFF_MS } from '../../../electron/core/forwarder/outbox-report';
import type { OtomaxPort } from '../../../electron/core/forwarder/ports';
import { silentLogger } from '../../../electron/core/kernel/logger';
import { OtomaxError } from '../../../electron/core/otomax/errors';

const T0 = Date.parse('2026-01-05T10:00:00Z');
const clock = { now: () => Date.now() };

function rowOf(id: number): OutboxRow {
  return {
    id,
    kode: `K${id}`,
    penerima: '6281234567890',
    pesan: 'TRX OK',
    kode_inbox: null,
    kode_transaksi: null,
    kode_reseller: null,
    raw: '{}',
    received_at: T0,
    status: 'sent',
    delivered_at: T0,
    report_status: 20,
    reported_at: null,
    report_attempts: 0,
    error_message: null,
  };
}

/** Outbox rows waiting to be reported, fewest attempts first (as the repository orders them). */
function fakeOutbox(rows: OutboxRow[]) {
  const byId = new Map(rows.map((r) => [r.id, { ...r }]));
  const waiting = () => [...byId.values()].filter((r) => r.reported_at === null);
  return {
    byId,
    unreported: (limit: number) =>
      waiting()
        .sort((a, b) => a.report_attempts - b.report_attempts || a.id - b.id)
        .slice(0, limit),
    setReported(id: number, now: number) {
      const r = byId.get(id) as OutboxRow;
      Object.assign(r, { reported_at: now, report_attempts: r.report_attempts + 1 });
      return { changes: 1, lastInsertRowid: 0 };
    },
    reportFailed(id: number, error: string) {
      const r = byId.get(id) as OutboxRow;
      Object.assign(r, { report_attempts: r.report_attempts + 1, error_message: error });
      return { changes: 1, lastInsertRowid: 0 };
    },
    countUnreported: () => waiting().length,
  };
}

/** OtomaX that answers each UpdateStatusOutbox with the next outcome in `plan` (then ok); calls at ms after T0. */
function fakeOtomax(plan: (OtomaxError | 'ok')[]) {
  const calls: { kode: string; status: number; at: number }[] = [];
  const port: OtomaxPort = {
    insertInbox: () => Promise.reject(new Error('not used')),
    async updateStatusOutbox(kode, status) {
      calls.push({ kode, status, at: Date.now() - T0 });
      const next = plan.shift() ?? 'ok';
      if (next !== 'ok') throw next;
      return {};
    },
  };
  return { port, calls };
}

const busy = () => new OtomaxError({ klass: 'http_5xx', message: 'OtomaX answered HTTP 503', httpStatus: 503 });
const down = () => new OtomaxError({ klass: 'unreachable', message: 'connection refused' });
const refused = () => new OtomaxError({ klass: 'rejected', message: 'OtomaX refused: kode tidak dikenal' });

describe('outbox report step', () => {
  let stop: (() => Promise<void>) | null = null;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(T0);
  });
  afterEach(async () => {
    await stop?.();
    stop = null;
    vi.useRealTimers();
  });

  function reporter(rows: OutboxRow[], otomax: () => OtomaxPort | null) {
    const outbox = fakeOutbox(rows);
    const reachability = { ok: vi.fn(), error: vi.fn() };
    const r = createReportStep({ outbox, otomax, clock, log: silentLogger(), reachability });
    r.start();
    stop = r.stop;
    return { ...r, outbox, reachability };
  }

  it('a failing report is asked again after 1, 2, 5, 10, 30, 60, 60 s', async () => {
    expect(REPORT_BACKOFF_MS).toEqual([1000, 2000, 5000, 10_000, 30_000, 60_000]);
    const o = fakeOtomax([busy(), busy(), busy(), busy(), busy(), busy(), busy()]);
    const r = reporter([rowOf(1)], () => o.port);
    r.kick();
    await vi.advanceTimersByTimeAsync(200_000);
    expect(o.calls.map((c) => c.at)).toEqual([0, 1000, 3000, 8000, 18_000, 48_000, 108_000, 168_000]);
    expect(r.outbox.byId.get(1)).toMatchObject({ reported_at: T0 + 168_000, report_attempts: 8 });
    expect(o.calls[0]).toMatchObject({ kode: 'K1', status: 20 });
  });

  it('a definite refusal is recorded and not asked again', async () => {
    const o = fakeOtomax([refused()]);
    const r = reporter([rowOf(1)], () => o.port);
    r.kick();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(o.calls).toHaveLength(1);
    expect(r.outbox.byId.get(1)).toMatchObject({
      reported_at: T0,
      error_message: 'UpdateStatusOutbox refused: OtomaX refused: kode tidak dikenal',
    });
    expect(r.reachability.error).toHaveBeenCalledWith(expect.any(String), true, 'rejected');
  });

  it('OtomaX not configured: nothing is sent, the rows wait on the backoff, then go once it is set up', async () => {
    const o = fakeOtomax([]);
    let configured = false;
    const r = reporter([rowOf(1), rowOf(2)], () => (configured ? o.port : null));
    r.kick();
    await vi.advanceTimersByTimeAsync(2_500);
    expect(o.calls).toEqual([]);
    expect(r.outbox.byId.get(1)).toMatchObject({ reported_at: null, report_attempts: 0, error_message: null });
    configured = true;
    r.kick();
    await vi.advanceTimersByTimeAsync(0);
    expect(o.calls.map((c) => [c.kode, c.at])).toEqual([
      ['K1', 2_500],
      ['K2', 2_500],
    ]);
    expect(r.outbox.countUnreported()).toBe(0);
  });

  it('OtomaX unreachable: the pass stops at the first row instead of knocking once per row', async () => {
    const o = fakeOtomax([down()]);
    const r = reporter([rowOf(1), rowOf(2), rowOf(3)], () => o.port);
    r.kick();
    await vi.advanceTimersByTimeAsync(0);
    expect(o.calls.map((c) => c.kode)).toEqual(['K1']);
    // One second later the others go first (fewest attempts), then the one that failed.
    await vi.advanceTimersByTimeAsync(1000);
    expect(o.calls.map((c) => [c.kode, c.at])).toEqual([
      ['K1', 0],
      ['K2', 1000],
      ['K3', 1000],
      ['K1', 1000],
    ]);
  });

  it('a kick that comes while a pass is still asking OtomaX is not lost: the next pass starts at once', async () => {
    // The pass in flight fails slowly (OtomaX hangs up after 2 s) while OtomaX comes back and kicks the reporter.
    // Before, the kick landed on a busy reporter and was dropped: the row waited out the backoff instead.
    const calls: number[] = [];
    let first = true;
    const port: OtomaxPort = {
      insertInbox: () => Promise.reject(new Error('not used')),
      async updateStatusOutbox() {
        calls.push(Date.now() - T0);
        if (!first) return {};
        first = false;
        await new Promise((r) => setTimeout(r, 2_000));
        throw busy();
      },
    };
    const r = reporter([rowOf(1)], () => port);
    for (let i = 0; i < 3; i++) {
      // Three failed passes first: the backoff is now 5 s.
      first = true;
      r.kick();
      await vi.advanceTimersByTimeAsync(2_000);
    }
    calls.length = 0;
    first = true;
    r.kick();
    await vi.advanceTimersByTimeAsync(500);
    r.kick(); // OtomaX answered something else meanwhile: report now
    await vi.advanceTimersByTimeAsync(1_600);
    expect(calls).toHaveLength(2);
    expect((calls[1] as number) - (calls[0] as number)).toBeLessThan(2_100);
    expect(r.outbox.countUnreported()).toBe(0);
  });
});
