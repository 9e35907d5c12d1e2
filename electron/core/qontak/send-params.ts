import { z } from 'zod';
import type { BroadcastHeaderMedia, BroadcastRecipientInput, QontakTemplate } from '../../../shared/dto';
import { isDynamicUrlButton, isMediaFormat } from './template-shape';
import type { DirectBroadcastBody } from './wire';

type Parameters = DirectBroadcastBody['parameters'];

/**
 * Everything one recipient's direct broadcast carries besides the addressing, fixed when the campaign is created
 * and stored as JSON in qontak_recipients.params. Rows written before media headers existed hold a plain array of
 * body values; both forms are read.
 */
const stored = z.union([
  z.array(z.string()).transform((body) => ({ body, header: null, buttons: [] })),
  z.object({
    v: z.literal(2),
    body: z.array(z.string()),
    header: z
      .object({ format: z.string(), params: z.array(z.object({ key: z.string(), value: z.string() })) })
      .nullable(),
    buttons: z.array(z.object({ index: z.string(), type: z.string(), value: z.string() })),
  }),
]);
export type StoredParams = z.infer<typeof stored>;

/** A DOCUMENT header's file name when the owner gave none: the last part of the link. */
function filenameOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') || 'dokumen.pdf';
  } catch {
    return 'dokumen.pdf';
  }
}

/** The stored form for one (already validated) recipient of this template. */
export function storeParams(
  template: QontakTemplate,
  recipient: BroadcastRecipientInput,
  media: BroadcastHeaderMedia | undefined,
): string {
  let header: StoredParams['header'] = null;
  const format = template.header?.format;
  if (isMediaFormat(format) && media) {
    const params = [{ key: 'url', value: media.url }];
    const filename = media.filename?.trim() || (format === 'DOCUMENT' ? filenameOf(media.url) : '');
    if (filename) params.push({ key: 'filename', value: filename });
    header = { format, params };
  } else if (format === 'TEXT' && template.headerPlaceholders > 0) {
    header = {
      format,
      params: (recipient.headerParams ?? []).map((value, i) => ({ key: String(i + 1), value })),
    };
  }
  const values = recipient.buttons ?? [];
  const buttons: { index: string; type: string; value: string }[] = [];
  template.buttons.forEach((b, index) => {
    if (!isDynamicUrlButton(b)) return;
    buttons.push({ index: String(index), type: 'url', value: values[buttons.length] ?? '' });
  });
  return JSON.stringify({ v: 2, body: recipient.params, header, buttons });
}

export function readParams(json: string): StoredParams {
  return stored.parse(JSON.parse(json));
}

/** Qontak's `parameters`: `key` and `index` are strings; header and buttons only when the template has them. */
export function wireParameters(p: StoredParams): Parameters {
  return {
    body: p.body.map((v, i) => ({ key: String(i + 1), value: `param${i + 1}`, value_text: v })),
    ...(p.header ? { header: p.header } : {}),
    ...(p.buttons.length ? { buttons: p.buttons } : {}),
  };
}
