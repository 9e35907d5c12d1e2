import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { I18nextProvider } from 'react-i18next';
import { App } from '../../renderer/src/App';
import { ApiProvider } from '../../renderer/src/api/ApiContext';
import { createI18n } from '../../renderer/src/i18n';
import { en } from '../../renderer/src/i18n/en';
import { id } from '../../renderer/src/i18n/id';
import { LANG_KEY, THEME_KEY, storedLang } from '../../renderer/src/hooks/usePrefs';
import { createFakeApi, type FakeApi } from './fake-api';

const settle = () => act(async () => new Promise((r) => setTimeout(r, 20)));

function renderApp(api: FakeApi = createFakeApi()) {
  render(
    <I18nextProvider i18n={createI18n(storedLang())}>
      <ApiProvider client={api}>
        <App />
      </ApiProvider>
    </I18nextProvider>,
  );
  return api;
}

describe('app shell', () => {
  it('switches Bahasa Indonesia to English, remembers it and tells the tray', async () => {
    const api = renderApp();
    await settle();
    // The shell hears the language the window opens in (the tray and notifications follow the window).
    expect(api.shellLanguages).toEqual(['id']);
    expect(screen.getByRole('link', { name: id.nav.flow })).toBeTruthy();
    fireEvent.change(screen.getByLabelText(id.prefs.language), { target: { value: 'en' } });
    await settle();
    expect(screen.getByRole('link', { name: en.nav.flow })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(en.flow.title);
    expect(localStorage.getItem(LANG_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(api.shellLanguages).toEqual(['id', 'en']);
  });

  it('applies and remembers the theme', async () => {
    renderApp();
    await settle();
    fireEvent.change(screen.getByLabelText(id.prefs.theme), { target: { value: 'dark' } });
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(localStorage.getItem(THEME_KEY)).toBe('dark');
    fireEvent.change(screen.getByLabelText(id.prefs.theme), { target: { value: 'light' } });
    expect(document.documentElement.dataset.theme).toBe('light');
  });

  it('opens pairing first while WhatsApp is not linked, the live flow once it is', async () => {
    const api = createFakeApi({
      'session:get': () => ({ ok: true, value: { sessionId: 's', state: 'idle', since: 0 } }),
    });
    renderApp(api);
    await settle();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(id.pairing.title);
    expect(window.location.hash).toBe('#/pairing');
    fireEvent.click(screen.getByRole('link', { name: id.nav.status }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(id.status.title);
    expect(screen.getByRole('link', { name: id.nav.status }).getAttribute('aria-current')).toBe('page');
  });

  it('shows one overall state in the sidebar, worst problem first, and opens Status on it', async () => {
    const api = renderApp();
    await settle();
    const chip = () => screen.getByTestId('overall');
    expect(chip().getAttribute('data-level')).toBe('ok');
    expect(chip().textContent).toContain(id.overall.level.ok);
    await act(async () =>
      api.emit('overall:changed', {
        level: 'down',
        problems: [
          { source: 'state', id: 'otomax_down', level: 'down', since: Date.now(), count: 5 },
          { source: 'state', id: 'forwarding_off', level: 'attention', since: null },
        ],
      }),
    );
    expect(chip().getAttribute('data-level')).toBe('down');
    expect(chip().textContent).toContain(id.overall.level.down);
    expect(chip().textContent).toContain('OtomaX tidak bisa dihubungi: 5 pesan menunggu');
    expect(chip().textContent).toContain('+1 masalah lain');
    fireEvent.click(chip());
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(id.status.title);
  });

  it('shows banners that need the owner and leads to the fix', async () => {
    const api = renderApp();
    await settle();
    expect(document.querySelector('[data-banner]')).toBeNull();
    await act(async () =>
      api.emit('banners:changed', [
        { id: 'logged_out', level: 'error', since: Date.now() },
        { id: 'otomax_unreachable', level: 'warning', since: Date.now() - 90_000 },
      ]),
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain(id.banners.logged_out.title);
    expect(document.querySelector('[data-banner="otomax_unreachable"]')?.textContent).toContain(
      id.banners.otomax_unreachable.title,
    );
    expect(document.querySelector('.banners')?.getAttribute('aria-live')).toBe('polite');
    fireEvent.click(screen.getByRole('button', { name: id.banners.logged_out.action }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(id.pairing.title);
    await act(async () => api.emit('banners:changed', []));
    expect(document.querySelector('[data-banner]')).toBeNull();
  });

  it('tells the owner to open the printed address when the token is missing', () => {
    const api = createFakeApi();
    const info = { state: 'no_token' as const, failures: 0, nextRetryAt: null, epoch: 0 };
    render(
      <I18nextProvider i18n={createI18n('id')}>
        <ApiProvider client={{ ...api, connection: { get: () => info, subscribe: () => () => undefined } }}>
          <App />
        </ApiProvider>
      </I18nextProvider>,
    );
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(id.conn.noTokenTitle);
  });

  it('says the address is stale when a restarted host refuses the token', () => {
    const api = createFakeApi();
    const info = { state: 'unauthorized' as const, failures: 3, nextRetryAt: null, epoch: 1 };
    render(
      <I18nextProvider i18n={createI18n('id')}>
        <ApiProvider client={{ ...api, connection: { get: () => info, subscribe: () => () => undefined } }}>
          <App />
        </ApiProvider>
      </I18nextProvider>,
    );
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(id.conn.staleTitle);
  });
});
