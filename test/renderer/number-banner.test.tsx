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

describe('a banner per WhatsApp number', () => {
  for (const [lang, table] of [
    ['id', id],
    ['en', en],
  ] as const) {
    it(`names the number that needs linking again and opens the Numbers screen (${lang})`, async () => {
      const api = createFakeApi({});
      render(
        <I18nextProvider i18n={createI18n(lang)}>
          <ApiProvider client={api}>
            <App />
          </ApiProvider>
        </I18nextProvider>,
      );
      await settle();
      await act(async () =>
        api.emit('banners:changed', [{ id: 'number_unlinked', level: 'error', since: Date.now(), name: 'Cadangan' }]),
      );
      const banner = document.querySelector('[data-banner="number_unlinked"]');
      expect(banner?.textContent).toContain(table.banners.number_unlinked.title.replace('{{name}}', 'Cadangan'));
      expect(banner?.textContent).not.toMatch(/\{\{|banners\./);
      fireEvent.click(screen.getByRole('button', { name: table.banners.number_unlinked.action }));
      await settle();
      expect(window.location.hash).toBe('#/numbers');
    });
  }
});
