import { randomUUID } from 'node:crypto';
import type { SimTemplate } from './data';
import { templateVariables } from './data';

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
      createdAt: now,
    },
  };
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
    {
      id: `${b.id}-1`,
      contact_phone_number: b.to_number,
      contact_full_name: b.to_name,
      status,
      whatsapp_message_id: status === 'pending' || status === 'failed' ? null : `wamid.${b.id.replace(/-/g, '')}`,
      whatsapp_error_message: status === 'failed' ? failure : null,
      created_at: new Date(b.createdAt).toISOString(),
    },
  ];
}
