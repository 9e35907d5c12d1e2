import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParsedRecipients, QontakIntegration, QontakTemplate } from '../../../../shared/dto';
import { useAction } from '../../hooks/useCommand';
import { formatNumber, formatPhone } from '../../lib/format';
import { ConfirmButton } from '../ConfirmButton';
import { ErrorText } from '../ErrorText';
import { ChannelTemplatePicker } from './ChannelTemplatePicker';
import { RecipientsInput } from './RecipientsInput';
import { HeaderMediaInput } from './HeaderMediaInput';
import { type PreviewMedia, TemplatePreview } from './TemplatePreview';

/** A new broadcast: channel and template, recipients, a preview of the first message, send. */
export function Compose({ onSent }: { onSent: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const [channel, setChannel] = useState<QontakIntegration | null>(null);
  const [template, setTemplate] = useState<QontakTemplate | null>(null);
  const [text, setText] = useState('');
  const [parsed, setParsed] = useState<ParsedRecipients | null>(null);
  const [media, setMedia] = useState<PreviewMedia | null>(null);
  const send = useAction('broadcast:send');
  const first = parsed?.recipients[0];
  const count = parsed?.recipients.length ?? 0;
  const format = template?.header?.format ?? '';
  const needsMedia = format === 'IMAGE' || format === 'DOCUMENT' || format === 'VIDEO';
  const mediaMissing = needsMedia && !media?.url;

  const submit = async () => {
    if (!channel || !template || !parsed) return;
    const r = await send.run({
      channelIntegrationId: channel.id,
      templateId: template.id,
      language: template.language,
      recipients: parsed.recipients,
      ...(needsMedia && media?.url
        ? { header: { url: media.url, ...(media.filename ? { filename: media.filename } : {}) } }
        : {}),
    });
    if (r) onSent(r.id);
  };

  return (
    <div className="compose">
      <ChannelTemplatePicker
        channelId={channel?.id ?? ''}
        templateId={template?.id ?? ''}
        onChannel={setChannel}
        onTemplate={(tpl) => {
          setTemplate(tpl);
          // The placeholder count decides which rows are valid: check again.
          setParsed(null);
          setMedia(null);
        }}
      />
      {template && needsMedia && (
        <div className="card">
          <HeaderMediaInput key={template.id} format={format} value={media} onChange={setMedia} />
        </div>
      )}
      <RecipientsInput
        text={text}
        onText={setText}
        placeholders={template?.placeholders ?? null}
        headerPlaceholders={template?.headerPlaceholders ?? 0}
        dynamicButtons={template?.dynamicButtons ?? 0}
        parsed={parsed}
        onParsed={setParsed}
      />
      <div className="card">
        <h2>{t('broadcast.step3')}</h2>
        {template && first ? (
          <>
            <p className="hint">
              {t('broadcast.previewFor', { name: first.name || '—', phone: formatPhone(first.phone) })}
            </p>
            <div data-testid="preview">
              <TemplatePreview
                template={template}
                params={first.params}
                headerParams={first.headerParams ?? []}
                buttonValues={first.buttons ?? []}
                media={media}
              />
            </div>
          </>
        ) : (
          <p className="hint">{t('broadcast.previewLater')}</p>
        )}
      </div>
      <div className="card send-card">
        <h2>{t('broadcast.step4')}</h2>
        {(!channel || !template || count === 0) && <p className="hint">{t('broadcast.needChannel')}</p>}
        {mediaMissing && <p className="hint">{t('broadcastMore.mediaNeeded')}</p>}
        <ConfirmButton
          primary
          question={t('broadcast.sendQuestion', { count, n: formatNumber(count, i18n.language) })}
          confirmLabel={t('broadcast.sendConfirm')}
          busy={send.busy}
          disabled={!channel || !template || count === 0 || mediaMissing}
          onConfirm={() => void submit()}
        >
          {t('broadcast.send', { count, n: formatNumber(count, i18n.language) })}
        </ConfirmButton>
        <ErrorText error={send.error} />
      </div>
    </div>
  );
}
