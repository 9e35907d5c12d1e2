import type {
  SimApp,
  SimCallbackDelivery,
  SimInboxRow,
  SimOutboxRow,
  SimPushOutbox,
  SimRequest,
  SimReseller,
  SimResellerInput,
  SimStatusUpdate,
  SimTransaction,
} from './types';

/** What a method handler answers; the HTTP layer wraps it (always 200 unless a fault says otherwise). */
export type SimReply = { ok: true; result: unknown } | { ok: false; desc: string };

export const STATUS_DESC: Record<number, string> = {
  20: 'Sukses',
  21: 'Sukses Masuk Outbox',
  22: 'Sukses Masuk Transaksi',
  40: 'Gagal',
  41: 'Bukan Reseller',
  42: 'Format Salah',
  43: 'Saldo Tidak Cukup',
  44: 'Produk Salah',
  46: 'Transaksi Dobel',
  49: 'Pin Salah',
};

export const DEFAULT_APPS: Record<string, SimApp> = {
  APPID123: { appKey: 'appkey-secret', devKey: 'devkey-secret' },
};

export const DEFAULT_RESELLERS: SimResellerInput[] = [
  { kode: 'R0001', nama: 'Toko Satu', phone: '6281234567890', saldo: 100_000, pin: '1234' },
];

export const DEFAULT_PRODUCTS: Record<string, number> = {
  S5: 5_500,
  S10: 10_500,
  S20: 20_300,
  S50: 50_000,
  X10: 10_700,
  T10: 10_400,
};

/** The simulator's own phone canon (62..., digits), kept apart from the app's normalizePhone on purpose. */
export function simPhone(input: string): string {
  const d = input.replace(/\D/g, '');
  if (d.startsWith('0')) return '62' + d.slice(1);
  return d;
}

export function rupiah(n: number): string {
  return 'Rp ' + Math.round(n).toLocaleString('id-ID');
}

export function toReseller(r: SimResellerInput): SimReseller {
  return {
    kode: r.kode,
    nama: r.nama ?? r.kode,
    phone: simPhone(r.phone),
    saldo: r.saldo ?? 0,
    saldo_minimal: r.saldo_minimal ?? 0,
    pin: r.pin ?? '1234',
    aktif: r.aktif ?? true,
    suspend: r.suspend ?? false,
  };
}

const targetKey = (reseller: string, product: string, dest: string) => `${reseller}\u0000${product}\u0000${dest}`;

/** The tables of the simulated OtomaX, inspectable from tests. */
export class SimState {
  readonly resellers = new Map<string, SimReseller>();
  readonly inbox: SimInboxRow[] = [];
  readonly outbox: SimOutboxRow[] = [];
  readonly transactions: SimTransaction[] = [];
  /**
   * The transactions of each reseller, product and destination: the duplicate check reads these few instead of
   * every transaction (a scan of all of them made each InsertInbox slower as a flood went on: at 60,000 the
   * simulator, not the engine, set the pace of a 100,000-message bench).
   */
  private readonly byTarget = new Map<string, SimTransaction[]>();
  readonly statusUpdates: SimStatusUpdate[] = [];
  readonly callbackDeliveries: SimCallbackDelivery[] = [];
  readonly requests: SimRequest[] = [];
  callbackUrl: string | null = null;
  private seq = { inbox: 1000, outbox: 5000, trx: 9000 };

  constructor(
    readonly apps: Record<string, SimApp>,
    readonly products: Record<string, number>,
    private readonly now: () => number,
  ) {}

  next(kind: 'inbox' | 'outbox' | 'trx'): number {
    this.seq[kind] += 1;
    return this.seq[kind];
  }

  /** Record a new transaction (in `transactions`, and where the duplicate check finds it). */
  addTransaction(t: SimTransaction): void {
    this.transactions.push(t);
    const key = targetKey(t.reseller.kode, t.product, t.dest);
    const same = this.byTarget.get(key);
    if (same) same.push(t);
    else this.byTarget.set(key, [t]);
  }

  /** A transaction of this reseller for this product and destination that has not failed (OtomaX refuses a second). */
  hasOpenTransaction(resellerKode: string, product: string, dest: string): boolean {
    return (this.byTarget.get(targetKey(resellerKode, product, dest)) ?? []).some((t) => t.state !== 'failed');
  }

  resellerByPhone(phone: string): SimReseller | undefined {
    const p = simPhone(phone);
    for (const r of this.resellers.values()) if (r.phone === p) return r;
    return undefined;
  }

  newOutbox(p: SimPushOutbox): SimOutboxRow {
    const row: SimOutboxRow = {
      kode: this.next('outbox'),
      penerima: p.penerima,
      tipe_penerima: p.tipe_penerima ?? 'W',
      pesan: p.pesan,
      kode_inbox: p.kode_inbox ?? null,
      kode_transaksi: p.kode_transaksi ?? null,
      kode_reseller: p.kode_reseller ?? null,
      kode_terminal: p.kode_terminal ?? 1,
      tgl_entri: new Date(this.now()).toISOString().slice(0, 19).replace('T', ' '),
      status: 0,
      acked: false,
      tries: 0,
    };
    this.outbox.push(row);
    return row;
  }
}
