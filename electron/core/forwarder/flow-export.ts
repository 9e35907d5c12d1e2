import { CSV_COLUMNS, CSV_LABELS, type CsvLabels, type CsvLang, type CsvSeparator } from '../../../shared/csv-labels';
import { csvCell, localDay, localTime } from '../kernel/csv';
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

/**
 * Characters one part of a file carries, at most about this many (a step's rows may go a little over): one message
 * over Electron's IPC or the window's WebSocket, a few milliseconds to send. The file is never one string in the
 * engine: 200,000 rows are about 32 million characters, and building, copying and serialising that blocked the
 * engine for 90-120 ms at the end of an export.
 */
export const PART_CHARS = 512 * 1024;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface CsvOptions {
  /** Headers, directions and statuses in this language (default English, as the REST API always gave). */
  lang?: CsvLang;
  /** ';' for a spreadsheet whose list separator it is (Indonesian Excel), ',' otherwise. */
  separator?: CsvSeparator;
  /** Characters a part carries at most (default PART_CHARS; tests use less). */
  partChars?: number;
}

/** One part of a CSV file: its text (the first starts with the BOM and the header), its rows, and whether it ends the file. */
export interface CsvPart {
  part: string;
  rows: number;
  done: boolean;
  /** On the last part: the file stopped at maxRows and the log holds more (a narrower time range gets them). */
  truncated?: boolean;
}

/** A CSV file read part by part: the reader asks for the next part when it has taken the last one. */
export interface CsvExport {
  filename: string;
  next(): Promise<CsvPart>;
}

/**
 * The log as CSV, newest first, at most `maxRows` rows, in parts of about `partChars` characters: each part is
 * read in keyset chunks of EXPORT_CHUNK rows with a turn of the event loop between them, so a 200,000-row export
 * never holds up forwarding, and the file is never whole in the engine. Concatenated, the parts are the file. A
 * part's loop runs at most partChars / (one row's characters) + 1 times, the whole file maxRows / EXPORT_CHUNK + 1
 * chunks.
 */
export function openFlowCsv(
  read: (cursor: Cursor | null, limit: number) => CsvRow[],
  maxRows: number,
  options: CsvOptions = {},
): CsvExport {
  const labels = CSV_LABELS[options.lang ?? 'en'];
  const sep = options.separator ?? ',';
  const partChars = Math.max(1, options.partChars ?? PART_CHARS);
  let header: string | null = `\uFEFF${CSV_COLUMNS.map((c) => csvCell(labels.columns[c])).join(sep)}`;
  let cursor: Cursor | null = null;
  let left = maxRows;
  // Parts are read one after another: a second ask while one is being read waits for it (the cursor is shared).
  let chain: Promise<unknown> = Promise.resolve();
  let truncated = false;

  const readPart = async (): Promise<CsvPart> => {
    const pieces: string[] = [];
    let chars = 0;
    if (header !== null) {
      pieces.push(header);
      chars += header.length;
      header = null;
    }
    let rows = 0;
    while (left > 0 && chars < partChars) {
      const want = Math.min(EXPORT_CHUNK, left);
      const got = read(cursor, want);
      if (got.length) {
        const text = got.map((r) => csvLine(r, labels, sep)).join('\r\n');
        pieces.push(text);
        chars += text.length;
      }
      rows += got.length;
      left -= got.length;
      const last = got[got.length - 1];
      if (got.length < want || !last) left = 0;
      else {
        cursor = { time: last.time, sortkey: last.sortkey };
        // At the limit after a full chunk: one more row read tells whether the log holds more than the file.
        if (left === 0) truncated = read(cursor, 1).length > 0;
      }
      if (left > 0 && chars < partChars) await nextTurn();
    }
    const part = pieces.length ? `${pieces.join('\r\n')}\r\n` : '';
    return left <= 0 ? { part, rows, done: true, ...(truncated ? { truncated } : {}) } : { part, rows, done: false };
  };

  return {
    // The PC's own date, as its clock shows it (at 06:30 in Jakarta the UTC date is still yesterday's).
    filename: `jembatan-log-${localDay(Date.now())}.csv`,
    next() {
      const part = chain.then(readPart);
      chain = part.catch(() => undefined);
      return part;
    },
  };
}

/**
 * The whole file as one string (the parts joined): for callers that want it whole, such as the tests. The window
 * takes the parts one by one (log:export, log:exportPart).
 */
export async function exportFlowCsv(
  read: (cursor: Cursor | null, limit: number) => CsvRow[],
  maxRows: number,
  options: CsvOptions = {},
): Promise<{ filename: string; csv: string }> {
  const file = openFlowCsv(read, maxRows, options);
  const parts: string[] = [];
  // Every part after the first carries at least one row or ends the file, so the loop ends within maxRows + 2 parts.
  for (let i = 0; i < maxRows + 2; i++) {
    const p = await file.next();
    parts.push(p.part);
    if (p.done) break;
  }
  return { filename: file.filename, csv: parts.join('') };
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
    .map((v) => csvCell(v))
    .join(sep);
}
