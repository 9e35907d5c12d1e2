import { randomUUID } from 'node:crypto';
import type { SimTemplate } from './data';
import { templateVariables } from './data';
import { logEntryOnWire } from './records';

/** When each log status appears, in ms after Qontak accepted the broadcast. readAfterMs null = never read. */
export interface SimSchedule {
  /** Before this the log is an empty array (it fills in asynchronously). */
  logAfterMs: number;
  sentAfterMs: number;
  deliveredAfterMs: number;
  readAfterMs: number | null;
}

export interface SimBroadcast {
  id: string;
  to_number: string;
  to_name: string;
  message_template_id: string;
  channel_integration_id: string;
  language: string;
  params: string[];
  /** parameters.header as sent, when the template has one to fill. */
  header: { format: string; params: { key: string; value: string }[] } | null;
  /** parameters.buttons as sent. */
  buttons: { index: string; type: string; value: string }[];
  createdAt: number;
}

export type Validation = { ok: true; broadcast: SimBroadcast } | { ok: false; status: number; messages: string[] };

interface BodyParam {
  key?: unknown;
  value?: unknown;
  value_text?: unknown;
}

export function validateDirect(
  body: unknown,
  templates: readonly SimTemplate[],
  integrationIds: ReadonlySet<string>,
  now: number,
): Validation {
  const fail = (...messages: string[]): Validation => ({ ok: false, status: 422, messages });
  if (!body || typeof body !== 'object') return { ok: false, status: 400, messages: ['Body must be a JSON object'] };
  const b = body as Record<string, unknown>;
  if (typeof b.to_number !== 'string' || !/^[1-9]\d{7,14}$/.test(b.to_number)) return fail('to_number is invalid');
  if (typeof b.to_name !== 'string' || !b.to_name.trim()) return fail('to_name is required');
  const tpl = templates.find((t) => t.id === b.message_template_id);
  if (!tpl) return fail('Message template not found');
  if (tpl.status !== 'APPROVED') return fail('Message template is not approved');
  if (typeof b.channel_integration_id !== 'string' || !integrationIds.has(b.channel_integration_id)) {
    return fail('Channel integration not found');
  }
  const language = (b.language as { code?: unknown } | undefined)?.code;
  if (typeof language !== 'string' || !language) return fail('language.code is required');
  const parameters = b.parameters as { body?: unknown } | undefined;
  const list = Array.isArray(parameters?.body) ? (parameters.body as BodyParam[]) : [];
  const expected = templateVariables(tpl.body);
  if (list.length !== expected) return fail(`Message Template has ${expected} variable, please adjust your payload.`);
  const params: string[] = [];
  for (const [i, p] of list.entries()) {
    if (typeof p.key !== 'string' || p.key !== String(i + 1))
      return fail(`parameters.body[${i}].key must be the string "${i + 1}"`);
    if (typeof p.value_text !== 'string' || !p.value_text) return fail(`parameters.body[${i}].value_text is required`);
    params.push(p.value_text);
  }
  const header = checkHeader(tpl, (parameters as { header?: unknown } | undefined)?.header);
  if (typeof header === 'string') return fail(header);
  const buttons = checkButtons(tpl, (parameters as { buttons?: unknown } | undefined)?.buttons);
  if (typeof buttons === 'string') return fail(buttons);
  return {
    ok: true,
    broadcast: {
      id: randomUUID(),
      to_number: b.to_number,
      to_name: b.to_name,
      message_template_id: tpl.id,
      channel_integration_id: b.channel_integration_id,
      language,
      params,
      header,
      buttons,
      createdAt: now,
    },
  };
}

const MEDIA = new Set(['IMAGE', 'DOCUMENT', 'VIDEO']);
type HeaderParams = SimBroadcast['header'];

/**
 * parameters.header as the API documents it: a media header needs {format, params:[{key:"url"}, {key:"filename"}]}
 * (filename for documents), a TEXT header with variables {format:"TEXT", params:[{key:"1", value}]}; a template
 * without either must get no header. A string is the 422 message.
 */
