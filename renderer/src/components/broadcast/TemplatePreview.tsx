import { useTranslation } from 'react-i18next';
import type { QontakTemplate, QontakTemplateButton } from '../../../../shared/dto';
import { fillTemplate } from '../../lib/template';
import { TemplateBody } from './TemplateBody';
import './template-preview.css';

/** What fills a media header in the preview: a local copy of an uploaded file, or only its link. */
export interface PreviewMedia {
  /** A data: URL of the file the owner picked (the page may not load pictures from other hosts). */
  src?: string;
  url?: string;
  filename?: string;
}

export interface TemplatePreviewProps {
  template: QontakTemplate;
  params?: readonly string[];
  headerParams?: readonly string[];
  /** One value per dynamic link button, in button order. */
  buttonValues?: readonly string[];
  media?: PreviewMedia | null;
  testId?: string;
}

const ICONS: Record<string, string> = { URL: '↗', PHONE_NUMBER: '✆', QUICK_REPLY: '↩' };

function hostOf(url: string | undefined): string {
  try {
    return url ? new URL(url).host : '';
  } catch {
    return '';
  }
}

function MediaHeader({ format, media }: { format: string; media: PreviewMedia | null | undefined }) {
  const { t } = useTranslation();
  const kind = t(`broadcastMore.headerKind.${format}`, { defaultValue: format });
  if (format === 'IMAGE' && media?.src) {
    return <img className="wa-media" src={media.src} alt={t('broadcastMore.imageAlt')} data-testid="preview-image" />;
  }
  if (format === 'VIDEO' && media?.src) {
    return <video className="wa-media" src={media.src} muted controls data-testid="preview-video" />;
  }
  if (format === 'DOCUMENT') {
    return (
      <div className="wa-doc" data-testid="preview-document">
        <span className="wa-doc-icon" aria-hidden="true">
          PDF
        </span>
        <span>{media?.filename || media?.url?.split('/').pop() || t('broadcastMore.documentName')}</span>
      </div>
    );
  }
  return (
    <div className="wa-media wa-media-empty" data-testid="preview-media-empty">
      <strong>{kind}</strong>
      <span className="hint">
        {media?.url ? t('broadcastMore.linkPreview', { host: hostOf(media.url) }) : t('broadcastMore.mediaLater')}
      </span>
    </div>
  );
}

function Button({ b, value }: { b: QontakTemplateButton; value: string | undefined }) {
  const { t } = useTranslation();
  const link =
    b.type === 'URL'
      ? value === undefined
        ? b.url
        : fillTemplate(b.url, [value])
      : b.type === 'PHONE_NUMBER'
        ? b.url
        : '';
  return (
    <div className="wa-button" title={t(`broadcastMore.buttonKind.${b.type}`, { defaultValue: b.type })}>
      <span className="wa-button-label">
        <span aria-hidden="true">{ICONS[b.type] ?? '•'}</span> {b.text}
      </span>
      {link && <span className="wa-button-link mono">{link}</span>}
    </div>
  );
}

/** A template as WhatsApp shows it: header, body, footer, buttons; filled with one recipient's values when given. */
export function TemplatePreview({ template, params, headerParams, buttonValues, media, testId }: TemplatePreviewProps) {
  let dynamic = 0;
  return (
    <div className="wa-bubble" data-testid={testId}>
      {template.header &&
        (template.header.format === 'TEXT' ? (
          <div className="wa-header-text">
            <TemplateBody body={template.header.text} {...(headerParams ? { params: headerParams } : {})} />
          </div>
        ) : (
          <MediaHeader format={template.header.format} media={media} />
        ))}
      <TemplateBody body={template.body} {...(params ? { params } : {})} />
      {template.footer && <p className="wa-footer">{template.footer}</p>}
      {template.buttons.length > 0 && (
        <div className="wa-buttons">
          {template.buttons.map((b, i) => {
            const isDynamic = b.type === 'URL' && /\{\{\s*1\s*\}\}/.test(b.url);
            const value = isDynamic ? buttonValues?.[dynamic++] : undefined;
            return <Button key={i} b={b} value={value} />;
          })}
        </div>
      )}
    </div>
  );
}
