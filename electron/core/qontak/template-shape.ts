import { z } from 'zod';
import type { QontakTemplate, QontakTemplateButton, TemplateProblem } from '../../../shared/dto';
import { AppError } from '../kernel/errors';
import { countPlaceholders } from './recipients';

/**
 * The parts of a Qontak template beyond its body, as GET /templates/whatsapp gives them: `header` {format, text}
 * (or null), `footer` (text or null), `buttons` [{type, text, url}]. Read leniently: unknown fields are dropped,
 * a part that does not parse is treated as absent rather than failing the whole list.
 */
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? '');

export const templateHeaderWire = z
  .object({ format: text, text })
  .nullish()
  .catch(null)
  .transform((h) => (h && h.format ? { format: h.format.toUpperCase(), text: h.text } : null));

const buttonWire = z.object({
  type: text,
  text,
  url: text,
  phone_number: text,
});

export const templateButtonsWire = z
  .array(z.unknown())
  .nullish()
  .catch([])
  .transform((list) =>
    (list ?? []).flatMap((b): QontakTemplateButton[] => {
      const parsed = buttonWire.safeParse(b);
      if (!parsed.success) return [];
      const { type, text: label, url, phone_number } = parsed.data;
      return [{ type: type.toUpperCase(), text: label, url: url || phone_number }];
    }),
  );

export const MEDIA_FORMATS = ['IMAGE', 'DOCUMENT', 'VIDEO'] as const;
export type MediaFormat = (typeof MEDIA_FORMATS)[number];
export const isMediaFormat = (f: string | undefined): f is MediaFormat =>
  (MEDIA_FORMATS as readonly string[]).includes(f ?? '');

/** Buttons Jembatan can send: fixed ones need nothing, a URL button may need its {{1}} suffix. */
const SENDABLE_BUTTONS = new Set(['URL', 'QUICK_REPLY', 'PHONE_NUMBER']);

export const isDynamicUrlButton = (b: QontakTemplateButton) => b.type === 'URL' && countPlaceholders(b.url) > 0;

function problemOf(status: string, header: QontakTemplate['header'], buttons: QontakTemplateButton[]) {
  if (status && status.toUpperCase() !== 'APPROVED') return { kind: 'not_approved', status } as TemplateProblem;
  if (header && header.format !== 'TEXT' && !isMediaFormat(header.format)) {
    return { kind: 'unsupported_header', format: header.format } as TemplateProblem;
  }
  const odd = buttons.find((b) => !SENDABLE_BUTTONS.has(b.type));
  if (odd) return { kind: 'unsupported_button', type: odd.type } as TemplateProblem;
  return null;
}

export function templateDto(t: {
  id: string;
  name: string;
  language: string;
  body: string;
  status: string;
  category: string;
  header: QontakTemplate['header'];
  footer: string;
  buttons: QontakTemplateButton[];
}): QontakTemplate {
  return {
    id: t.id,
    name: t.name,
    language: t.language,
    body: t.body,
    status: t.status,
    category: t.category,
    placeholders: countPlaceholders(t.body),
    header: t.header,
    footer: t.footer,
    buttons: t.buttons,
    headerPlaceholders: t.header?.format === 'TEXT' ? countPlaceholders(t.header.text) : 0,
    dynamicButtons: t.buttons.filter(isDynamicUrlButton).length,
    unusable: problemOf(t.status, t.header, t.buttons),
  };
}

/** Throws VALIDATION (field templateId) saying why a template cannot be sent from Jembatan. */
export function refuseUnusable(t: QontakTemplate): void {
  const p = t.unusable;
  if (!p) return;
  const why =
    p.kind === 'not_approved'
      ? `is ${p.status}, not APPROVED`
      : p.kind === 'unsupported_header'
        ? `has a ${p.format} header, which Jembatan cannot send`
        : `has a ${p.type} button, which Jembatan cannot fill`;
  throw new AppError('VALIDATION', `templateId: template ${t.name} ${why}`, { field: 'templateId' });
}
