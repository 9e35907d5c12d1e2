/** Credentials of one OpenApi app registered in the simulated OtomaX. */
export interface SimApp {
  appKey: string;
  devKey: string;
}

export interface SimReseller {
  kode: string;
  nama: string;
  /** Any form; matched against pengirim after both are put in 62... form. */
  phone: string;
  saldo: number;
  saldo_minimal: number;
  pin: string;
  aktif: boolean;
  suspend: boolean;
}

export type SimResellerInput = Partial<SimReseller> & { kode: string; phone: string };

export type SimFaultKind =
  'latency' | 'status' | 'reset_before_body' | 'reset_after_body' | 'hang' | 'hold' | 'malformed_json' | 'custom';

export interface SimFault {
  kind: SimFaultKind;
  /** latency: delay before the request is processed normally. hold: no delay of its own; see OtomaxSim.release. */
  ms?: number;
  /** status / custom: the HTTP status answered without processing (default 503 / 200). */
  status?: number;
  /** custom: the exact response body (any shape of answer OtomaX might give). */
  body?: string;
  /** Applies to the next N matching requests; omitted = until cleared. */
  count?: number;
}

export type SimPayloadShape = 'outbox' | 'seed';

export interface SimCallbackOptions {
  /** Delay between a transaction entering and its result reaching the outbox (default 20 ms). */
  delayMs: number;
  shape: SimPayloadShape;
  /** Tries per outbox message before giving up (default 5). */
  maxTries: number;
  /** Pause between tries (default 100 ms). */
  retryMs: number;
  /** Per-try limit (default 5000 ms). */
  timeoutMs: number;
  /** Send ids and numbers as JSON strings. */
  numbersAsStrings: boolean;
  /** Sign callback POSTs with the first app's token, in the query or a Token header (default none). */
  token: 'none' | 'query' | 'header';
}

export interface OtomaxSimOptions {
  host?: string;
  port?: number;
  /** appId -> keys (default the protocol doc's APPID123 / appkey-secret / devkey-secret). */
  apps?: Record<string, SimApp>;
  /** Default: R0001 "Toko Satu", 6281234567890, saldo 100000, pin 1234. */
  resellers?: SimResellerInput[];
  /** Product code -> price (default S5, S10, S20, S50, X10, T10). */
  products?: Record<string, number>;
  /** What a bad or missing token gets: HTTP 401, or 200 {ok:false} (default). */
  badToken?: 'http401' | 'ok_false';
  /** `_exp` still accepted this long after it passed (default 0). */
  expGraceMs?: number;
  callback?: Partial<SimCallbackOptions>;
  /** Status-21 replies also go through the outbox, as OtomaX does (default true). */
  infoToOutbox?: boolean;
  /** Numbers in GetRs/GetSaldoRs results as strings. */
  numbersAsStrings?: boolean;
  /** How a transaction ends (default: success with an SN). */
  transactionResult?: (t: SimTransaction) => { success: boolean; text?: string };
  versi?: string;
  now?: () => number;
  /** One line per notable event (the CLI prints them). */
  onEvent?: (event: string, data: Record<string, unknown>) => void;
}

export interface SimInboxRow {
  kode: number;
  pesan: string;
  pengirim: string;
  kode_reseller: string;
  kode_terminal: number | null;
  tipe_pengirim: string;
  exp: string | null;
  resellerKode: string | null;
  status: number;
  statusDesc: string;
  reply: string;
  receivedAt: number;
}

export interface SimOutboxRow {
  kode: number;
  penerima: string;
  tipe_penerima: string;
  pesan: string;
  kode_inbox: number | null;
  kode_transaksi: number | null;
  kode_reseller: string | null;
  kode_terminal: number;
  tgl_entri: string;
  /** 0 waiting; then what UpdateStatusOutbox set (20 sent, 40 failed, 50 cancelled). */
  status: number;
  /** The callback answered 2xx. */
  acked: boolean;
  tries: number;
}

export interface SimTransaction {
  kode: number;
  kode_inbox: number;
  product: string;
  dest: string;
  price: number;
  reseller: SimReseller;
  state: 'pending' | 'success' | 'failed';
  /** The terminal the inbox message came in on: its result goes back out through the same terminal. */
  kode_terminal?: number | null;
}

export interface SimCallbackDelivery {
  kode: number;
  attempt: number;
  at: number;
  /** The URL posted to, token redacted. */
  url: string;
  httpStatus: number | null;
  error: string | null;
  ok: boolean;
  body: string;
}

export interface SimStatusUpdate {
  kode: string;
  status: number;
  at: number;
}

export interface SimRequest {
  method: string;
  path: string;
  at: number;
  body: string;
  tokenIn: 'query' | 'header' | null;
  appId: string | null;
  tokenOk: boolean;
  fault: SimFaultKind | null;
}

export interface SimPushOutbox {
  penerima: string;
  pesan: string;
  kode_inbox?: number | null;
  kode_transaksi?: number | null;
  kode_reseller?: string | null;
  kode_terminal?: number;
  tipe_penerima?: string;
}

export interface OtomaxSim {
  /** Base URL with a trailing '/', e.g. http://127.0.0.1:5000/ */
  readonly url: string;
  readonly port: number;
  readonly inbox: SimInboxRow[];
  readonly outbox: SimOutboxRow[];
  readonly callbackDeliveries: SimCallbackDelivery[];
  readonly statusUpdates: SimStatusUpdate[];
  readonly requests: SimRequest[];
  readonly transactions: SimTransaction[];
  readonly resellers: Map<string, SimReseller>;
  readonly callbackUrl: string | null;
  /** Requests being handled right now, and the most ever at once. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** TCP connections accepted so far (keep-alive reuse shows as few). */
  readonly connections: number;
  resetStats(): void;
  addReseller(r: SimResellerInput): SimReseller;
  fault(route: string, fault: SimFault): void;
  clearFaults(): void;
  /** Change behaviour at run time (bad-token answer, grace, callback delivery). */
  configure(patch: Pick<OtomaxSimOptions, 'badToken' | 'expGraceMs' | 'callback' | 'infoToOutbox'>): void;
  /** Create an outbox message by hand; it is delivered to the registered callback. */
  pushOutbox(p: SimPushOutbox): SimOutboxRow;
  /** Resolve when pred() holds (polls), reject after timeoutMs. */
  waitFor(pred: () => boolean, timeoutMs?: number): Promise<void>;
  /**
   * The requests a `hold` fault stopped go on, processed as usual from now (an OtomaX that was stuck and answers its
   * backlog: `_exp` is checked then, so a request past it is refused as expired, never inserted). Returns how many.
   */
  release(): number;
  /** Requests a `hold` fault stops right now. */
  readonly holding: number;
  /** Close the listener and every connection: new connections are refused. */
  down(): Promise<void>;
  /** Listen again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}
