import { type InboxContext, insertInbox } from './inbox-rules';
import type { SimReply } from './state';

export interface MethodContext extends InboxContext {
  numbersAsStrings: boolean;
  versi: string;
  /** Registers the callback and starts delivering what waited for one. */
  setCallbackUrl: (url: string) => void;
}

export type MethodHandler = (body: Record<string, unknown>) => SimReply;

const fail = (desc: string): SimReply => ({ ok: false, desc });

function kodeOf(body: Record<string, unknown>): string | null {
  const k = body.kode;
  if (typeof k === 'string' && k.trim() !== '') return k.trim();
  if (typeof k === 'number' && Number.isFinite(k)) return String(k);
  return null;
}

/** OtomaX's OpenApi methods as far as the protocol doc knows them (results per its CONTRACT lines). */
export function createMethods(ctx: MethodContext): Record<string, MethodHandler> {
  const num = (n: number) => (ctx.numbersAsStrings ? String(n) : n);
  const { state } = ctx;
  return {
    InsertInbox: (body) => insertInbox(ctx, body),
    SetOutboxCallback(body) {
      const url = body.url;
      if (typeof url !== 'string' || !/^https?:\/\/[^\s]+$/i.test(url)) return fail('url tidak valid');
      ctx.setCallbackUrl(url);
      return { ok: true, result: { url } };
    },
    GetOutboxCallback: () => ({ ok: true, result: { url: state.callbackUrl ?? '' } }),
    GetRs(body) {
      const kode = kodeOf(body);
      const r = kode ? state.resellers.get(kode) : undefined;
      if (!r) return fail('Reseller tidak ditemukan');
      return {
        ok: true,
        result: {
          kode: r.kode,
          nama: r.nama,
          saldo: num(r.saldo),
          saldo_minimal: num(r.saldo_minimal),
          aktif: r.aktif,
          suspend: r.suspend,
        },
      };
    },
    GetSaldoRs(body) {
      const kode = kodeOf(body);
      const r = kode ? state.resellers.get(kode) : undefined;
      if (!r) return fail('Reseller tidak ditemukan');
      return { ok: true, result: { saldo: num(r.saldo), saldo_minimal: num(r.saldo_minimal) } };
    },
    UpdateStatusOutbox(body) {
      const kode = kodeOf(body);
      const status = typeof body.status === 'string' ? Number(body.status) : body.status;
      if (kode === null || typeof status !== 'number' || !Number.isInteger(status)) {
        return fail('Parameter kode dan status wajib diisi');
      }
      const row = state.outbox.find((o) => String(o.kode) === kode);
      if (!row) return fail('Outbox tidak ditemukan');
      row.status = status;
      state.statusUpdates.push({ kode, status, at: ctx.now() });
      ctx.onEvent('status', { kode, status });
      return { ok: true, result: { kode: row.kode, status } };
    },
    GetTrx(body) {
      const kode = kodeOf(body);
      const t = state.transactions.find((x) => String(x.kode) === kode);
      if (!t) return fail('Transaksi tidak ditemukan');
      const status = t.state === 'success' ? 20 : t.state === 'failed' ? 40 : 2;
      return {
        ok: true,
        result: { kode: t.kode, kode_inbox: t.kode_inbox, produk: t.product, tujuan: t.dest, harga: t.price, status },
      };
    },
    Test: (body) => ({ ok: true, result: { pesan: 'OK', phone: typeof body.phone === 'string' ? body.phone : null } }),
    GetVersiOtomaX: () => ({ ok: true, result: { versi: ctx.versi } }),
  };
}
