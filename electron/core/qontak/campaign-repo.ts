import type { BroadcastRecipientStatus } from '../../../shared/dto';
import { durably } from '../db/durable';
import type { Db } from '../db/open';

/** A validated recipient with its parameters already in stored form (see send-params.ts). */
export interface StoredRecipient {
  phone: string;
  name: string;
  params: string;
}

export interface CampaignRow {
  id: string;
  created_at: number;
  channel_integration_id: string;
  template_id: string;
  template_name: string;
  language: string;
  total: number;
  status: 'running' | 'done';
}

export interface RecipientRow {
  id: number;
  campaign_id: string;
  row_no: number;
  phone: string;
  name: string;
  params: string;
  status: BroadcastRecipientStatus;
  broadcast_id: string | null;
  whatsapp_message_id: string | null;
  error: string | null;
  attempts: number;
  polls: number;
  sent_at: number | null;
  next_poll_at: number | null;
  updated_at: number;
}

/** A queued recipient with what its direct broadcast needs from the campaign. */
export interface SendJob extends RecipientRow {
  channel_integration_id: string;
  template_id: string;
  language: string;
}

export interface LogUpdate {
  status: BroadcastRecipientStatus;
  whatsappMessageId: string | null;
  error: string | null;
  nextPollAt: number | null;
}

export interface CampaignRepo {
  /** The campaign and all its recipients, in one transaction. */
  insert(campaign: CampaignRow, recipients: StoredRecipient[], now: number): void;
  campaign(id: string): CampaignRow | undefined;
  campaigns(): CampaignRow[];
  counts(campaignId: string): { status: BroadcastRecipientStatus; n: number }[];
  /** Recipients still queued, sending or awaiting a final delivery status. */
  openCount(campaignId: string): number;
  setStatus(campaignId: string, status: CampaignRow['status']): void;
  recipients(campaignId: string): RecipientRow[];
  recipient(id: number): RecipientRow | undefined;
  nextQueued(): SendJob | undefined;
  /** queued -> sending (attempts + 1); false when the row was no longer queued. */
  markSending(id: number, now: number): boolean;
  markAccepted(id: number, broadcastId: string, now: number, nextPollAt: number): void;
  requeue(id: number, now: number, error: string): void;
  markFailed(id: number, now: number, error: string): void;
  /** 'sending' rows without a broadcast id: their call's outcome is unknown. */
  orphans(): RecipientRow[];
  nextDue(now: number): RecipientRow | undefined;
  earliestPoll(): number | null;
  applyLog(id: number, update: LogUpdate, now: number): void;
  /** Campaigns created since `since` for the same channel, template, language and recipient count. */
  recentTwins(
    since: number,
    c: { channel: string; template: string; language: string; total: number },
  ): { id: string; created_at: number }[];
  /** A campaign's recipients as stored (phone and params), ordered by phone. */
  recipientParams(campaignId: string): { phone: string; params: string }[];
}

