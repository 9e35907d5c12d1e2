import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MessageStory } from '../../shared/dto';
import { LiveFlowPage } from '../../renderer/src/pages/LiveFlowPage';
import { id } from '../../renderer/src/i18n/id';
import { createFakeApi, flowRow } from './fake-api';
import { renderWith } from './render';
import { FLOW_REDRAW_MS } from '../../renderer/src/hooks/useFlow';

/** Let the merge of new rows (at most one per FLOW_REDRAW_MS) and the promises run. */
const settle = () => act(async () => new Promise((r) => setTimeout(r, FLOW_REDRAW_MS + 40)));

const rowIds = () => [...document.querySelectorAll('[data-row-id]')].map((e) => e.getAttribute('data-row-id'));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('live flow', () => {
  it('puts new messages on top and updates known ones in place', async () => {
    const { api } = renderWith(<LiveFlowPage />);
    await settle();
    expect(rowIds()).toEqual(['in:1', 'in:2']);
    expect(screen.getByTestId('flow-count').textContent).toBe('2 dari 2 pesan');

    api.emit(
      'message:logged',
      flowRow(0, { status: 'forwarding', otomaxStatus: null, otomaxDesc: null, replyText: null, replyStatus: null }),
    );
    await settle();
    expect(rowIds()).toEqual(['in:0', 'in:1', 'in:2']);
    expect(screen.getByTestId('flow-count').textContent).toBe('3 dari 3 pesan');

    api.emit('message:logged', flowRow(2, { text: 'updated text', otomaxStatus: 42, otomaxDesc: 'Format Salah' }));
    await settle();
    expect(rowIds()).toEqual(['in:0', 'in:1', 'in:2']);
    const row2 = document.querySelector('[data-row-id="in:2"]') as HTMLElement;
    expect(row2.textContent).toContain('updated text');
    expect(row2.textContent).toContain('42 Format Salah');
    const row0 = document.querySelector('[data-row-id="in:0"]') as HTMLElement;
    expect(row0.textContent).toContain('Mengirim ke OtomaX');
  });

  it('filters by phone, status and text through log:page and ignores events that do not match', async () => {
    const { api } = renderWith(<LiveFlowPage />);
    await settle();
    fireEvent.change(screen.getByLabelText(id.flow.phone), { target: { value: '0812 000' } });
    fireEvent.change(screen.getByLabelText(id.flow.statusFilter), { target: { value: 'failed' } });
    fireEvent.change(screen.getByLabelText(id.flow.search), { target: { value: 'S10' } });
    await act(async () => new Promise((r) => setTimeout(r, 350)));
    expect(api.callsOf('log:page').at(-1)).toEqual({
      filter: { phone: '0812 000', status: 'failed', text: 'S10' },
      before: null,
      limit: 200,
    });

    api.emit('message:logged', flowRow(7, { status: 'forwarded' }));
    api.emit('message:logged', flowRow(8, { status: 'failed' }));
    await settle();
    expect(rowIds()[0]).toBe('in:8');
    expect(rowIds()).not.toContain('in:7');
  });

  it('says "no matching messages" for an empty filtered list, "no messages yet" only without a filter', async () => {
    const { api } = renderWith(<LiveFlowPage />, {
      api: createFakeApi({ 'log:page': () => ({ ok: true, value: { rows: [], nextCursor: null, total: 0 } }) }),
    });
    await settle();
    expect(document.querySelector('.empty')?.textContent).toBe(id.flow.empty);
    fireEvent.change(screen.getByLabelText(id.flow.phone), { target: { value: '0812' } });
    await act(async () => new Promise((r) => setTimeout(r, 350)));
    expect(api.callsOf('log:page').at(-1)?.filter).toEqual({ phone: '0812' });
    expect(document.querySelector('.empty')?.textContent).toBe(id.flow.emptyFiltered);
    // A reseller OtomaX does not know (41) counts as an unknown sender, live as in the engine.
    fireEvent.change(screen.getByLabelText(id.flow.phone), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText(id.flow.statusFilter), { target: { value: 'sender_unknown' } });
    await act(async () => new Promise((r) => setTimeout(r, 350)));
    api.emit('message:logged', flowRow(9, { status: 'forwarded', otomaxStatus: 41, otomaxDesc: 'Bukan Reseller' }));
    api.emit('message:logged', flowRow(10, { status: 'forwarded', otomaxStatus: 21 }));
    await settle();
    expect(rowIds()).toEqual(['in:9']);
  });

  it('opens a row for its whole story', async () => {
    const story: MessageStory = {
      row: flowRow(1),
      attempts: [
        {
          attempt: 1,
          startedAt: 1,
          finishedAt: 2,
          outcome: 'timeout',
          httpStatus: null,
          error: 'no answer in 2 s',
          latencyMs: 2000,
        },
        { attempt: 2, startedAt: 3, finishedAt: 4, outcome: 'ok', httpStatus: 200, error: null, latencyMs: 95 },
      ],
      outbound: [
        {
          id: 9,
          kind: 'auto_reply',
          toPhone: '6281200000001',
          text: 'Trx 1 diproses',
          status: 'read',
          waId: 'W1',
          attempts: 1,
          createdAt: 5,
          sentAt: 6,
          deliveredAt: 7,
          readAt: 8,
          error: null,
        },
      ],
      raw: '{"ok":true}',
      events: [{ at: 1, what: 'received', step: 'received' }],
    };
    const api = createFakeApi({ 'log:detail': () => ({ ok: true, value: story }) });
    renderWith(<LiveFlowPage />, { api });
    await settle();
    fireEvent.click(document.querySelector('[data-row-id="in:1"]') as HTMLElement);
    await settle();
    const dialog = screen.getByRole('dialog', { name: id.flow.detailTitle });
    expect(api.callsOf('log:detail')).toEqual([{ id: 'in:1' }]);
    expect(within(dialog).getByText(id.attemptOutcome.timeout)).toBeTruthy();
    expect(within(dialog).getByText(id.attemptOutcome.ok)).toBeTruthy();
    expect(within(dialog).getByText(id.timeline.received)).toBeTruthy();
    expect(within(dialog).queryByText(/no answer in 2 s/)).toBeNull();
    expect(within(dialog).getByText('Balasan otomatis')).toBeTruthy();
    expect(within(dialog).getByText('Dibaca')).toBeTruthy();
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('keeps 100,000 rows cheap: only the visible ones are in the DOM', async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => flowRow(i));
    const api = createFakeApi({
      'log:page': () => ({ ok: true, value: { rows, nextCursor: null, total: rows.length } }),
    });
    renderWith(<LiveFlowPage />, { api });
    await settle();
    expect(screen.getByTestId('flow-count').textContent).toBe('100.000 dari 100.000 pesan');
    expect(rowIds().length).toBeGreaterThan(5);
    expect(rowIds().length).toBeLessThan(60);
    const started = performance.now();
    for (let i = 0; i < 50; i += 1) api.emit('message:logged', flowRow(100_000 + i));
    await settle();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(rowIds()[0]).toBe('in:100049');
  });

  it('holds new rows while paused and shows them on resume', async () => {
    const { api } = renderWith(<LiveFlowPage />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: id.flow.pause }));
    api.emit('message:logged', flowRow(0));
    api.emit('message:logged', flowRow(1, { text: 'changed while paused' }));
    await settle();
    expect(rowIds()).toEqual(['in:1', 'in:2']);
    expect((document.querySelector('[data-row-id="in:1"]') as HTMLElement).textContent).toContain(
      'changed while paused',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Lanjutkan (1 baru)' }));
    expect(rowIds()).toEqual(['in:0', 'in:1', 'in:2']);
  });

  it('exports the filtered range as a CSV download, taking the file part by part', async () => {
    const blobs: Blob[] = [];
    const createObjectURL = vi.fn((b: Blob) => {
      blobs.push(b);
      return 'blob:x';
    });
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    // Each export comes in two parts: the first with the BOM and the header, the last marked done.
    let part = 0;
    const api = createFakeApi({
      'log:export': () => ({
        ok: true,
        value: { exportId: '8b0f6c1e-5a55-4f43-9d1c-3d8c1b7f2a10', filename: 'jembatan-flow.csv' },
      }),
      'log:exportPart': () =>
        part++ % 2 === 0
          ? { ok: true, value: { part: '\ufefftime;phone\r\n1;62812\r\n', rows: 1, done: false } }
          : { ok: true, value: { part: '2;62813\r\n', rows: 1, done: true } },
    });
    renderWith(<LiveFlowPage />, { api });
    await settle();
    fireEvent.change(screen.getByLabelText(id.flow.statusFilter), { target: { value: 'expired' } });
    await act(async () => new Promise((r) => setTimeout(r, 350)));
    fireEvent.click(screen.getByRole('button', { name: id.flow.export }));
    await settle();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: id.flow.download }));
    });
    await settle();
    const input = api.callsOf('log:export')[0];
    expect(input?.filter?.status).toBe('expired');
    expect(typeof input?.filter?.from).toBe('number');
    // In Indonesian the file is Indonesian, split on ";" as Indonesian Excel expects, unless the owner chose ",".
    expect(input).toMatchObject({ lang: 'id', separator: ';' });
    expect(api.callsOf('log:exportPart')).toEqual([
      { exportId: '8b0f6c1e-5a55-4f43-9d1c-3d8c1b7f2a10' },
      { exportId: '8b0f6c1e-5a55-4f43-9d1c-3d8c1b7f2a10' },
    ]);
    // The parts, in order, with one BOM (the file's own: none added in front of it).
    const bytes = await new Promise<ArrayBuffer>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as ArrayBuffer);
      reader.readAsArrayBuffer(blobs[0]!);
    });
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text).toBe('\ufefftime;phone\r\n1;62812\r\n2;62813\r\n');
    expect(screen.getByText('Berkas jembatan-flow.csv diunduh: 2 pesan.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText(id.flow.csvSeparator), { target: { value: ',' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: id.flow.download }));
    });
    await settle();
    expect(api.callsOf('log:export')[1]).toMatchObject({ separator: ',' });
    expect(localStorage.getItem('jembatan.csvSeparator')).toBe(',');
    expect(createObjectURL).toHaveBeenCalledTimes(2);
    expect(click).toHaveBeenCalledTimes(2);
  });

  it('says when an export stopped at its limit, and shows a part that failed as a message', async () => {
    Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    let fail = false;
    const api = createFakeApi({
      'log:export': () => ({
        ok: true,
        value: { exportId: '8b0f6c1e-5a55-4f43-9d1c-3d8c1b7f2a10', filename: 'jembatan-flow.csv' },
      }),
      'log:exportPart': () =>
        fail
          ? { ok: false, error: { code: 'NOT_FOUND', message: 'this export has ended or expired' } }
          : { ok: true, value: { part: '\ufeffa\r\n', rows: 200_000, done: true, truncated: true } },
    });
    renderWith(<LiveFlowPage />, { api });
    await settle();
    fireEvent.click(screen.getByRole('button', { name: id.flow.export }));
    await settle();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: id.flow.download }));
    });
    await settle();
    expect(screen.getByText(/Berkas berisi 200\.000 pesan terbaru saja\./)).toBeTruthy();
    fail = true;
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: id.flow.download }));
    });
    await settle();
    expect(click).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('alert').textContent).toBe(`${id.errors.NOT_FOUND}. ${id.errorHelp.NOT_FOUND}`);
  });

  it('shows a failed log:page as a message, not a crash', async () => {
    const api = createFakeApi({
      'log:page': () => ({ ok: false, error: { code: 'DB_FAILED', message: 'database is locked' } }),
    });
    renderWith(<LiveFlowPage />, { api });
    await settle();
    expect(screen.getByRole('alert').textContent).toBe(`${id.errors.DB_FAILED}. ${id.errorHelp.DB_FAILED}`);
  });
});
