import type {
  BroadcastRecipientDto,
  BroadcastRecipientStatus,
  CampaignDetail,
  CampaignSummary,
} from '../../../shared/dto';
import { CAMPAIGN_CSV_COLUMNS, CAMPAIGN_CSV_LABELS, type CsvLang, type CsvSeparator } from '../../../shared/csv-labels';
import { csvCell, localDay, localTime } from '../kernel/csv';
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

export interface CampaignCsvOptions {
  /** Headers and statuses in this language (default English, the words the file always had). */
  lang?: CsvLang;
  /** ';' for a spreadsheet whose list separator it is (Indonesian Excel), ',' otherwise (the default). */
  separator?: CsvSeparator;
}

/**
 * A campaign's recipients as CSV, one line each in the list's order: UTF-8 with a BOM so spreadsheet programs read
 * names with accents correctly, times in the PC's local time with its offset, the file named by the PC's own date.
 */
export function campaignCsv(
  c: CampaignRow,
  rows: RecipientRow[],
  options: CampaignCsvOptions = {},
): { filename: string; csv: string } {
  const labels = CAMPAIGN_CSV_LABELS[options.lang ?? 'en'];
  const sep = options.separator ?? ',';
  const header = CAMPAIGN_CSV_COLUMNS.map((col) => csvCell(labels.columns[col])).join(sep);
  const lines = rows.map((r) =>
    [
      r.row_no,
      r.phone,
      r.name,
      labels.status[r.status] ?? r.status,
      r.broadcast_id,
      r.whatsapp_message_id,
      r.error,
      r.attempts,
      r.sent_at === null ? null : localTime(r.sent_at),
      localTime(r.updated_at),
    ]
      .map((v) => csvCell(v))
      .join(sep),
  );
  const slug =
    c.template_name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'template';
  return {
    // The day the campaign was made, as the PC's clock showed it (at 06:30 in Jakarta UTC is still yesterday).
    filename: `broadcast-${slug}-${localDay(c.created_at)}-${c.id.slice(0, 8)}.csv`,
    csv: `\uFEFF${[header, ...lines].join('\r\n')}\r\n`,
  };
}
