import { useTranslation } from 'react-i18next';
import type { MessageStory, OutboundDto } from '../../../../shared/dto';
import { useLoad } from '../../hooks/useCommand';
import { formatDateTime, formatLatency, formatPhone } from '../../lib/format';
import { replyReason, replyState } from '../../lib/reply-state';
import { rowReason } from '../../lib/row-reason';
import { outcomeText, rowErrorText, stepText } from '../../lib/story-text';
import { ErrorText } from '../ErrorText';
import { Modal } from '../Modal';
import { CheckPanel, NeedsCheckChip } from './CheckPanel';
import { NumberFact } from './NumberCell';
import { OtomaxChip, StatusChip } from './StatusChip';

/** One message's whole story: what came in, each try to OtomaX, what went out and what WhatsApp said. */
export function RowDetail({
  id,
  onClose,
  showNumber = false,
}: {
  id: string;
  onClose: () => void;
  showNumber?: boolean;
}) {
  const { t } = useTranslation();
  const story = useLoad('log:detail', { id });
  return (
    <Modal title={t('flow.detailTitle')} onClose={onClose} wide>
      {story.loading && !story.value && <p className="muted">{t('common.loading')}</p>}
      <ErrorText error={story.error} />
      {story.value && (
        <Story
          story={story.value}
          showNumber={showNumber}
          onChecked={(row) => story.value && story.set({ ...story.value, row })}
        />
      )}
    </Modal>
  );
}

function Story({
  story,
  showNumber,
  onChecked,
}: {
  story: MessageStory;
  showNumber: boolean;
  onChecked: (row: MessageStory['row']) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const r = story.row;
  return (
    <div className="story">
      <dl className="facts">
        <dt>{t('flow.colTime')}</dt>
        <dd>{formatDateTime(r.time, lang)}</dd>
        <dt>{t('flow.colReseller')}</dt>
        <dd>
          {r.name ? `${r.name} · ` : ''}
          {formatPhone(r.phone)}
        </dd>
        {showNumber && <NumberFact row={r} />}
        <dt>{t('flow.colMessage')}</dt>
        <dd className="mono pre">{r.text}</dd>
        <dt>{t('flow.colStatus')}</dt>
        <dd>
          <StatusChip status={r.status} /> <NeedsCheckChip row={r} />{' '}
          <OtomaxChip code={r.otomaxStatus} desc={r.otomaxDesc} />
        </dd>
        {r.kodeInbox !== null && (
          <>
            <dt>{t('flow.kodeInbox')}</dt>
            <dd className="mono">{r.kodeInbox}</dd>
          </>
        )}
        <dt>{t('flow.colLatency')}</dt>
        <dd>{formatLatency(r.latencyMs, lang)}</dd>
        {rowReason(r) && (
          <>
            <dt>{t('flow.reason')}</dt>
            <dd data-testid="row-reason">{t(`flow.rowReason.${rowReason(r) as string}`)}</dd>
          </>
        )}
        {r.error && (
          <>
            <dt>{t('flow.error')}</dt>
            <dd className="error-inline">
              {replyReason(r.error) ? t(`flow.replyReason.${replyReason(r.error) as string}`) : rowErrorText(t, r)}
            </dd>
          </>
        )}
      </dl>

      <CheckPanel row={r} onChecked={onChecked} />

      <h3>{t('flow.attempts')}</h3>
      {story.attempts.length === 0 ? (
        <p className="muted">{t('flow.noAttempts')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('flow.colTime')}</th>
              <th>{t('flow.outcome')}</th>
              <th>HTTP</th>
              <th className="num">{t('flow.colLatency')}</th>
            </tr>
          </thead>
          <tbody>
            {story.attempts.map((a) => (
              <tr key={a.attempt}>
                <td>{a.attempt}</td>
                <td>{formatDateTime(a.startedAt, lang)}</td>
                <td className={a.outcome === 'ok' ? undefined : 'error-inline'}>{outcomeText(t, a.outcome)}</td>
                <td>{a.httpStatus ?? '—'}</td>
                <td className="num">{formatLatency(a.latencyMs, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>{t('flow.outbound')}</h3>
      {story.outbound.length === 0 ? (
        <p className="muted">{t('flow.noOutbound')}</p>
      ) : (
        <ul className="outbound-list">
          {story.outbound.map((o) => (
            <li key={o.id} className="outbound">
              <div className="outbound-head">
                <span className="chip tone-neutral">{t(`flow.kind.${o.kind}`)}</span>
                <StatusChip
                  status={replyState({ replyStatus: o.status, replyError: o.error })?.status ?? o.status}
                  group="flow.reply"
                />
                <span className="muted">→ {formatPhone(o.toPhone)}</span>
              </div>
              <p className="mono pre">{o.text}</p>
              <p className="hint">
                {t('flow.receipts', {
                  created: formatDateTime(o.createdAt, lang),
                  sent: o.sentAt ? formatDateTime(o.sentAt, lang) : '—',
                  delivered: o.deliveredAt ? formatDateTime(o.deliveredAt, lang) : '—',
                  read: o.readAt ? formatDateTime(o.readAt, lang) : '—',
                  attempts: o.attempts,
                })}
              </p>
              <OutboundReason status={o.status} error={o.error} />
            </li>
          ))}
        </ul>
      )}

      {story.events.length > 0 && (
        <>
          <h3>{t('flow.timeline')}</h3>
          <ol className="timeline">
            {story.events.map((e, i) => (
              <li key={i}>
                <span className="muted">{formatDateTime(e.at, lang)}</span> {stepText(t, e)}
              </li>
            ))}
          </ol>
        </>
      )}
      {story.raw && (
        <details>
          <summary>{t('flow.raw')}</summary>
          <pre className="raw">{story.raw}</pre>
        </details>
      )}
    </div>
  );
}

/** Why an outgoing message waits or was not sent, in the owner's words when the engine gave a known reason. */
function OutboundReason({ status, error }: { status: OutboundDto['status']; error: string | null }) {
  const { t } = useTranslation();
  if (!error) return null;
  const state = replyState({ replyStatus: status, replyError: error });
  if (!state?.reason) return <p className="error-inline">{t('rowError.send_failed')}</p>;
  return (
    <p className={state.status === 'held' ? 'hint' : 'error-inline'} data-testid="outbound-reason">
      {t(`flow.replyReason.${state.reason}`)}
    </p>
  );
}
