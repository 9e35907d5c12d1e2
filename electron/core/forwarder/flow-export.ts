import { CSV_COLUMNS, CSV_LABELS, type CsvLabels, type CsvLang, type CsvSeparator } from '../../../shared/csv-labels';
import type { Cursor } from './flow-scan-repo';

/** The columns of a log row the CSV carries (the flow query's raw row). */
export interface CsvRow {
  direction: 'in' | 'outbox';
  time: number;
  phone: string | null;
  name: string | null;
  text: string;
  status: string;
  otomax_status: number | null;
  otomax_desc: string | null;
  kode_inbox: number | null;
  reply_text: string | null;
  reply_status: string | null;
  latency_ms: number | null;
  error: string | null;
  sortkey: number;
  /** The name of the WhatsApp number the message used (null: none did). */
  number_name: string | null;
}

/** Rows read per step; one step stays far below 50 ms of blocking, and the event loop runs between steps. */
export const EXPORT_CHUNK = 250;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The log as CSV, newest first, at most `maxRows` rows: read in keyset chunks with a turn of the event loop between
 * them, so a 200,000-row export never holds up forwarding. The loop runs at most maxRows / EXPORT_CHUNK + 1 times.
 */
export interface CsvOptions {
  /** Headers, directions and statuses in this language (default English, as the REST API always gave). */
  lang?: CsvLang;
  /** ';' for a spreadsheet whose list separator it is (Indonesian Excel), ',' otherwise. */
  separator?: CsvSeparator;
}

export async function exportFlowCsv(
  read: (cursor: Cursor | null, limit: number) => CsvRow[],
  maxRows: number,
  options: CsvOptions = {},
): Promise<{ filename: string; csv: string }> {
  const labels = CSV_LABELS[options.lang ?? 'en'];
  const sep = options.separator ?? ',';
  const chunks = [CSV_COLUMNS.map((c) => csvCell(labels.columns[c], sep)).join(sep)];
  let cursor: Cursor | null = null;
  let left = maxRows;
  while (left > 0) {
    const want = Math.min(EXPORT_CHUNK, left);
    const rows = read(cursor, want);
    if (rows.length) chunks.push(rows.map((r) => csvLine(r, labels, sep)).join('\r\n'));
    left -= rows.length;
    const last = rows[rows.length - 1];
    if (rows.length < want || !last) break;
    cursor = { time: last.time, sortkey: last.sortkey };
    await nextTurn();
  }
  return {
    filename: `jembatan-log-${new Date().toISOString().slice(0, 10)}.csv`,
    csv: `\uFEFF${chunks.join('\r\n')}\r\n`,
  };
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/**
 * The PC's local time with its offset ("2026-11-30 21:34:12+07:00"): what the owner's clock said, and still
 * unambiguous when the file travels.
 */
export function localTime(ms: number): string {
  const d = new Date(ms);
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return `${date} ${time}${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}

const statusWord = (labels: CsvLabels, status: string | null): string | null =>
  status === null ? null : ((labels.status as Record<string, string>)[status] ?? status);

function csvLine(r: CsvRow, labels: CsvLabels, sep: CsvSeparator): string {
  return [
    localTime(r.time),
    labels.direction[r.direction],
    r.phone,
    r.name,
    r.text,
    statusWord(labels, r.status),
    r.otomax_status,
    r.otomax_desc,
    r.kode_inbox,
    r.reply_text,
    statusWord(labels, r.reply_status),
    r.latency_ms,
    r.error,
    r.number_name,
  ]
    .map((v) => csvCell(v, sep))
    .join(sep);
}

/** RFC 4180 quoting (for either separator), and a leading quote on cells a spreadsheet would run as a formula. */
export function csvCell(value: unknown, sep: CsvSeparator = ','): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",;\r\n]/.test(s) || s.includes(sep) ? `"${s.replace(/"/g, '""')}"` : s;
}
