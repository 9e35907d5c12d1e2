import type {
  BroadcastRecipientDto,
  BroadcastRecipientStatus,
  CampaignDetail,
  CampaignSummary,
} from '../../../shared/dto';
import type { CampaignRepo, CampaignRow, RecipientRow } from './campaign-repo';
import { readParams } from './send-params';

/** One recipient with everything Jembatan knows about its broadcast (the REST log view). */
export interface RecipientLogDto {
  row: number;
  phone: string;
  name: string;
  params: string[];
  status: BroadcastRecipientStatus;
  broadcastId: string | null;
  whatsappMessageId: string | null;
  error: string | null;
  attempts: number;
  sentAt: number | null;
  updatedAt: number;
}

const STATUSES: BroadcastRecipientStatus[] = ['queued', 'sending', 'pending', 'sent', 'delivered', 'read', 'failed'];

export function summaryOf(repo: CampaignRepo, c: CampaignRow): CampaignSummary {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<BroadcastRecipientStatus, number>;
  for (const { status, n } of repo.counts(c.id)) counts[status] = n;
  return {
    id: c.id,
    createdAt: c.created_at,
    templateName: c.template_name,
    channelIntegrationId: c.channel_integration_id,
    total: c.total,
    counts,
    done: repo.openCount(c.id) === 0,
  };
}

export function recipientDto(r: RecipientRow): BroadcastRecipientDto {
  return {
    phone: r.phone,
    name: r.name,
    status: r.status,
    broadcastId: r.broadcast_id,
    error: r.error,
    updatedAt: r.updated_at,
  };
}

export function detailOf(repo: CampaignRepo, c: CampaignRow): CampaignDetail {
  return {
    ...summaryOf(repo, c),
    templateId: c.template_id,
    language: c.language,
    recipients: repo.recipients(c.id).map(recipientDto),
  };
}

export function recipientLog(r: RecipientRow): RecipientLogDto {
  let params: string[] = [];
  try {
    params = readParams(r.params).body;
  } catch {
    // Written by this app; an unreadable value is shown as no parameters.
  }
  return {
    row: r.row_no,
    phone: r.phone,
    name: r.name,
    params,
    status: r.status,
    broadcastId: r.broadcast_id,
    whatsappMessageId: r.whatsapp_message_id,
    error: r.error,
    attempts: r.attempts,
    sentAt: r.sent_at,
    updatedAt: r.updated_at,
  };
}

/** Quote when needed; a leading = + - @ would run as a formula in a spreadsheet, so it gets a ' first. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** UTF-8 with a BOM so spreadsheet programs read names with accents correctly. */
export function campaignCsv(c: CampaignRow, rows: RecipientRow[]): { filename: string; csv: string } {
  const header = [
    'row',
    'phone',
    'name',
    'status',
    'broadcast_id',
    'whatsapp_message_id',
    'error',
    'attempts',
    'sent_at',
    'updated_at',
  ];
  const lines = rows.map((r) =>
    [
      r.row_no,
      r.phone,
      r.name,
      r.status,
      r.broadcast_id,
      r.whatsapp_message_id,
      r.error,
      r.attempts,
      iso(r.sent_at),
      iso(r.updated_at),
    ]
      .map(cell)
      .join(','),
  );
  const slug =
    c.template_name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'template';
  const day = new Date(c.created_at).toISOString().slice(0, 10);
  return {
    filename: `broadcast-${slug}-${day}-${c.id.slice(0, 8)}.csv`,
    csv: `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`,
  };
}
