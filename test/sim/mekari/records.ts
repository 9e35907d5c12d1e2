import type { SimBroadcast } from './broadcasts';
import type { SimTemplate } from './data';

/** A broadcast made elsewhere (Qontak's web app, another tool): listed by GET /broadcasts/whatsapp. */
export interface SimOtherBroadcast {
  id: string;
  name: string;
  templateName: string;
  channelIntegrationId: string;
  createdAt: string;
  status: string;
  log: { phone: string; name: string; status: string; error: string | null }[];
}

/** A direct broadcast as GET /broadcasts/whatsapp lists it. */
export function broadcastRecord(b: SimBroadcast, templates: readonly SimTemplate[], status: string) {
  const tpl = templates.find((t) => t.id === b.message_template_id);
  return {
    id: b.id,
    name: `direct-${b.to_number}`,
    message_template: { id: b.message_template_id, name: tpl?.name ?? '' },
    channel_integration_id: b.channel_integration_id,
    created_at: new Date(b.createdAt).toISOString(),
    execute_status: 'done',
    message_status_count: { [status]: 1 },
  };
}

export function otherBroadcastRecord(o: SimOtherBroadcast) {
  const counts: Record<string, number> = {};
  for (const l of o.log) counts[l.status] = (counts[l.status] ?? 0) + 1;
  return {
    id: o.id,
    name: o.name,
    message_template: { id: `tpl-${o.id}`, name: o.templateName },
    channel_integration_id: o.channelIntegrationId,
    created_at: o.createdAt,
    execute_status: o.status,
    message_status_count: counts,
  };
}

export function otherBroadcastLog(o: SimOtherBroadcast) {
  return o.log.map((l, i) => ({
    id: `${o.id}-${i + 1}`,
    contact_phone_number: l.phone,
    contact_full_name: l.name,
    status: l.status,
    whatsapp_message_id: null,
    whatsapp_error_message: l.error,
    created_at: o.createdAt,
  }));
}
