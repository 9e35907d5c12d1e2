import { useTranslation } from 'react-i18next';
import type { QontakIntegration, QontakTemplate } from '../../../../shared/dto';
import { useLoad } from '../../hooks/useCommand';
import { formatPhone } from '../../lib/format';
import { ErrorText } from '../ErrorText';
import { Field } from '../Field';
import { TemplateBody } from './TemplateBody';

export interface PickerProps {
  channelId: string;
  templateId: string;
  onChannel: (c: QontakIntegration | null) => void;
  onTemplate: (t: QontakTemplate | null) => void;
}

const approved = (t: QontakTemplate) => !t.status || t.status.toLowerCase() === 'approved';

/** Step 1: the WhatsApp number to send from and an approved template. */
export function ChannelTemplatePicker({ channelId, templateId, onChannel, onTemplate }: PickerProps) {
  const { t } = useTranslation();
  const channels = useLoad('qontak:integrations', undefined);
  const templates = useLoad('qontak:templates', undefined);
  const template = templates.value?.find((x) => x.id === templateId) ?? null;
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
                <option key={x.id} value={x.id} disabled={!approved(x)}>
                  {`${x.name} (${x.language})${approved(x) ? '' : ` · ${x.status}`}`}
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
          <TemplateBody body={template.body} />
        </div>
      )}
    </div>
  );
}
