import { afterEach, describe, expect, it, vi } from 'vitest';
import { createExportSessions } from '../../../electron/core/forwarder/export-sessions';
import type { CsvExport, CsvPart } from '../../../electron/core/forwarder/flow-export';
import { startEnv, type Env } from '../../helpers/engine-env';

/** A file of `n` parts named p0, p1, ...: the last is done. */
function file(n: number, name = 'f.csv'): CsvExport {
  let i = 0;
  return {
    filename: name,
    next: async (): Promise<CsvPart> => {
      const k = i++;
      return { part: `p${k}`, rows: 1, done: k >= n - 1 };
    },
  };
}

describe('CSV exports in progress', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('serves each export part by part and forgets it after its last part', async () => {
    const s = createExportSessions();
    const { exportId, filename } = s.start(file(3));
    expect(filename).toBe('f.csv');
    expect((await s.next(exportId)).part).toBe('p0');
    expect((await s.next(exportId)).part).toBe('p1');
    expect(await s.next(exportId)).toEqual({ part: 'p2', rows: 1, done: true });
    expect(s.size()).toBe(0);
    await expect(s.next(exportId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('drops an export nobody asked for within a minute, and the oldest when too many are open', async () => {
    vi.useFakeTimers();
    const s = createExportSessions({ maxOpen: 2, idleMs: 60_000 });
    const a = s.start(file(5)).exportId;
    await vi.advanceTimersByTimeAsync(50_000);
    await s.next(a); // asked: its minute starts again
    await vi.advanceTimersByTimeAsync(50_000);
    expect((await s.next(a)).part).toBe('p1');
    await vi.advanceTimersByTimeAsync(60_001);
    await expect(s.next(a)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const b = s.start(file(5)).exportId;
    const c = s.start(file(5)).exportId;
    const d = s.start(file(5)).exportId;
    expect(s.size()).toBe(2);
    await expect(s.next(b)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await s.next(c)).part).toBe('p0');
    expect((await s.next(d)).part).toBe('p0');
    s.stop();
    expect(s.size()).toBe(0);
  });

  it('forgets an export whose part failed', async () => {
    const s = createExportSessions();
    const broken: CsvExport = {
      filename: 'x.csv',
      next: () => Promise.reject(new Error('disk I/O error')),
    };
    const { exportId } = s.start(broken);
    await expect(s.next(exportId)).rejects.toThrow('disk I/O error');
    await expect(s.next(exportId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('the log export through the engine API', () => {
  let env: Env | null = null;
  afterEach(async () => {
    await env?.stop();
    env = null;
  });

  it('opens an export, gives its parts until done, and refuses a bad or ended export id with a reason', async () => {
    env = await startEnv();
    for (let i = 1; i <= 3; i++)
      await env.incoming({ from: '6281234567890', text: `S10.0812345678${i}.1234`, id: `X${i}` });
    const api = env.h.engine.api;
    await env.waitFor(
      async () => {
        const r = await api.invoke('log:page', { limit: 10 });
        return r.ok && r.value.rows.filter((x) => x.direction === 'in').length === 3;
      },
      5000,
      'three messages logged',
    );
    const opened = await api.invoke('log:export', { lang: 'id', separator: ';' });
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.filename).toMatch(/^jembatan-log-\d{4}-\d\d-\d\d\.csv$/);
    const parts: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await api.invoke('log:exportPart', { exportId: opened.value.exportId });
      if (!r.ok) throw new Error(r.error.message);
      parts.push(r.value.part);
      if (r.value.done) break;
    }
    const csv = parts.join('');
    expect(csv.startsWith('\uFEFFWaktu;Arah;Nomor')).toBe(true);
    for (let i = 1; i <= 3; i++) expect(csv).toContain(`S10.0812345678${i}.1234`);
    const ended = await api.invoke('log:exportPart', { exportId: opened.value.exportId });
    expect(ended).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const bad = await api.invoke('log:exportPart', { exportId: 'not-an-id' } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    // The language and separator are checked as broadcast:export checks them (one schema, kernel/csv.ts).
    const fr = await api.invoke('log:export', { lang: 'fr' as never });
    expect(fr).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'lang' } });
  });
});
