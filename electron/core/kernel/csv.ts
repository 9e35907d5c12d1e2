/**
 * The rules every CSV file the owner downloads follows (the Live flow log, a broadcast's recipients): the language
 * and separator a command may ask for, the PC's local time with its offset, and one cell's quoting with the formula
 * guard. The words of each file are in shared/csv-labels.ts.
 */
import { z } from 'zod';
import type { CsvLang, CsvSeparator } from '../../../shared/csv-labels';

/** Headers and statuses in this language; a command that leaves it out gets English (the REST API's words). */
export const csvLangSchema = z.enum(['id', 'en']) satisfies z.ZodType<CsvLang>;
/** ';' for a spreadsheet whose list separator it is (Indonesian Excel), ',' otherwise (the default). */
export const csvSeparatorSchema = z.enum([',', ';']) satisfies z.ZodType<CsvSeparator>;
/** The optional `lang` and `separator` of an export command's input: spread into its z.object. */
export const csvOptionsShape = { lang: csvLangSchema.optional(), separator: csvSeparatorSchema.optional() };

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

/** The PC's own date for a file's name ("2026-12-02"): at 06:30 in Jakarta the UTC date is still yesterday's. */
export const localDay = (ms: number): string => localTime(ms).slice(0, 10);

/**
 * RFC 4180 quoting, and a leading quote on cells a spreadsheet would run as a formula. A cell holding either
 * separator is quoted whichever the file uses, so the same cell reads the same in both.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
