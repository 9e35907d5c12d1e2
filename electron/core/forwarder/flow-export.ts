import type { Cursor } from './flow-scan';

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
}

/** Rows read per step; one step stays far below 50 ms of blocking, and the event loop runs between steps. */
export const EXPORT_CHUNK = 250;

const HEADER = [
  'time',
  'direction',
  'phone',
  'name',
  'text',
  'status',
  'otomax_status',
  'otomax_desc',
  'kode_inbox',
  'reply',
  'reply_status',
  'latency_ms',
  'error',
];

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The log as CSV, newest first, at most `maxRows` rows: read in keyset chunks with a turn of the event loop between
 * them, so a 200,000-row export never holds up forwarding. The loop runs at most maxRows / EXPORT_CHUNK + 1 times.
 */
export async function exportFlowCsv(
  read: (cursor: Cursor | null, limit: number) => CsvRow[],
  maxRows: number,
): Promise<{ filename: string; csv: string }> {
  const chunks = [HEADER.join(',')];
  let cursor: Cursor | null = null;
  let left = maxRows;
  while (left > 0) {
    const want = Math.min(EXPORT_CHUNK, left);
    const rows = read(cursor, want);
    if (rows.length) chunks.push(rows.map(csvLine).join('\r\n'));
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

function csvLine(r: CsvRow): string {
  return [
    new Date(r.time).toISOString(),
    r.direction,
    r.phone,
    r.name,
    r.text,
    r.status,
    r.otomax_status,
    r.otomax_desc,
    r.kode_inbox,
    r.reply_text,
    r.reply_status,
    r.latency_ms,
    r.error,
  ]
    .map(csvCell)
    .join(',');
}

/** RFC 4180 quoting, and a leading quote on cells a spreadsheet would run as a formula. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
