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
  /** Why Qontak did not run it (its message_broadcast_error); absent = "n/a", as on a broadcast without error. */
  error?: string;
}

const STATUSES = ['failed', 'delivered', 'read', 'pending', 'sent'] as const;

/** Mekari's message_status_count: all five statuses, zeros included. */
function statusCount(statuses: string[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

/**
 * One broadcast as GET /broadcasts/whatsapp and GET /broadcasts/{id}/whatsapp answer it in Mekari's published
 * examples (also the data of a direct broadcast's 201): the template nested whole, "n/a" where there is no error.
 */
function recordOnWire(r: {
  id: string;
  name: string;
  template: { id: string; name: string; body: string };
  channelIntegrationId: string;
  contactListId: string | null;
  createdAt: string;
  executeStatus: string;
  statuses: string[];
  broadcastError?: string | undefined;
}) {
  return {
    id: r.id,
    name: r.name,
    organization_id: 'org-sim-1',
    channel_integration_id: r.channelIntegrationId,
    contact_list_id: r.contactListId,
    contact_id: r.contactListId ? null : `contact-${r.id}`,
    target_channel: 'wa',
    send_at: r.createdAt,
    execute_status: r.executeStatus,
    execute_type: 'immediately',
    parameters: { header: {}, body: {}, buttons: {} },
    created_at: r.createdAt,
    message_status_count: statusCount(r.statuses),
    contact_extra: {},
    message_template: {
      id: r.template.id,
      organization_id: 'org-sim-1',
      name: r.template.name,
      language: 'id',
      header: null,
      body: r.template.body,
      footer: null,
      buttons: [],
      status: 'APPROVED',
      category: 'MARKETING',
      quality_rating: null,
      quality_rating_text: 'Neutral',
    },
    division_id: null,
    message_broadcast_error: r.broadcastError ?? 'n/a',
    sender_name: 'Pemilik Toko',
    sender_email: 'pemilik@tokopulsajaya.example',
    channel_account_name: 'Toko Pulsa Jaya',
    channel_phone_number: '6281100000001',
  };
}

/** A direct broadcast as Qontak records it. */
export function broadcastRecord(b: SimBroadcast, templates: readonly SimTemplate[], status: string) {
  const tpl = templates.find((t) => t.id === b.message_template_id);
  return recordOnWire({
    id: b.id,
    name: `direct-${b.to_number}`,
    template: { id: b.message_template_id, name: tpl?.name ?? '', body: tpl?.body ?? '' },
    channelIntegrationId: b.channel_integration_id,
    contactListId: null,
    createdAt: new Date(b.createdAt).toISOString(),
    executeStatus: 'done',
    statuses: [status],
  });
}

export function otherBroadcastRecord(o: SimOtherBroadcast) {
  return recordOnWire({
    id: o.id,
    name: o.name,
    template: { id: `tpl-${o.id}`, name: o.templateName, body: '' },
    channelIntegrationId: o.channelIntegrationId,
    contactListId: `list-${o.id}`,
    createdAt: o.createdAt,
    executeStatus: o.status,
    statuses: o.log.map((l) => l.status),
    broadcastError: o.error,
  });
}

/**
 * One delivery-log entry as Mekari's examples show it: "n/a" stands for a missing message id (pending, failed)
 * and a missing error (anything but failed); the WhatsApp answer is nested as is.
 */
export function logEntryOnWire(e: {
  id: string;
  broadcastId: string;
  phone: string;
  name: string;
  status: string;
  whatsappMessageId: string | null;
  error: string | null;
  createdAt: string;
  channelIntegrationId: string;
}) {
  return {
    id: e.id,
    organization_id: 'org-sim-1',
    messages_broadcast_id: e.broadcastId,
    contact_phone_number: e.phone,
    contact_full_name: e.name,
    status: e.status,
    whatsapp_message_id: e.whatsappMessageId ?? 'n/a',
    whatsapp_error_message: e.error ?? 'n/a',
    messages_response: e.error ? { code: '400', errors: [{ code: 131026, title: e.error, details: e.error }] } : {},
    messages: {},
    created_at: e.createdAt,
    is_pacing: false,
    channel_integration_id: e.channelIntegrationId,
  };
}

export function otherBroadcastLog(o: SimOtherBroadcast) {
  return o.log.map((l, i) =>
    logEntryOnWire({
      id: `${o.id}-${i + 1}`,
      broadcastId: o.id,
      phone: l.phone,
      name: l.name,
      status: l.status,
      whatsappMessageId: l.status === 'failed' || l.status === 'pending' ? null : `wamid.${o.id}-${i + 1}`,
      error: l.error,
      createdAt: o.createdAt,
      channelIntegrationId: o.channelIntegrationId,
    }),
  );
}
