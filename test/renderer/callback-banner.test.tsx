import { act, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { ApiProvider } from '../../renderer/src/api/ApiContext';
import { createI18n } from '../../renderer/src/i18n';
import { en } from '../../renderer/src/i18n/en';
import { id } from '../../renderer/src/i18n/id';
import { createFakeApi } from './fake-api';

const settle = () => act(async () => new Promise((r) => setTimeout(r, 20)));

describe('callback mismatch banner', () => {
  it('says results do not arrive and registers our URL in one click; the banner leaves when the engine says so', async () => {
    const api = createFakeApi({
      'callback:register': async () => ({ ok: true, value: { url: 'http://127.0.0.1:3000/otomax/callback/s' } }),
    });
    render(
      <I18nextProvider i18n={createI18n('id')}>
        <ApiProvider client={api}>
          <App />
        </ApiProvider>
      </I18nextProvider>,
    );
    await settle();
    await act(async () =>
      api.emit('banners:changed', [{ id: 'callback_mismatch', level: 'error', since: Date.now() }]),
    );
    const banner = document.querySelector('[data-banner="callback_mismatch"]');
    expect(banner?.textContent).toContain(id.banners.callback_mismatch.title);
    expect(banner?.getAttribute('role')).toBe('alert');
    const page = window.location.hash;
    fireEvent.click(screen.getByRole('button', { name: id.banners.callback_mismatch.action }));
    await settle();
    // One click runs the command itself (no detour through another page).
    expect(api.callsOf('callback:register')).toHaveLength(1);
    expect(window.location.hash).toBe(page);
    await act(async () => api.emit('banners:changed', []));
    expect(document.querySelector('[data-banner="callback_mismatch"]')).toBeNull();
  });

  it('shows why when OtomaX refuses the registration', async () => {
    const api = createFakeApi({
      'callback:register': async () => ({
        ok: false,
        error: { code: 'OTOMAX_UNREACHABLE', message: 'OtomaX did not answer' },
      }),
    });
    render(
      <I18nextProvider i18n={createI18n('en')}>
        <ApiProvider client={api}>
          <App />
        </ApiProvider>
      </I18nextProvider>,
    );
    await settle();
    await act(async () =>
      api.emit('banners:changed', [{ id: 'callback_mismatch', level: 'error', since: Date.now() }]),
    );
    fireEvent.click(screen.getByRole('button', { name: en.banners.callback_mismatch.action }));
    await settle();
    expect(document.querySelector('[data-banner="callback_mismatch"] .error-text')).not.toBeNull();
  });
});
