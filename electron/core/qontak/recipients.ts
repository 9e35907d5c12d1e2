import { parse } from 'csv-parse/sync';
import type { BroadcastRecipientInput, ParsedRecipients, RejectedRow } from '../../../shared/dto';
import { AppError, errorMessage } from '../errors';

/** More than this in one campaign is refused outright (a paste gone wrong, not a customer list). */
export const MAX_RECIPIENTS = 10_000;
/** WhatsApp's limit on one template parameter. */
const MAX_PARAM_LENGTH = 1024;
const MAX_NAME_LENGTH = 200;

/** Placeholders of a template body: the highest {{n}} (WhatsApp numbers them 1..n without gaps). */
export function countPlaceholders(body: string): number {
  let max = 0;
  for (const m of body.matchAll(/\{\{\s*(\d+)\s*\}\}/g)) max = Math.max(max, Number(m[1]));
  return max;
}

/**
 * A phone number as Qontak wants it: digits, country code first, no '+', no leading 0. Indonesian forms
 * (08…, 8…, 62…, +62…, with spaces, dashes, dots or parentheses) become 62…; other countries need '+' or 00.
 * Null when it cannot be a WhatsApp number.
 */
export function normalizePhone(raw: string): string | null {
  const s = raw.trim();
  if (!/^\+?[\d\s\-.()]+$/.test(s)) return null;
  let digits = s.replace(/\D/g, '');
  const international = s.startsWith('+') || digits.startsWith('00');
  if (digits.startsWith('00')) digits = digits.slice(2);
  // "+62 0812…" is a common way to write an Indonesian number: the trunk 0 does not belong after 62.
  if (digits.startsWith('620')) digits = `62${digits.slice(3)}`;
  if (international) return /^[1-9]\d{7,14}$/.test(digits) ? digits : null;
  if (digits.startsWith('0')) digits = `62${digits.slice(1)}`;
  else if (digits.startsWith('8')) digits = `62${digits}`;
  return /^62[1-9]\d{7,11}$/.test(digits) ? digits : null;
}

function paramProblem(value: string, key: number): string | null {
  if (!value.trim()) return `empty parameter {{${key}}}`;
  if (value.length > MAX_PARAM_LENGTH) return `parameter {{${key}}} longer than ${MAX_PARAM_LENGTH} characters`;
  // WhatsApp refuses these in template parameters (error 132018).
  if (/[\n\t]/.test(value) || / {5,}/.test(value)) return `parameter {{${key}}} has a line break, a tab or 5+ spaces`;
  return null;
}

interface Candidate {
  row: number;
  phone: string;
  name: string;
  params: string[];
}

/** The same rules for a pasted CSV and for a list sent over the API. A missing name defaults to the number. */
function check(candidates: Candidate[], placeholders: number): ParsedRecipients {
  if (candidates.length > MAX_RECIPIENTS) {
    throw new AppError('VALIDATION', `at most ${MAX_RECIPIENTS} recipients per broadcast`, { field: 'recipients' });
  }
  const recipients: BroadcastRecipientInput[] = [];
  const rejected: RejectedRow[] = [];
  const seen = new Map<string, number>();
  for (const c of candidates) {
    const reject = (reason: string) => rejected.push({ row: c.row, phone: c.phone, reason });
    if (!c.phone.trim()) {
      reject('missing phone number');
      continue;
    }
    const phone = normalizePhone(c.phone);
    if (!phone) {
      reject('bad phone number');
      continue;
    }
    const name = c.name.trim() || phone;
    if (name.length > MAX_NAME_LENGTH) {
      reject(`name longer than ${MAX_NAME_LENGTH} characters`);
      continue;
    }
    if (c.params.length !== placeholders) {
      reject(`expected ${placeholders} parameter${placeholders === 1 ? '' : 's'}, found ${c.params.length}`);
      continue;
    }
    const params = c.params.map((p) => p.trim());
    const bad = params.map((p, i) => paramProblem(p, i + 1)).find((p) => p !== null);
    if (bad) {
      reject(bad);
      continue;
    }
    const first = seen.get(phone);
    if (first !== undefined) {
      reject(`duplicate of row ${first}`);
      continue;
    }
    seen.set(phone, c.row);
    recipients.push({ phone, name, params });
  }
  return { recipients, rejected };
}

export function validateRecipients(rows: BroadcastRecipientInput[], placeholders: number): ParsedRecipients {
  return check(
    rows.map((r, i) => ({ row: i + 1, phone: r.phone, name: r.name, params: [...r.params] })),
    placeholders,
  );
}

/** Count separators outside quotes on the first lines; the most frequent wins (',' on a tie or none). */
function detectDelimiter(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .slice(0, 5);
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  for (const line of lines) {
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch in counts) counts[ch] = (counts[ch] ?? 0) + 1;
    }
  }
  let best = ',';
  for (const d of [';', '\t']) if ((counts[d] ?? 0) > (counts[best] ?? 0)) best = d;
  return best;
}

const HEADER_WORDS =
  /\b(phone|nomor|nomer|no|hp|telp|telepon|tel|number|wa|whatsapp|msisdn|tujuan|kontak|contact|mobile|handphone|to|penerima)\b/i;

/**
 * Pasted text or a CSV file: phone, name, then one column per placeholder. A BOM, ',' ';' or tab separators,
 * quoted fields and a header row are all optional. Rows are numbered by their line in the text.
 */
export function parseRecipients(text: string, placeholders: number): ParsedRecipients {
  const clean = text.replace(/^\uFEFF/, '');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(clean, {
      delimiter: detectDelimiter(clean),
      bom: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    throw new AppError('VALIDATION', `cannot read the list: ${errorMessage(e)}`, { field: 'csv', cause: e });
  }
  const rows = records.filter((r) => r.record.some((cell) => cell !== ''));
  const first = rows[0];
  if (first && !/\d/.test(first.record[0] ?? '') && HEADER_WORDS.test(first.record[0] ?? '')) rows.shift();
  const candidates = rows.map(({ record, info }) => {
    const params = record.slice(2);
    // Spreadsheets pad rows with empty trailing columns; they are not parameters.
    while (params.length > placeholders && params[params.length - 1] === '') params.pop();
    return { row: info.lines, phone: record[0] ?? '', name: record[1] ?? '', params };
  });
  return check(candidates, placeholders);
}
