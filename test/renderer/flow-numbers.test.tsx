import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FlowRow, MessageStory, WaNumber } from '../../shared/dto';
import { en } from '../../renderer/src/i18n/en';
import { id } from '../../renderer/src/i18n/id';
import { LiveFlowPage } from '../../renderer/src/pages/LiveFlowPage';
import { StatusPage } from '../../renderer/src/pages/StatusPage';
import { createFakeApi, flowRow, metrics } from './fake-api';
import { renderWith } from './render';
import { FLOW_REDRAW_MS } from '../../renderer/src/hooks/useFlow';

// Which WhatsApp number each message used (issue 17), in the live flow, its detail and Status.
const settle = () => act(async () => new Promise((r) => setTimeout(r, FLOW_REDRAW_MS + 40)));
const rowIds = () => [...document.querySelectorAll('[data-row-id]')].map((e) => e.getAttribute('data-row-id'));
const headCols = () => [...document.querySelectorAll('.flow-head > span')].map((e) => e.textContent);
const rowEl = (rid: string) => document.querySelector(`[data-row-id="${rid}"]`) as HTMLElement;

const number = (nid: string, name: string, primary = false): WaNumber => ({
  id: nid,
  name,
  kodeTerminal: primary ? null : 7,
  state: 'open',
  phone: null,
  primary,
  fallbackId: null,
});
const MAIN = number('default', 'Nomor utama', true);
const SPARE = number('wa-0000beef', 'Cadangan');

const onMain = (n: number, over: Partial<FlowRow> = {}) =>
  flowRow(n, { numberId: 'default', numberName: 'Nomor utama', ...over });
const onSpare = (n: number, over: Partial<FlowRow> = {}) =>
  flowRow(n, { numberId: SPARE.id, numberName: 'Cadangan', ...over });

function api(numbers: WaNumber[]) {
  return createFakeApi({
    'numbers:list': () => ({ ok: true, value: numbers }),
    'log:page': () => ({
      ok: true,
      value: {
        rows: [
          onMain(1),
          onSpare(2),
          flowRow(3, { id: 'outbox:3', direction: 'outbox', numberId: null, numberName: null }),
          flowRow(4, { numberId: 'wa-gone', numberName: null }),
        ],
        nextCursor: null,
        total: 4,
      },
    }),
  });
}

