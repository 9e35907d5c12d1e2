import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../hooks/useCommand';
import { ErrorText } from '../ErrorText';
import { Field } from '../Field';
import type { PreviewMedia } from './TemplatePreview';

/** WhatsApp's limits (checked again by the engine): refuse a wrong file before reading or uploading it. */
const LIMITS: Record<string, { mimes: string[]; accept: string; maxMb: number }> = {
  IMAGE: { mimes: ['image/jpeg', 'image/png'], accept: '.jpg,.jpeg,.png,image/jpeg,image/png', maxMb: 5 },
  DOCUMENT: { mimes: ['application/pdf'], accept: '.pdf,application/pdf', maxMb: 100 },
  VIDEO: { mimes: ['video/mp4', 'video/3gpp'], accept: '.mp4,.3gp,video/mp4,video/3gpp', maxMb: 16 },
};

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

export interface HeaderMediaInputProps {
  format: string;
  value: PreviewMedia | null;
  onChange: (media: PreviewMedia | null) => void;
}

/** Step 1b, for a template that starts with a picture, a PDF or a video: upload the file or give its link. */
export function HeaderMediaInput({ format, value, onChange }: HeaderMediaInputProps) {
  const { t } = useTranslation();
  const upload = useAction('broadcast:upload');
  const fileInput = useRef<HTMLInputElement>(null);
  const [mode, setMode] = useState<'upload' | 'link'>('upload');
  const [problem, setProblem] = useState<string | null>(null);
  const [uploaded, setUploaded] = useState<{ name: string; size: number } | null>(null);
  const limits = LIMITS[format] ?? { mimes: [], accept: '', maxMb: 0 };
  const kind = t(`broadcastMore.headerKind.${format}`, { defaultValue: format });

  const pick = async (file: File | undefined) => {
    if (fileInput.current) fileInput.current.value = '';
    if (!file) return;
    setProblem(null);
    setUploaded(null);
    onChange(null);
    if (!limits.mimes.includes(file.type)) {
      setProblem(t('broadcastMore.mediaWrongType', { kind, allowed: t(`broadcastMore.mediaHint.${format}`) }));
      return;
    }
    if (file.size > limits.maxMb * 1024 * 1024) {
      setProblem(t('broadcastMore.mediaTooBig', { kind, max: `${limits.maxMb} MB` }));
      return;
    }
    const dataUrl = await readAsDataUrl(file);
    const r = await upload.run({
      filename: file.name,
      mime: file.type,
      dataBase64: dataUrl.slice(dataUrl.indexOf(',') + 1),
    });
    if (!r) return;
    setUploaded({ name: r.filename, size: r.size });
    onChange({ url: r.url, filename: r.filename, src: dataUrl });
  };

  return (
    <div className="template-box" data-testid="header-media">
      <h3>{t('broadcastMore.mediaTitle', { kind })}</h3>
      <p className="hint">{t(`broadcastMore.mediaHint.${format}`)}</p>
      <div className="media-choice" role="radiogroup" aria-label={t('broadcastMore.mediaTitle', { kind })}>
        {(['upload', 'link'] as const).map((m) => (
          <label key={m}>
            <input
              type="radio"
              name="media-mode"
              checked={mode === m}
              onChange={() => {
                setMode(m);
                setProblem(null);
                setUploaded(null);
                onChange(null);
              }}
            />{' '}
            {t(m === 'upload' ? 'broadcastMore.mediaUpload' : 'broadcastMore.mediaLink')}
          </label>
        ))}
      </div>
      {mode === 'upload' ? (
        <div className="actions">
          <label className="btn btn-secondary file-btn" aria-busy={upload.busy || undefined}>
            {upload.busy ? t('broadcastMore.uploading') : t('broadcastMore.chooseFile')}
            <input
              ref={fileInput}
              type="file"
              accept={limits.accept}
              className="visually-hidden"
              disabled={upload.busy}
              onChange={(e) => void pick(e.target.files?.[0])}
            />
          </label>
          {uploaded && (
            <span className="success" data-testid="media-uploaded">
              {t('broadcastMore.uploaded', { name: uploaded.name, size: sizeText(uploaded.size) })}
            </span>
          )}
        </div>
      ) : (
        <div className="form-row">
          <Field label={t('broadcastMore.mediaUrl')}>
            {({ id }) => (
              <input
                id={id}
                type="url"
                inputMode="url"
                placeholder="https://"
                value={value?.url ?? ''}
                onChange={(e) =>
                  onChange(e.target.value.trim() ? { ...value, url: e.target.value.trim(), src: '' } : null)
                }
              />
            )}
          </Field>
          {format === 'DOCUMENT' && (
            <Field label={t('broadcastMore.mediaFilename')}>
              {({ id }) => (
                <input
                  id={id}
                  placeholder="daftar-harga.pdf"
                  value={value?.filename ?? ''}
                  disabled={!value?.url}
                  onChange={(e) => value?.url && onChange({ ...value, filename: e.target.value })}
                />
              )}
            </Field>
          )}
        </div>
      )}
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
      <ErrorText error={upload.error} />
    </div>
  );
}
