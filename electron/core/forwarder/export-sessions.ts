import { randomUUID } from 'node:crypto';
import { AppError } from '../kernel/errors';
import type { CsvExport, CsvPart } from './flow-export';

export interface ExportSessionOptions {
  /** Exports open at once; opening one more drops the oldest (a window closed mid-download leaves its export). */
  maxOpen?: number;
  /** An export nobody asked a part of for this long is dropped (default 60 s). */
  idleMs?: number;
}

/**
 * CSV exports in progress, each read part by part by the window (log:export opens one, log:exportPart takes the
 * next part). The engine keeps an export's cursor, never its file; an export ends with its last part, or after
 * `idleMs` without a request, or when `maxOpen` newer ones push it out.
 */
export function createExportSessions(o: ExportSessionOptions = {}) {
  const maxOpen = o.maxOpen ?? 4;
  const idleMs = o.idleMs ?? 60_000;
  const open = new Map<string, { file: CsvExport; timer: NodeJS.Timeout }>();

  const drop = (id: string) => {
    const s = open.get(id);
    if (!s) return;
    clearTimeout(s.timer);
    open.delete(id);
  };
  const expiry = (id: string) => {
    const timer = setTimeout(() => drop(id), idleMs);
    timer.unref();
    return timer;
  };

  return {
    start(file: CsvExport): { exportId: string; filename: string } {
      while (open.size >= maxOpen) {
        const oldest = open.keys().next().value;
        if (oldest === undefined) break;
        drop(oldest);
      }
      const exportId = randomUUID();
      open.set(exportId, { file, timer: expiry(exportId) });
      return { exportId, filename: file.filename };
    },
    async next(exportId: string): Promise<CsvPart> {
      const s = open.get(exportId);
      if (!s) throw new AppError('NOT_FOUND', 'this export has ended or expired; start the download again');
      clearTimeout(s.timer);
      s.timer = expiry(exportId);
      try {
        const part = await s.file.next();
        if (part.done) drop(exportId);
        return part;
      } catch (e) {
        drop(exportId);
        throw e;
      }
    },
    /** Exports open now. */
    size: () => open.size,
    stop() {
      for (const id of [...open.keys()]) drop(id);
    },
  };
}
export type ExportSessions = ReturnType<typeof createExportSessions>;