describe('live flow with several WhatsApp numbers', () => {
  it('a one-number shop sees no number column, no number filter and no number in the detail', async () => {
    const a = api([MAIN]);
    const story: MessageStory = { row: onMain(1), attempts: [], outbound: [], raw: null, events: [] };
    a.handle('log:detail', () => ({ ok: true, value: story }));
    renderWith(<LiveFlowPage />, { api: a });
    await settle();
    expect(rowIds()).toEqual(['in:1', 'in:2', 'outbox:3', 'in:4']);
    expect(headCols()).not.toContain(id.flowNumbers.col);
    expect(screen.queryByLabelText(id.flowNumbers.filter)).toBeNull();
    expect(document.querySelector('[data-testid="row-number"]')).toBeNull();
    fireEvent.click(rowEl('in:1'));
    await settle();
    const dialog = screen.getByRole('dialog', { name: id.flow.detailTitle });
    expect(within(dialog).queryByText(id.flowNumbers.detailIn)).toBeNull();
  });

  it('names the number each message used, never its raw id, and says when none sent it', async () => {
    renderWith(<LiveFlowPage />, { api: api([MAIN, SPARE]) });
    await settle();
    expect(headCols().at(-1)).toBe(id.flowNumbers.col);
    const cell = (rid: string) => within(rowEl(rid)).getByTestId('row-number').textContent;
    expect(cell('in:1')).toBe('Nomor utama');
    expect(cell('in:2')).toBe('Cadangan');
    expect(cell('outbox:3')).toBe('—');
    expect(cell('in:4')).toBe(id.flowNumbers.unknown);
    expect(document.body.textContent).not.toContain('wa-gone');
    expect(document.body.textContent).not.toContain('wa-0000beef');
  });

  it('filters by number through log:page and leaves out live messages of the other numbers', async () => {
    const a = api([MAIN, SPARE]);
    renderWith(<LiveFlowPage />, { api: a });
    await settle();
    const select = screen.getByLabelText(id.flowNumbers.filter) as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual([id.flowNumbers.all, 'Nomor utama', 'Cadangan']);
    fireEvent.change(select, { target: { value: SPARE.id } });
    await act(async () => new Promise((r) => setTimeout(r, 350)));
    expect(a.callsOf('log:page').at(-1)).toEqual({ filter: { number: SPARE.id }, before: null, limit: 200 });

    a.emit('message:logged', onMain(8));
    a.emit('message:logged', onSpare(9));
    await settle();
    expect(rowIds()).toContain('in:9');
    expect(rowIds()).not.toContain('in:8');

    fireEvent.change(select, { target: { value: '' } });
    await act(async () => new Promise((r) => setTimeout(r, 350)));
    expect(a.callsOf('log:page').at(-1)).toEqual({ filter: {}, before: null, limit: 200 });
  });

  it('shows the column once a second number is added', async () => {
    const a = api([MAIN]);
    renderWith(<LiveFlowPage />, { api: a });
    await settle();
    expect(headCols()).not.toContain(id.flowNumbers.col);
    await act(async () => a.emit('numbers:changed', [MAIN, SPARE]));
    await settle();
    expect(headCols().at(-1)).toBe(id.flowNumbers.col);
    expect(screen.getByLabelText(id.flowNumbers.filter)).toBeTruthy();
  });

  it('the detail names the number a message arrived on, and the one an outbox message goes out from', async () => {
    const a = api([MAIN, SPARE]);
    const stories: Record<string, MessageStory> = {
      'in:2': { row: onSpare(2), attempts: [], outbound: [], raw: null, events: [] },
      'outbox:3': {
        row: flowRow(3, { id: 'outbox:3', direction: 'outbox', numberId: 'default', numberName: 'Nomor utama' }),
        attempts: [],
        outbound: [],
        raw: null,
        events: [],
      },
    };
    a.handle('log:detail', ({ id: rid }) => ({ ok: true, value: stories[rid] as MessageStory }));
    renderWith(<LiveFlowPage />, { api: a, lang: 'en' });
    await settle();
    fireEvent.click(rowEl('in:2'));
    await settle();
    let dialog = screen.getByRole('dialog', { name: en.flow.detailTitle });
    expect(within(dialog).getByText(en.flowNumbers.detailIn)).toBeTruthy();
    expect(within(dialog).getByTestId('detail-number').textContent).toBe('Cadangan');
    fireEvent.click(within(dialog).getByRole('button', { name: en.common.close }));
    await settle();
    fireEvent.click(rowEl('outbox:3'));
    await settle();
    dialog = screen.getByRole('dialog', { name: en.flow.detailTitle });
    expect(within(dialog).getByText(en.flowNumbers.detailOutbox)).toBeTruthy();
    expect(within(dialog).getByTestId('detail-number').textContent).toBe('Nomor utama');
  });
});

describe('Status with several numbers', () => {
  const withNumbers = (numbers: NonNullable<ReturnType<typeof metrics>['numbers']>) =>
    createFakeApi({ 'metrics:get': () => ({ ok: true, value: { ...metrics(), numbers } }) });

  it("shows today's received and sent per number", async () => {
    renderWith(<StatusPage />, {
      api: withNumbers([
        { id: 'default', name: 'Nomor utama', received: 1234, sent: 1100 },
        { id: 'wa-1', name: 'Cadangan', received: 5, sent: 4 },
        { id: 'wa-x', name: null, received: 1, sent: 0 },
      ]),
    });
    await settle();
    const card = screen.getByTestId('numbers-today');
    expect(within(card).getByText(id.flowNumbers.todayTitle)).toBeTruthy();
    const rows = within(card)
      .getAllByRole('row')
      .slice(1)
      .map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['Nomor utama', '1.234', '1.100'],
      ['Cadangan', '5', '4'],
      [id.flowNumbers.unknown, '1', '0'],
    ]);
  });

  it('shows nothing new with one number', async () => {
    renderWith(<StatusPage />, { api: withNumbers([{ id: 'default', name: 'Nomor utama', received: 3, sent: 2 }]) });
    await settle();
    expect(screen.queryByTestId('numbers-today')).toBeNull();
  });
});
