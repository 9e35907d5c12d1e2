import { useTranslation } from 'react-i18next';
import { ErrorText } from '../components/ErrorText';
import { MiniChart } from '../components/MiniChart';
import { Switch } from '../components/Switch';
import { Counters } from '../components/status/Counters';
import { NeedsCheckCard } from '../components/status/NeedsCheckCard';
import { HeldRepliesCard } from '../components/status/HeldRepliesCard';
import { NumbersTodayCard } from '../components/status/NumbersTodayCard';
import { OtomaxCard } from '../components/status/OtomaxCard';
import { WhatsAppCard } from '../components/status/WhatsAppCard';
import { useEngineState } from '../hooks/EngineState';
import { useAction } from '../hooks/useCommand';

export function StatusPage() {
  const { t } = useTranslation();
  const { session, forwarding, metrics, setForwarding } = useEngineState();
  const setFwd = useAction('forwarding:set');
  const setAuto = useAction('autoreply:set');

  return (
    <section className="page" aria-labelledby="status-title">
      <header className="page-header">
        <h1 id="status-title">{t('status.title')}</h1>
      </header>
      <div className="status-grid">
        <WhatsAppCard session={session} />
        <div className="card">
          <h2>{t('status.switches')}</h2>
          <Switch
            label={t('status.forwarding')}
            description={
              forwarding?.forwardingLockedBy
                ? t('switchLock.fixedBy', { name: forwarding.forwardingLockedBy })
                : forwarding?.forwarding === false
                  ? t('status.forwardingOffHint')
                  : t('status.forwardingHint')
            }
            checked={forwarding?.forwarding ?? false}
            busy={setFwd.busy}
            disabled={!forwarding || Boolean(forwarding.forwardingLockedBy)}
            onChange={(enabled) => void setFwd.run({ enabled }).then((f) => f && setForwarding(f))}
          />
          <ErrorText error={setFwd.error} />
          <Switch
            label={t('status.autoReply')}
            description={
              forwarding?.autoReplyLockedBy
                ? t('switchLock.fixedBy', { name: forwarding.autoReplyLockedBy })
                : t('status.autoReplyHint')
            }
            checked={forwarding?.autoReply ?? false}
            busy={setAuto.busy}
            disabled={!forwarding || Boolean(forwarding.autoReplyLockedBy)}
            onChange={(enabled) => void setAuto.run({ enabled }).then((f) => f && setForwarding(f))}
          />
          <ErrorText error={setAuto.error} />
        </div>
        {metrics && <OtomaxCard otomax={metrics.otomax} queues={metrics.queues} />}
        {metrics && <NeedsCheckCard count={metrics.needsCheck ?? 0} />}
        {metrics && <HeldRepliesCard held={metrics.heldReplies ?? 0} />}
      </div>
      {metrics ? (
        <div className="status-row">
          <div className="card">
            <h2>{t('status.today')}</h2>
            <Counters today={metrics.today} />
          </div>
          <div className="card">
            <div className="card-head">
              <h2>{t('status.chartTitle')}</h2>
            </div>
            <MiniChart points={metrics.perMinute} label={t('status.chartLabel')} />
            <p className="chart-axis-labels" aria-hidden="true">
              <span>{t('status.chartStart')}</span>
              <span className="legend">
                <span className="legend-bar" /> {t('status.legendMessages')} <span className="legend-error" />{' '}
                {t('status.legendErrors')}
              </span>
              <span>{t('status.chartEnd')}</span>
            </p>
          </div>
          {metrics.numbers && metrics.numbers.length > 1 && <NumbersTodayCard numbers={metrics.numbers} />}
        </div>
      ) : (
        <p className="muted">{t('common.loading')}</p>
      )}
    </section>
  );
}