function checkHeader(tpl: SimTemplate, raw: unknown): HeaderParams | string {
  const want = tpl.header?.format ?? null;
  const textVars = want === 'TEXT' ? templateVariables(tpl.header?.text ?? '') : 0;
  const needed = (want !== null && MEDIA.has(want)) || textVars > 0;
  if (raw === undefined || raw === null)
    return needed ? `Message Template has a ${want} header, please add parameters.header` : null;
  if (!needed) return 'Message Template has no header parameter, please remove parameters.header';
  const h = raw as { format?: unknown; params?: unknown };
  if (h.format !== want) return `parameters.header.format must be ${String(want)}`;
  if (!Array.isArray(h.params)) return 'parameters.header.params must be an array';
  const params: { key: string; value: string }[] = [];
  for (const [i, p] of (h.params as { key?: unknown; value?: unknown }[]).entries()) {
    if (typeof p.key !== 'string' || typeof p.value !== 'string' || !p.value.trim()) {
      return `parameters.header.params[${i}] needs a string key and a non-empty value`;
    }
    params.push({ key: p.key, value: p.value });
  }
  const value = (key: string) => params.find((p) => p.key === key)?.value;
  if (want === 'TEXT') {
    const keys = params.map((p) => p.key).join(',');
    const expected = Array.from({ length: textVars }, (_, i) => String(i + 1)).join(',');
    if (keys !== expected) return `Header has ${textVars} variable, please adjust your payload.`;
    return { format: want, params };
  }
  const url = value('url');
  if (!url || !/^https?:\/\/\S+$/.test(url)) return 'parameters.header.params url is required and must be a link';
  if (want === 'DOCUMENT' && !value('filename')) return 'parameters.header.params filename is required for DOCUMENT';
  if (params.some((p) => p.key !== 'url' && p.key !== 'filename'))
    return 'parameters.header.params keys are url and filename';
  return { format: want as string, params };
}

/** One {index, type:"url", value} per URL button whose link ends in {{1}}, index = the button's place in the template. */
function checkButtons(tpl: SimTemplate, raw: unknown): SimBroadcast['buttons'] | string {
  const dynamic = tpl.buttons.flatMap((b, i) => (b.type === 'URL' && /\{\{\s*1\s*\}\}/.test(b.url ?? '') ? [i] : []));
  const list = raw === undefined || raw === null ? [] : raw;
  if (!Array.isArray(list)) return 'parameters.buttons must be an array';
  if (list.length !== dynamic.length)
    return `Message Template has ${dynamic.length} button variable, please adjust your payload.`;
  const out: SimBroadcast['buttons'] = [];
  for (const [i, b] of (list as { index?: unknown; type?: unknown; value?: unknown }[]).entries()) {
    if (typeof b.index !== 'string' || b.index !== String(dynamic[i])) {
      return `parameters.buttons[${i}].index must be the string "${dynamic[i]}"`;
    }
    if (b.type !== 'url') return `parameters.buttons[${i}].type must be url`;
    if (typeof b.value !== 'string' || !b.value || /\s/.test(b.value)) {
      return `parameters.buttons[${i}].value must be a non-empty text without spaces`;
    }
    out.push({ index: b.index, type: b.type, value: b.value });
  }
  return out;
}

/** The log of one direct broadcast as it stands at `now`. */
export function logEntries(b: SimBroadcast, schedule: SimSchedule, failure: string | undefined, now: number) {
  const age = now - b.createdAt;
  if (age < schedule.logAfterMs) return [];
  let status = 'pending';
  if (failure !== undefined) {
    if (age >= schedule.sentAfterMs) status = 'failed';
  } else if (schedule.readAfterMs !== null && age >= schedule.readAfterMs) status = 'read';
  else if (age >= schedule.deliveredAfterMs) status = 'delivered';
  else if (age >= schedule.sentAfterMs) status = 'sent';
  return [
    logEntryOnWire({
      id: `${b.id}-1`,
      broadcastId: b.id,
      phone: b.to_number,
      name: b.to_name,
      status,
      whatsappMessageId: status === 'pending' || status === 'failed' ? null : `wamid.${b.id.replace(/-/g, '')}`,
      error: status === 'failed' ? (failure ?? null) : null,
      createdAt: new Date(b.createdAt).toISOString(),
      channelIntegrationId: b.channel_integration_id,
    }),
  ];
}
