import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CampaignList } from '../components/broadcast/CampaignList';
import { CampaignView } from '../components/broadcast/CampaignView';
import { Compose } from '../components/broadcast/Compose';
import { QontakRecords } from '../components/broadcast/QontakRecords';

type View =
  | { kind: 'new' }
  | { kind: 'history' }
  | { kind: 'records' }
  | { kind: 'campaign'; id: string; from: 'new' | 'history' };

export function BroadcastPage() {
  const { t } = useTranslation();
  const [view, setView] = useState<View>({ kind: 'new' });
  const tab = view.kind === 'campaign' ? view.from : view.kind;
  return (
    <section className="page" aria-labelledby="broadcast-title">
      <header className="page-header">
        <h1 id="broadcast-title">{t('broadcast.title')}</h1>
        <p className="page-sub">{t('broadcast.subtitle')}</p>
      </header>
      <div className="tabs" role="tablist" aria-label={t('broadcast.title')}>
        {(['new', 'history', 'records'] as const).map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={tab === k}
            className={`tab ${tab === k ? 'active' : ''}`}
            onClick={() => setView({ kind: k })}
          >
            {k === 'records' ? t('broadcastMore.tabRecords') : t(`broadcast.tab.${k}`)}
          </button>
        ))}
      </div>
      {view.kind === 'campaign' ? (
        <CampaignView id={view.id} onBack={() => setView({ kind: view.from })} />
      ) : view.kind === 'records' ? (
        <QontakRecords />
      ) : view.kind === 'new' ? (
        <Compose onSent={(id) => setView({ kind: 'campaign', id, from: 'history' })} />
      ) : (
        <CampaignList onOpen={(id) => setView({ kind: 'campaign', id, from: 'history' })} />
      )}
    </section>
  );
}
