import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LiveFlowPage } from '../../renderer/src/pages/LiveFlowPage';
import { createFakeApi, flowRow } from './fake-api';
import { renderWith } from './render';
import { FLOW_REDRAW_MS } from '../../renderer/src/hooks/useFlow';

const settle = () => act(async () => new Promise((r) => setTimeout(r, FLOW_REDRAW_MS + 40)));

describe('live flow total', () => {
  it('says "more than N" when the engine stopped counting, and counts new messages on top of it', async () => {
    const api = createFakeApi({
      'log:page': () => ({
        ok: true,
        value: { rows: [flowRow(1), flowRow(2)], nextCursor: '1:2', total: 10_000, totalIsLowerBound: true },
      }),
    });
    renderWith(<LiveFlowPage />, { api });
    await settle();
    expect(screen.getByTestId('flow-count').textContent).toBe('2 dari lebih dari 10.000 pesan');
    api.emit('message:logged', flowRow(0));
    await settle();
    expect(screen.getByTestId('flow-count').textContent).toBe('3 dari lebih dari 10.001 pesan');
  });
});
