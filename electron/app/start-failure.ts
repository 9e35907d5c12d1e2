import { isAppError } from '../core/kernel/errors';

/** The owner reads this in an error box: what happened and what to do, in Indonesian first, then English. */
export interface StartFailureText {
  title: string;
  content: string;
}

function codeOf(error: unknown): string | null {
  if (isAppError(error)) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split(/\r?\n/)[0] ?? '').slice(0, 300);
}

/** What the owner can do about a start that failed, by cause. */
function advice(code: string | null): { id: string; en: string } {
  switch (code) {
    case 'EADDRINUSE':
      return {
        id: 'Port Jembatan sudah dipakai program lain. Tutup program itu (atau Jembatan yang masih berjalan), lalu buka Jembatan lagi.',
        en: "Jembatan's port is taken by another program. Close it (or a Jembatan still running), then open Jembatan again.",
      };
    case 'CONFIG_INVALID':
      return {
        id: 'Ada pengaturan yang salah pada shortcut atau variabel lingkungan (OTOMAX_*, JEMBATAN_*). Perbaiki nilainya, lalu buka Jembatan lagi.',
        en: 'A setting on the shortcut or in an environment variable (OTOMAX_*, JEMBATAN_*) is wrong. Fix it, then open Jembatan again.',
      };
    default:
      return {
        id: 'Buka Jembatan lagi. Jika tetap gagal, kirim file di folder catatan (logs) kepada teknisi Anda.',
        en: 'Open Jembatan again. If it still fails, send the files in the logs folder to your technician.',
      };
  }
}

/** The error box for a start that failed: never a stack, a raw code only as the detail line. */
export function startFailureText(error: unknown, logDir: string | null): StartFailureText {
  const a = advice(codeOf(error));
  const detail = firstLine(error);
  const lines = ['Jembatan tidak dapat dimulai.', a.id];
  if (logDir) lines.push(`Catatan: ${logDir}`);
  lines.push('', 'Jembatan could not start.', a.en);
  if (detail) lines.push('', `(${detail})`);
  return { title: 'Jembatan tidak dapat dimulai / could not start', content: lines.join('\n') };
}
