import { STATUS_DESC, rupiah, simPhone, type SimReply, type SimState } from './state';
import type { SimInboxRow, SimOutboxRow, SimPushOutbox, SimReseller, SimTransaction } from './types';

export interface InboxContext {
  state: SimState;
  now: () => number;
  infoToOutbox: () => boolean;
  /** Creates an outbox row and hands it to the callback deliverer. */
  emitOutbox: (p: SimPushOutbox) => SimOutboxRow;
  /** Runs `fn` after the configured transaction delay. */
  later: (fn: () => void) => void;
  transactionResult: (t: SimTransaction) => { success: boolean; text?: string };
  onEvent: (event: string, data: Record<string, unknown>) => void;
}

const INFO = /^(?:SAL|SALDO|CEK)(?:\.(\d{4,6}))?$/i;
/** product.destination.pin, e.g. S10.081234567890.1234 */
const TRX = /^([A-Z]+\d*)\.(\d{8,15})\.(\d{4,6})$/i;

interface Verdict {
  status: number;
  reply: string;
  reseller: SimReseller | null;
}

function decide(
  ctx: InboxContext,
  pesan: string,
  reseller: SimReseller | null,
  kodeInbox: number,
  kodeTerminal: number | null,
): Verdict {
  const v = (status: number, reply = ''): Verdict => ({ status, reply, reseller });
  if (!reseller) return v(41);
  if (!reseller.aktif || reseller.suspend) return v(40, 'Reseller tidak aktif');
  const text = pesan.trim();
  const info = INFO.exec(text);
  if (info) {
    if (info[1] !== undefined && info[1] !== reseller.pin) return v(49);
    return v(21, `Saldo ${reseller.kode} (${reseller.nama}): ${rupiah(reseller.saldo)}`);
  }
  const trx = TRX.exec(text);
  if (!trx) return v(42);
  const [, productRaw, dest, pin] = trx as unknown as [string, string, string, string];
  const product = productRaw.toUpperCase();
  if (pin !== reseller.pin) return v(49);
  const price = ctx.state.products[product];
  if (price === undefined) return v(44);
  if (ctx.state.hasOpenTransaction(reseller.kode, product, dest)) return v(46);
  if (reseller.saldo - price < reseller.saldo_minimal) return v(43);
  reseller.saldo -= price;
  const t: SimTransaction = {
    kode: ctx.state.next('trx'),
    kode_inbox: kodeInbox,
    product,
    dest,
    price,
    reseller,
    state: 'pending',
    kode_terminal: kodeTerminal,
  };
  ctx.state.addTransaction(t);
  ctx.later(() => finishTransaction(ctx, t));
  return v(22);
}

function finishTransaction(ctx: InboxContext, t: SimTransaction): void {
  const r = ctx.transactionResult(t);
  t.state = r.success ? 'success' : 'failed';
  if (!r.success) t.reseller.saldo += t.price;
  const sn = String(t.kode).padStart(12, '0');
  const text =
    r.text ??
    (r.success
      ? `R#${t.kode} ${t.product}.${t.dest} SUKSES. SN:${sn}. Saldo ${rupiah(t.reseller.saldo)}`
      : `R#${t.kode} ${t.product}.${t.dest} GAGAL. Saldo ${rupiah(t.reseller.saldo)}`);
  ctx.onEvent('transaction', { kode: t.kode, product: t.product, dest: t.dest, success: r.success });
  ctx.emitOutbox({
    penerima: t.reseller.phone,
    pesan: text,
    kode_inbox: t.kode_inbox,
    kode_transaksi: t.kode,
    kode_reseller: t.reseller.kode,
    ...(typeof t.kode_terminal === 'number' ? { kode_terminal: t.kode_terminal } : {}),
  });
}

/** InsertInbox: record the message, answer by the rules, and feed the outbox like OtomaX would. */
export function insertInbox(ctx: InboxContext, body: Record<string, unknown>): SimReply {
  const { pesan, pengirim } = body;
  if (typeof pesan !== 'string' || typeof pengirim !== 'string' || pengirim === '') {
    return { ok: false, desc: 'Parameter pesan dan pengirim wajib diisi' };
  }
  const kodeReseller = typeof body.kode_reseller === 'string' ? body.kode_reseller : '';
  const reseller =
    (kodeReseller ? ctx.state.resellers.get(kodeReseller) : undefined) ?? ctx.state.resellerByPhone(pengirim) ?? null;
  const kode = ctx.state.next('inbox');
  const kodeTerminal = typeof body.kode_terminal === 'number' ? body.kode_terminal : null;
  const verdict = decide(ctx, pesan, reseller, kode, kodeTerminal);
  const statusDesc = STATUS_DESC[verdict.status] ?? 'Gagal';
  const row: SimInboxRow = {
    kode,
    pesan,
    pengirim,
    kode_reseller: kodeReseller,
    kode_terminal: typeof body.kode_terminal === 'number' ? body.kode_terminal : null,
    tipe_pengirim: typeof body.tipe_pengirim === 'string' ? body.tipe_pengirim : '',
    exp: typeof body._exp === 'string' ? body._exp : null,
    resellerKode: verdict.reseller?.kode ?? null,
    status: verdict.status,
    statusDesc,
    reply: verdict.reply,
    receivedAt: ctx.now(),
  };
  ctx.state.inbox.push(row);
  ctx.onEvent('inbox', { kode, pengirim, status: verdict.status, statusDesc });
  if (verdict.status === 21 && ctx.infoToOutbox() && verdict.reseller) {
    ctx.emitOutbox({
      penerima: simPhone(pengirim),
      pesan: verdict.reply,
      kode_inbox: kode,
      kode_reseller: verdict.reseller.kode,
      ...(kodeTerminal === null ? {} : { kode_terminal: kodeTerminal }),
    });
  }
  return { ok: true, result: { kode_inbox: kode, status: verdict.status, statusDesc, pesan: verdict.reply } };
}