export function createCampaignRepo(db: Db): CampaignRepo {
  const insertCampaign = db.prepare<[string, number, string, string, string, string, number, string]>(
    `INSERT INTO qontak_campaigns (id, created_at, channel_integration_id, template_id, template_name, language, total, status)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertRecipient = db.prepare<[string, number, string, string, string, number]>(
    `INSERT INTO qontak_recipients (campaign_id, row_no, phone, name, params, status, updated_at)
     VALUES (?, ?, ?, ?, ?, 'queued', ?)`,
  );
  const selectCampaign = db.prepare<[string], CampaignRow>('SELECT * FROM qontak_campaigns WHERE id = ?');
  const selectCampaigns = db.prepare<[], CampaignRow>('SELECT * FROM qontak_campaigns ORDER BY created_at DESC, id');
  const selectCounts = db.prepare<[string], { status: BroadcastRecipientStatus; n: number }>(
    'SELECT status, COUNT(*) AS n FROM qontak_recipients WHERE campaign_id = ? GROUP BY status',
  );
  const selectOpen = db.prepare<[string], { n: number }>(
    `SELECT COUNT(*) AS n FROM qontak_recipients
     WHERE campaign_id = ? AND (status IN ('queued', 'sending') OR next_poll_at IS NOT NULL)`,
  );
  const updateCampaignStatus = db.prepare<[string, string]>('UPDATE qontak_campaigns SET status = ? WHERE id = ?');
  const selectRecipients = db.prepare<[string], RecipientRow>(
    'SELECT * FROM qontak_recipients WHERE campaign_id = ? ORDER BY row_no, id',
  );
  const selectRecipient = db.prepare<[number], RecipientRow>('SELECT * FROM qontak_recipients WHERE id = ?');
  const selectNextQueued = db.prepare<[], SendJob>(
    `SELECT r.*, c.channel_integration_id, c.template_id, c.language
     FROM qontak_recipients r JOIN qontak_campaigns c ON c.id = r.campaign_id
     WHERE r.status = 'queued' ORDER BY r.id LIMIT 1`,
  );
  const updateSending = db.prepare<[number, number]>(
    `UPDATE qontak_recipients SET status = 'sending', attempts = attempts + 1, updated_at = ?
     WHERE id = ? AND status = 'queued'`,
  );
  const updateAccepted = db.prepare<[string, number, number, number, number]>(
    `UPDATE qontak_recipients SET status = 'pending', broadcast_id = ?, error = NULL, sent_at = ?, next_poll_at = ?,
     updated_at = ? WHERE id = ?`,
  );
  const updateRequeue = db.prepare<[string, number, number]>(
    `UPDATE qontak_recipients SET status = 'queued', error = ?, updated_at = ? WHERE id = ? AND broadcast_id IS NULL`,
  );
  const updateFailed = db.prepare<[string, number, number]>(
    `UPDATE qontak_recipients SET status = 'failed', error = ?, next_poll_at = NULL, updated_at = ? WHERE id = ?`,
  );
  const selectOrphans = db.prepare<[], RecipientRow>(
    `SELECT * FROM qontak_recipients WHERE status = 'sending' AND broadcast_id IS NULL ORDER BY id`,
  );
  const selectDue = db.prepare<[number], RecipientRow>(
    `SELECT * FROM qontak_recipients WHERE next_poll_at IS NOT NULL AND next_poll_at <= ? ORDER BY next_poll_at, id LIMIT 1`,
  );
  const selectEarliest = db.prepare<[], { t: number | null }>(
    'SELECT MIN(next_poll_at) AS t FROM qontak_recipients WHERE next_poll_at IS NOT NULL',
  );
  const updateLog = db.prepare<[string, string | null, string | null, number | null, number, number]>(
    `UPDATE qontak_recipients SET status = ?, whatsapp_message_id = COALESCE(?, whatsapp_message_id), error = ?,
     next_poll_at = ?, polls = polls + 1, updated_at = ? WHERE id = ?`,
  );

  const selectTwins = db.prepare<[number, string, string, string, number], { id: string; created_at: number }>(
    `SELECT id, created_at FROM qontak_campaigns
     WHERE created_at >= ? AND channel_integration_id = ? AND template_id = ? AND language = ? AND total = ?`,
  );
  const selectRecipientParams = db.prepare<[string], { phone: string; params: string }>(
    'SELECT phone, params FROM qontak_recipients WHERE campaign_id = ? ORDER BY phone',
  );

  const insertAll = db.transaction((c: CampaignRow, recipients: StoredRecipient[], now: number) => {
    insertCampaign.run(
      c.id,
      c.created_at,
      c.channel_integration_id,
      c.template_id,
      c.template_name,
      c.language,
      c.total,
      c.status,
    );
    recipients.forEach((r, i) => insertRecipient.run(c.id, i + 1, r.phone, r.name, r.params, now));
  });

  return {
    insert: (campaign, recipients, now) => insertAll(campaign, recipients, now),
    recentTwins: (since, c) => selectTwins.all(since, c.channel, c.template, c.language, c.total),
    recipientParams: (campaignId) => selectRecipientParams.all(campaignId),
    campaign: (id) => selectCampaign.get(id),
    campaigns: () => selectCampaigns.all(),
    counts: (campaignId) => selectCounts.all(campaignId),
    openCount: (campaignId) => selectOpen.get(campaignId)?.n ?? 0,
    setStatus: (campaignId, status) => void updateCampaignStatus.run(status, campaignId),
    recipients: (campaignId) => selectRecipients.all(campaignId),
    recipient: (id) => selectRecipient.get(id),
    nextQueued: () => selectNextQueued.get(),
    // On disk before the broadcast goes out: a power cut must not leave a sent row looking unsent.
    markSending: (id, now) => durably(db, () => updateSending.run(now, id).changes === 1),
    markAccepted: (id, broadcastId, now, nextPollAt) => void updateAccepted.run(broadcastId, now, nextPollAt, now, id),
    requeue: (id, now, error) => void updateRequeue.run(error, now, id),
    markFailed: (id, now, error) => void updateFailed.run(error, now, id),
    orphans: () => selectOrphans.all(),
    nextDue: (now) => selectDue.get(now),
    earliestPoll: () => selectEarliest.get()?.t ?? null,
    applyLog: (id, u, now) => void updateLog.run(u.status, u.whatsappMessageId, u.error, u.nextPollAt, now, id),
  };
}
