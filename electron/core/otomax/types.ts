import type { Dispatcher } from 'undici';
import type { Clock } from '../kernel/clock';
import type { Logger } from '../kernel/logger';

/** How one HTTP attempt ended; stored as forward_attempts.outcome. */
export type AttemptOutcome =
  'ok' | 'refused' | 'timeout' | 'reset' | 'http_5xx' | 'http_4xx' | 'rejected' | 'bad_response' | 'expired';

export interface AttemptRecord {
  /** OtomaX method name, e.g. 'InsertInbox'. */
  method: string;
  /** 1-based. An 'expired' record is the attempt that was NOT made because `_exp` had (or would have) passed. */
  attempt: number;
  startedAt: number;
  finishedAt: number;
  outcome: AttemptOutcome;
  httpStatus: number | null;
  error: string | null;
  latencyMs: number;
}

export interface CallOptions {
  onAttempt?: (a: AttemptRecord) => void;
  /** Override the client's retry count for this call (e.g. 0 for a quick connectivity probe). */
  retries?: number;
  /** Override the per-attempt timeout for this call (a background probe wants an answer sooner). */
  timeoutMs?: number;
  /**
   * Retry after an ambiguous failure (timeout, or reset after the request was written), which OtomaX may already
   * have processed (default true). Pass false for an InsertInbox whose duplicate would be a second transaction.
   */
  retryAmbiguous?: boolean;
  /**
   * Retry only failures that prove OtomaX did not process the request (refused, HTTP 503). A timeout, a reset,
   * another 5xx or an unreadable answer may hide a processed request and is not retried. InsertInbox defaults to
   * true: a second InsertInbox can be a second money transaction.
   */
  safeRetryOnly?: boolean;
}

export interface OtomaxClientOptions {
  /** OpenApi address, with or without a path prefix or trailing '/'. */
  baseUrl: string;
  appId: string;
  appKey: string;
  devKey: string;
  /** Per-attempt limit (default 30000). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 3). */
  retries?: number;
  /** Delay before retry n (default [1000, 2000, 4000]; the last repeats). */
  backoffMs?: readonly number[];
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  clock: Clock;
  log: Logger;
  /** Backoff sleep (tests inject one that advances a fake clock). */
  sleep?: (ms: number) => Promise<void>;
  /** Use this dispatcher instead of the client's own keep-alive Agent (not closed by close()). */
  dispatcher?: Dispatcher;
  /** Sees every attempt of every method (metrics), beside each call's own onAttempt. */
  onAttempt?: (a: AttemptRecord) => void;
}

/**
 * InsertInbox request body (field order as OtomaX's own clients send it): the one definition, used by the
 * client, the forwarder's port and the REST route. `tipe_pengirim` may be left out: the client sends 'W'.
 */
export interface InsertInboxBody {
  pesan: string;
  kode_reseller: string;
  pengirim: string;
  tipe_pengirim?: 'W';
  kode_terminal: number;
  /** RFC 3339 UTC without fraction, e.g. 2025-10-18T20:30:30Z. */
  _exp: string;
}

export interface InsertInboxResult {
  kode_inbox: number | null;
  status: number;
  statusDesc: string;
  pesan: string;
  /** The response body exactly as received. */
  raw: string;
}

export interface CallbackUrlResult {
  url: string | null;
  raw: string;
}

export interface ResellerResult {
  kode: string | null;
  nama: string | null;
  saldo: number | null;
  saldo_minimal: number | null;
  aktif: boolean | null;
  suspend: boolean | null;
  raw: string;
}

export interface SaldoResult {
  saldo: number;
  saldo_minimal: number;
  /** saldo - saldo_minimal: what the reseller can still spend. */
  available: number;
  raw: string;
}

export interface GenericResult {
  /** OtomaX's `result` as parsed JSON (null when absent). */
  result: unknown;
  raw: string;
}

export interface VersionResult extends GenericResult {
  version: string | null;
}

export interface OtomaxClient {
  insertInbox(body: InsertInboxBody, opts?: CallOptions): Promise<InsertInboxResult>;
  setOutboxCallback(url: string, opts?: CallOptions): Promise<CallbackUrlResult>;
  getOutboxCallback(opts?: CallOptions): Promise<CallbackUrlResult>;
  getRs(kode: string, opts?: CallOptions): Promise<ResellerResult>;
  getSaldoRs(kode: string, opts?: CallOptions): Promise<SaldoResult>;
  /** status: 20 sent, 40 failed, 50 cancelled. */
  updateStatusOutbox(kode: string | number, status: number, opts?: CallOptions): Promise<GenericResult>;
  test(phone?: string, opts?: CallOptions): Promise<GenericResult>;
  getVersiOtomaX(opts?: CallOptions): Promise<VersionResult>;
  /**
   * Stop: refuse new calls and retries (a call in backoff fails with its last error), let attempts in flight
   * finish for up to 2 s, abort the rest (ambiguous), close the keep-alive connections.
   */
  close(): Promise<void>;
}
