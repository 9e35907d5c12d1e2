import { request, type Dispatcher } from 'undici';
import { AppError, errorMessage } from '../kernel/errors';
import type { MediaFormat } from './template-shape';

/**
 * WhatsApp Cloud API media limits (Meta's "supported media types", also published by AWS End User Messaging
 * Social): image JPEG/PNG up to 5 MB, video MP4/3GPP up to 16 MB, documents up to 100 MB. A template's
 * DOCUMENT header takes a PDF. Checked here so a wrong file is refused before any recipient is messaged.
 */
export const MEDIA_LIMITS: Record<MediaFormat, { mimes: string[]; extensions: string[]; maxBytes: number }> = {
  IMAGE: { mimes: ['image/jpeg', 'image/png'], extensions: ['jpg', 'jpeg', 'png'], maxBytes: 5 * 1024 * 1024 },
  VIDEO: { mimes: ['video/mp4', 'video/3gpp'], extensions: ['mp4', '3gp'], maxBytes: 16 * 1024 * 1024 },
  DOCUMENT: { mimes: ['application/pdf'], extensions: ['pdf'], maxBytes: 100 * 1024 * 1024 },
};

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/** The format a file fits by its type, or null. */
export function formatOfMime(mime: string): MediaFormat | null {
  const m = mime.split(';')[0]?.trim().toLowerCase() ?? '';
  for (const [format, limits] of Object.entries(MEDIA_LIMITS))
    if (limits.mimes.includes(m)) return format as MediaFormat;
  return null;
}

/** Throws VALIDATION (field header) when a file of this type and size cannot be this header. */
export function checkMediaFile(format: MediaFormat, file: { mime: string; size: number }): void {
  const limits = MEDIA_LIMITS[format];
  const mime = file.mime.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!limits.mimes.includes(mime)) {
    throw new AppError(
      'VALIDATION',
      `header: a ${format.toLowerCase()} header takes ${limits.extensions.join('/')} (${limits.mimes.join(', ')}), not ${mime || 'an unknown type'}`,
      { field: 'header' },
    );
  }
  if (file.size > limits.maxBytes) {
    throw new AppError(
      'VALIDATION',
      `header: the file is larger than ${mb(limits.maxBytes)}, WhatsApp's limit for a ${format.toLowerCase()}`,
      { field: 'header' },
    );
  }
  if (file.size === 0) throw new AppError('VALIDATION', 'header: the file is empty', { field: 'header' });
}

export function checkMediaUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('VALIDATION', 'header.url: not a web address', { field: 'header.url' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('VALIDATION', 'header.url: must start with https://', { field: 'header.url' });
  }
  return url;
}

/**
 * Ask the media's server what it holds (HEAD) and check the type and size it declares: WhatsApp fetches the
 * same link, so one that cannot be opened from here is refused too. Answers without a type or size are judged by
 * the file extension alone.
 */
export async function probeMediaUrl(
  raw: string,
  format: MediaFormat,
  options: { timeoutMs?: number; dispatcher?: Dispatcher } = {},
): Promise<void> {
  const url = checkMediaUrl(raw);
  const ask = async (method: 'HEAD' | 'GET') => {
    try {
      const res = await request(url, {
        method,
        // Only the first byte: enough for the type, and Content-Range carries the full size.
        ...(method === 'GET' ? { headers: { range: 'bytes=0-0' } } : {}),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      });
      await res.body.dump();
      return { status: res.statusCode, headers: res.headers };
    } catch (e) {
      throw new AppError('VALIDATION', `header.url: the link cannot be opened (${errorMessage(e)})`, {
        field: 'header.url',
        cause: e,
      });
    }
  };
  let { status, headers } = await ask('HEAD');
  // Some file hosts refuse HEAD (405/501) yet serve the file to WhatsApp's GET.
  if (status === 405 || status === 501) ({ status, headers } = await ask('GET'));
  if (status >= 400) {
    throw new AppError('VALIDATION', `header.url: the link answers HTTP ${status}`, { field: 'header.url' });
  }
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const type = one(headers['content-type']);
  const total = /\/(\d+)$/.exec(one(headers['content-range']) ?? '')?.[1];
  const length = Number(status === 206 && total ? total : one(headers['content-length']));
  const ext = url.pathname.split('.').pop()?.toLowerCase() ?? '';
  const limits = MEDIA_LIMITS[format];
  const mime =
    type && type !== 'application/octet-stream'
      ? type
      : limits.extensions.includes(ext)
        ? (limits.mimes[0] ?? '')
        : (type ?? '');
  checkMediaFile(format, { mime, size: Number.isFinite(length) && length > 0 ? length : 1 });
}
