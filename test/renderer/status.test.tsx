import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { StatusPage } from '../../renderer/src/pages/StatusPage';
import { id } from '../../renderer/src/i18n/id';
import { createFakeApi, metrics } from './fake-api';
import { renderWith } from './render';

const settle = () => act(async () => new Promise((r) => setTimeout(r, 20)));

describe('status page', () => {
  it('turns forwarding off and on with forwarding:set, like the tray', async () => {
    const { api } = renderWith(<StatusPage />);
    await settle();
    const sw = screen.getByRole('switch', { name: id.status.forwarding });
    expect(sw.getAttribute('aria-checked')).toBe('true');
    await act(async () => {
      fireEvent.click(sw);
    });
    expect(api.callsOf('forwarding:set')).toEqual([{ enabled: false }]);
    expect(sw.getAttribute('aria-checked')).toBe('false');
    expect(screen.getByText(id.status.forwardingOffHint)).toBeTruthy();

    // The tray flipped it back: the event moves the switch.
    await act(async () => api.emit('forwarding:changed', { forwarding: true, autoReply: false }));
    expect(sw.getAttribute('aria-checked')).toBe('true');
    const auto = screen.getByRole('switch', { name: id.status.autoReply });
    expect(auto.getAttribute('aria-checked')).toBe('false');
    await act(async () => {
      fireEvent.click(auto);
    });
    expect(api.callsOf('autoreply:set')).toEqual([{ enabled: true }]);
  });

  it('shows a refused switch as a message', async () => {
    const api = createFakeApi({
      'forwarding:set': () => ({
        ok: false,
        error: { code: 'OTOMAX_NOT_CONFIGURED', message: 'set the OtomaX address first' },
      }),
    });
    renderWith(<StatusPage />, { api });
    await settle();
    await act(async () => {
      fireEvent.click(screen.getByRole('switch', { name: id.status.forwarding }));
    });
    expect(screen.getByRole('alert').textContent).toBe(
      `${id.errors.OTOMAX_NOT_CONFIGURED}. ${id.errorHelp.OTOMAX_NOT_CONFIGURED}`,
    );
    expect(screen.getByRole('switch', { name: id.status.forwarding }).getAttribute('aria-checked')).toBe('true');
  });

  it("shows today's counters, OtomaX reachability and the chart, kept live by metrics:tick", async () => {
    const { api } = renderWith(<StatusPage />);
    await settle();
    expect(screen.getByTestId('counter-received').textContent).toBe('12');
    expect(screen.getByTestId('otomax-state').textContent).toBe(id.status.otomaxUp);
    expect(screen.getByRole('img', { name: id.status.chartLabel }).querySelectorAll('.chart-bar')).toHaveLength(60);
    const next = metrics({ received: 1234 });
    next.otomax = {
      ...next.otomax,
      reachable: false,
      lastError: 'connect ECONNREFUSED',
      lastErrorClass: 'unreachable',
      lastErrorAt: next.at,
    };
    await act(async () => api.emit('metrics:tick', next));
    expect(screen.getByTestId('counter-received').textContent).toBe('1.234');
    expect(screen.getByTestId('otomax-state').textContent).toBe(id.status.otomaxDown);
    expect(screen.getByText(new RegExp(id.rowError.unreachable.slice(0, 30)))).toBeTruthy();
    expect(screen.queryByText(/ECONNREFUSED/)).toBeNull();
  });
});
