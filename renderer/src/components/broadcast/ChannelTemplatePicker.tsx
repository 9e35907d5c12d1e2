import { useTranslation } from 'react-i18next';
import type { QontakIntegration, QontakTemplate } from '../../../../shared/dto';
import { useLoad } from '../../hooks/useCommand';
import { formatPhone } from '../../lib/format';
import { ErrorText } from '../ErrorText';
import { Field } from '../Field';
import { TemplatePreview } from './TemplatePreview';
import { useProblemText } from './template-problem';

export interface PickerProps {
  channelId: string;
  templateId: string;
  onChannel: (c: QontakIntegration | null) => void;
  onTemplate: (t: QontakTemplate | null) => void;
}

/** Step 1: the WhatsApp number to send from and an approved template. */
export function ChannelTemplatePicker({ channelId, templateId, onChannel, onTemplate }: PickerProps) {
  const { t } = useTranslation();
  const channels = useLoad('qontak:integrations', undefined);
  const templates = useLoad('qontak:templates', undefined);
  const template = templates.value?.find((x) => x.id === templateId) ?? null;
  const why = useProblemText();
  return (
    <div className="card">
      <h2>{t('broadcast.step1')}</h2>
      <ErrorText error={channels.error ?? templates.error} />
      <div className="form-row">
        <Field label={t('broadcast.channel')}>
          {({ id }) => (
            <select
              id={id}
              value={channelId}
              onChange={(e) => onChannel(channels.value?.find((c) => c.id === e.target.value) ?? null)}
            >
              <option value="">{channels.loading ? t('common.loading') : t('broadcast.chooseChannel')}</option>
              {channels.value?.map((c) => (
                <option key={c.id} value={c.id} disabled={!c.isActive}>
                  {`${c.accountName} · ${formatPhone(c.phoneNumber)}${c.isActive ? '' : ` (${t('broadcast.inactive')})`}`}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('broadcast.template')}>
          {({ id }) => (
            <select
              id={id}
              value={templateId}
              onChange={(e) => onTemplate(templates.value?.find((x) => x.id === e.target.value) ?? null)}
            >
              <option value="">{templates.loading ? t('common.loading') : t('broadcast.chooseTemplate')}</option>
              {templates.value?.map((x) => (
                <option key={x.id} value={x.id} disabled={x.unusable !== null}>
                  {`${x.name} (${x.language})${x.unusable ? ` · ${why(x.unusable)}` : ''}`}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {template && (
        <div className="template-box" data-testid="template-body">
          <p className="hint">
            {t('broadcast.templateMeta', {
              category: template.category,
              language: template.language,
              count: template.placeholders,
            })}
          </p>
          <TemplatePreview template={template} testId="template-preview" />
        </div>
      )}
      {templates.value?.some((x) => x.unusable) && (
        <details className="template-problem" data-testid="unusable-templates">
          <summary className="hint">
            {t('broadcastMore.unusableTitle', { count: templates.value.filter((x) => x.unusable).length })}
          </summary>
          <ul>
            {templates.value
              .filter((x) => x.unusable)
              .map((x) => (
                <li key={x.id}>
                  <strong>{x.name}</strong>: {x.unusable ? why(x.unusable) : ''}
                </li>
              ))}
          </ul>
          <p className="hint">{t('broadcastMore.unusableNext')}</p>
        </details>
      )}
    </div>
  );
}
