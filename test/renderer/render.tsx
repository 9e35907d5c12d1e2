import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { ApiProvider } from '../../renderer/src/api/ApiContext';
import { EngineStateProvider } from '../../renderer/src/hooks/EngineState';
import { createI18n } from '../../renderer/src/i18n';
import type { Lang } from '../../renderer/src/lib/format';
import { createFakeApi, type FakeApi } from './fake-api';

/** Render inside the app's providers with a fake engine. */
export function renderWith(
  ui: ReactNode,
  options: { api?: FakeApi; lang?: Lang } = {},
): RenderResult & { api: FakeApi } {
  const api = options.api ?? createFakeApi();
  const result = render(
    <I18nextProvider i18n={createI18n(options.lang ?? 'id')}>
      <ApiProvider client={api}>
        <EngineStateProvider>{ui}</EngineStateProvider>
      </ApiProvider>
    </I18nextProvider>,
  );
  return { ...result, api };
}
