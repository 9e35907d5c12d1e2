import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App';
import { ApiProvider } from './api/ApiContext';
import { createApiClient } from './api/create-api-client';
import { createI18n } from './i18n';
import { applyTheme, storedLang, storedTheme } from './hooks/usePrefs';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/pages.css';
import './styles/status-state.css';
import './styles/checklist.css';
import './styles/numbers.css';
import './styles/responsive.css';
import './styles/flow-numbers.css';

// Before the first paint, so a dark-theme owner never sees a white flash.
applyTheme(storedTheme());
const lang = storedLang();
document.documentElement.lang = lang;

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={createI18n(lang)}>
        <ApiProvider client={createApiClient()}>
          <App />
        </ApiProvider>
      </I18nextProvider>
    </StrictMode>,
  );
}
