import { parse } from 'csv-parse/sync';
import type { BroadcastRecipientInput, ParsedRecipients, RejectedRow } from '../../../shared/dto';
import { AppError, errorMessage } from '../kernel/errors';

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

/** WhatsApp's limit on a whole TEXT header. */
const MAX_HEADER_LENGTH = 60;
/** A URL button's suffix goes into a link: no spaces, no line breaks. */
const MAX_BUTTON_LENGTH = 2000;

/** How many values each recipient needs: body {{n}}, TEXT header {{n}}, one per dynamic URL button. */
export interface ParamCounts {
  body: number;
  header: number;
  buttons: number;
}

const countsOf = (c: number | ParamCounts): ParamCounts =>
  typeof c === 'number' ? { body: c, header: 0, buttons: 0 } : c;

function headerProblem(value: string, key: number): string | null {
  const bad = paramProblem(value, key);
  if (bad) return `header ${bad}`;
  if (value.length > MAX_HEADER_LENGTH)
    return `header parameter {{${key}}} longer than ${MAX_HEADER_LENGTH} characters`;
  return null;
}

function buttonProblem(value: string, index: number): string | null {
  if (!value) return `empty value for link button ${index}`;
  if (/\s/.test(value)) return `link button ${index} value has a space or line break`;
  if (value.length > MAX_BUTTON_LENGTH) return `link button ${index} value longer than ${MAX_BUTTON_LENGTH} characters`;
  return null;
}

interface Candidate {
  row: number;
  phone: string;
  name: string;
  params: string[];
  headerParams: string[];
  buttons: string[];
  /** CSV rows only, when header or button columns follow the body's: how many values the row had. */
  valuesFound?: number;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The same rules for a pasted CSV and for a list sent over the API. A missing name defaults to the number. */
function check(candidates: Candidate[], counts: ParamCounts): ParsedRecipients {
  const placeholders = counts.body;
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
    const columns = counts.body + counts.header + counts.buttons;
    if (c.valuesFound !== undefined && c.valuesFound !== columns) {
      reject(`expected ${plural(columns, 'value')} after the name, found ${c.valuesFound}`);
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
    if (c.headerParams.length !== counts.header) {
      reject(`expected ${plural(counts.header, 'header parameter')}, found ${c.headerParams.length}`);
      continue;
    }
    if (c.buttons.length !== counts.buttons) {
      reject(`expected ${plural(counts.buttons, 'link button value')}, found ${c.buttons.length}`);
      continue;
    }
    const headerParams = c.headerParams.map((p) => p.trim());
    const buttons = c.buttons.map((p) => p.trim());
    const badExtra =
      headerParams.map((p, i) => headerProblem(p, i + 1)).find((p) => p !== null) ??
      buttons.map((p, i) => buttonProblem(p, i + 1)).find((p) => p !== null);
    if (badExtra) {
      reject(badExtra);
      continue;
    }
    const first = seen.get(phone);
    if (first !== undefined) {
      reject(`duplicate of row ${first}`);
      continue;
    }
    seen.set(phone, c.row);
    recipients.push({
      phone,
      name,
      params,
      ...(counts.header ? { headerParams } : {}),
      ...(counts.buttons ? { buttons } : {}),
    });
  }
  return { recipients, rejected };
}

export function validateRecipients(rows: BroadcastRecipientInput[], counts: number | ParamCounts): ParsedRecipients {
  return check(
    rows.map((r, i) => ({
      row: i + 1,
      phone: r.phone,
      name: r.name,
      params: [...r.params],
      headerParams: [...(r.headerParams ?? [])],
      buttons: [...(r.buttons ?? [])],
    })),
    countsOf(counts),
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
 * Pasted text or a CSV file: phone, name, one column per body placeholder, then one per TEXT header placeholder,
 * then one per dynamic link button. A BOM, ',' ';' or tab separators, quoted fields and a header row are all
 * optional. Rows are numbered by their line in the text.
 */
export function parseRecipients(text: string, shape: number | ParamCounts): ParsedRecipients {
  const counts = countsOf(shape);
  const columns = counts.body + counts.header + counts.buttons;
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
    const values = record.slice(2);
    // Spreadsheets pad rows with empty trailing columns; they are not parameters.
    while (values.length > columns && values[values.length - 1] === '') values.pop();
    // A row with too few or too many values cannot be split reliably: its whole list goes to the body check.
    const fits = values.length === columns;
    return {
      row: info.lines,
      phone: record[0] ?? '',
      name: record[1] ?? '',
      params: fits ? values.slice(0, counts.body) : values,
      headerParams: fits ? values.slice(counts.body, counts.body + counts.header) : [],
      buttons: fits ? values.slice(counts.body + counts.header) : [],
      ...(columns > counts.body ? { valuesFound: values.length } : {}),
    };
  });
  return check(candidates, counts);
}
