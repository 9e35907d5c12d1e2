import { Agent, request } from 'undici';
import type { SimState } from './state';
import { simToken } from './token-check';
import type { SimCallbackOptions, SimOutboxRow } from './types';

export interface DelivererDeps {
  state: SimState;
  options: () => SimCallbackOptions;
  now: () => number;
  onEvent: (event: string, data: Record<string, unknown>) => void;
}

function payloadOf(row: SimOutboxRow, o: SimCallbackOptions): Record<string, unknown> {
  const n = (v: number | null) => (v === null ? null : o.numbersAsStrings ? String(v) : v);
  if (o.shape === 'seed') {
    return { kode: n(row.kode), status: n(row.status), message: row.pesan, pesan: row.pesan, pengirim: row.penerima };
  }
  return {
    kode: n(row.kode),
    penerima: row.penerima,
    tipe_penerima: row.tipe_penerima,
    pesan: row.pesan,
    kode_inbox: n(row.kode_inbox),
    kode_transaksi: n(row.kode_transaksi),
    kode_reseller: row.kode_reseller,
    kode_terminal: n(row.kode_terminal),
    tgl_entri: row.tgl_entri,
    status: n(row.status),
  };
}

/** POSTs outbox rows to the registered callback until one answer is 2xx, a bounded number of tries each. */
export class OutboxDeliverer {
  private readonly agent = new Agent({ keepAliveTimeout: 1_000 });
  private readonly active = new Set<number>();
  private readonly waits = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private stopped = false;

  constructor(private readonly deps: DelivererDeps) {}

  /** Deliver after `delayMs` (0 = now). */
  schedule(row: SimOutboxRow, delayMs: number): void {
    void this.pause(delayMs).then(() => this.deliver(row));
  }

  /** Deliver every row not yet acknowledged (after SetOutboxCallback). */
  flushPending(): void {
    for (const row of this.deps.state.outbox) {
      if (!row.acked && row.tries < this.deps.options().maxTries) void this.deliver(row);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const w of this.waits) {
      clearTimeout(w.timer);
      w.resolve();
    }
    this.waits.clear();
    await this.agent.destroy();
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const w = {
        timer: setTimeout(() => {
          this.waits.delete(w);
          resolve();
        }, ms),
        resolve,
      };
      this.waits.add(w);
    });
  }

  private async deliver(row: SimOutboxRow): Promise<void> {
    if (this.active.has(row.kode)) return;
    this.active.add(row.kode);
    try {
      while (!this.stopped && !row.acked && row.tries < this.deps.options().maxTries) {
        const target = this.deps.state.callbackUrl;
        if (!target) return; // stays pending until a callback is registered
        await this.tryOnce(row, target);
        if (!row.acked && !this.stopped) await this.pause(this.deps.options().retryMs);
      }
    } finally {
      this.active.delete(row.kode);
    }
  }

  private async tryOnce(row: SimOutboxRow, target: string): Promise<void> {
    const o = this.deps.options();
    row.tries += 1;
    const body = JSON.stringify(payloadOf(row, o));
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    let url = target;
    const [appId, app] = Object.entries(this.deps.state.apps)[0] ?? [];
    if (o.token !== 'none' && appId && app) {
      const token = simToken(appId, app, body);
      if (o.token === 'header') headers.token = token;
      else url += (url.includes('?') ? '&' : '?') + 'token=' + token;
    }
    let httpStatus: number | null = null;
    let error: string | null = null;
    try {
      const res = await request(url, {
        method: 'POST',
        headers,
        body,
        dispatcher: this.agent,
        signal: AbortSignal.timeout(o.timeoutMs),
      });
      await res.body.text();
      httpStatus = res.statusCode;
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const ok = httpStatus !== null && httpStatus >= 200 && httpStatus < 300;
    if (ok) row.acked = true;
    this.deps.state.callbackDeliveries.push({
      kode: row.kode,
      attempt: row.tries,
      at: this.deps.now(),
      url: url.replace(/([?&]token=)[^&]*/i, '$1[redacted]'),
      httpStatus,
      error,
      ok,
      body,
    });
    this.deps.onEvent('callback', { kode: row.kode, attempt: row.tries, httpStatus, error });
  }
}
