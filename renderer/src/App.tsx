import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Banners } from './components/Banners';
import { ConnectionBar, NoAccess } from './components/ConnectionBar';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Sidebar } from './components/Sidebar';
import { SetupChecklist } from './components/setup/SetupChecklist';
import { EngineStateProvider, useEngineState } from './hooks/EngineState';
import { useHashPage, type PageId } from './hooks/useHashPage';
import { BroadcastPage } from './pages/BroadcastPage';
import { LiveFlowPage } from './pages/LiveFlowPage';
import { NumbersPage } from './pages/NumbersPage';
import { PairingPage } from './pages/PairingPage';
import { SettingsPage } from './pages/SettingsPage';
import { StatusPage } from './pages/StatusPage';
import { useConnection } from './api/ApiContext';

function Screen({ page, onGo }: { page: PageId; onGo: (p: PageId) => void }) {
  switch (page) {
    case 'pairing':
      return <PairingPage onGo={onGo} />;
    case 'flow':
      return <LiveFlowPage />;
    case 'status':
      return <StatusPage />;
    case 'settings':
      return <SettingsPage />;
    case 'broadcast':
      return <BroadcastPage />;
    case 'numbers':
      return <NumbersPage />;
  }
}

/** Where the first-run checklist shows until set-up is done: the screens the owner lands on. */
const FIRST_SCREENS: readonly PageId[] = ['pairing', 'flow', 'status'];

function Shell() {
  const { t } = useTranslation();
  const { session, banners, overall } = useEngineState();
  const { page: hashPage, go, land } = useHashPage();
  // Without a screen in the URL: pairing until WhatsApp is linked, then the live flow.
  const page: PageId = hashPage ?? (session?.state === 'open' ? 'flow' : 'pairing');
  useEffect(() => {
    if (!hashPage && session) land(page);
  }, [hashPage, session, page, land]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <Sidebar page={page} onGo={go} overall={overall} />
      <div className="main-column">
        <ConnectionBar />
        <Banners banners={banners} onGo={go} />
        <main id="main" className="content" tabIndex={-1}>
          <ErrorBoundary
            key={page}
            fallback={(reset) => (
              <div className="card" role="alert">
                <p>{t('app.screenFailed')}</p>
                <button type="button" className="btn btn-primary" onClick={reset}>
                  {t('common.retry')}
                </button>
              </div>
            )}
          >
            {FIRST_SCREENS.includes(page) && <SetupChecklist onGo={go} />}
            <Screen page={page} onGo={go} />
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}

export function App() {
  const { state } = useConnection();
  if (state === 'no_token' || state === 'unauthorized') return <NoAccess />;
  return (
    <EngineStateProvider>
      <Shell />
    </EngineStateProvider>
  );
}
