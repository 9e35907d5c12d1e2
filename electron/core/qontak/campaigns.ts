import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type {
  BroadcastHeaderMedia,
  BroadcastRecipientInput,
  CampaignDetail,
  CampaignSummary,
  QontakTemplate,
  RejectedRow,
} from '../../../shared/dto';
import type { Clock } from '../kernel/clock';
import type { Db } from '../db/open';
import { AppError } from '../kernel/errors';
import type { Logger } from '../kernel/logger';
import { parseInput } from '../kernel/input';
import { createCampaignRepo, type StoredRecipient } from './campaign-repo';
import {
  type CampaignTiming,
  createCampaignRunner,
  DEFAULT_TIMING,
  UNKNOWN_OUTCOME_AFTER_RESTART,
} from './campaign-runner';
import {
  campaignCsv,
  type CampaignCsvOptions,
  detailOf,
  recipientLog,
  type RecipientLogDto,
  summaryOf,
} from './campaign-view';
import { listWhatsAppIntegrations, type QontakClient } from './client';
import { checkMediaUrl, probeMediaUrl } from './media';
import { MAX_RECIPIENTS, validateRecipients } from './recipients';
import { storeParams } from './send-params';
import { isMediaFormat, type MediaFormat, refuseUnusable } from './template-shape';

export interface CreateCampaignInput {
  channelIntegrationId: string;
  templateId: string;
  language: string;
  recipients: BroadcastRecipientInput[];
  /** The media of a media header (IMAGE, DOCUMENT, VIDEO), the same for every recipient. */
  header?: BroadcastHeaderMedia | undefined;
}

export interface CampaignServiceDeps {
  db: Db;
  /** Throws AppError('QONTAK_NOT_CONFIGURED') while the client id or secret is missing. */
  client: () => QontakClient | Promise<QontakClient>;
  clock: Clock;
  log: Logger;
  /** Direct broadcasts per second, read before every send so a settings change applies at once. Default 2. */
  ratePerSecond?: () => number;
  onProgress: (summary: CampaignSummary) => void;
  sleep?: (ms: number) => Promise<void>;
  timing?: Partial<CampaignTiming>;
  /** How each send ended (metrics). */
  onSend?: (outcome: 'sent' | 'failed' | 'rate_limited') => void;
  /** Checks a media header's link before anything is sent (default: HEAD request, type and size). */
  probeMedia?: (url: string, format: MediaFormat) => Promise<void>;
}

export interface CampaignService {
  /** Validate, then store the campaign and its recipients in one transaction; sending starts with start(). */
  create(input: CreateCampaignInput): Promise<{ id: string; rejected: RejectedRow[] }>;
  /** Recover rows left mid-send by a previous run, then send queued rows and poll delivery logs. */
  start(): void;
  /** Let the call in flight finish and record its outcome, then stop. */
  stop(): Promise<void>;
  list(): CampaignSummary[];
  get(id: string): CampaignDetail;
  log(id: string): RecipientLogDto[];
  exportCsv(id: string, options?: CampaignCsvOptions): { filename: string; csv: string };
}

const createSchema = z.object({
  channelIntegrationId: z.string().trim().min(1, 'choose a WhatsApp channel').max(200),
  templateId: z.string().trim().min(1, 'choose a template').max(200),
  language: z
    .string()
    .trim()
    .regex(/^[a-z]{2,3}([_-][A-Za-z]{2,4})?$/, 'expected a language code like id or en_US'),
  recipients: z
    .array(
      z.object({
        phone: z.string().max(64),
        name: z.string().max(1000),
        params: z.array(z.string().max(4096)).max(100),
        headerParams: z.array(z.string().max(4096)).max(10).optional(),
        buttons: z.array(z.string().max(4096)).max(10).optional(),
      }),
    )
    .min(1, 'no recipients')
    .max(MAX_RECIPIENTS, `at most ${MAX_RECIPIENTS} recipients`),
  header: z
    .object({ url: z.string().trim().min(1).max(2000), filename: z.string().trim().max(240).optional() })
    .optional(),
});

/** A campaign identical to one created this recently is refused. */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

export function createCampaignService(deps: CampaignServiceDeps): CampaignService {
  const { db, clock, log } = deps;
  const repo = createCampaignRepo(db);
  const timing: CampaignTiming = { ...DEFAULT_TIMING, ...deps.timing };
  let started = false;

  // The same broadcast asked for twice (a double click, a client retrying after a timeout) must not go out twice.
  const refuseTwin = (
    c: { channel: string; template: string; language: string },
    list: StoredRecipient[],
    now: number,
  ) => {
    const fingerprint = (rows: { phone: string; params: string }[]) =>
      rows.map((r) => `${r.phone}:${r.params}`).join('\n');
    const wanted = fingerprint([...list].sort((a, b) => (a.phone < b.phone ? -1 : 1)));
    for (const twin of repo.recentTwins(now - DUPLICATE_WINDOW_MS, { ...c, total: list.length })) {
      if (fingerprint(repo.recipientParams(twin.id)) === wanted) {
        throw new AppError(
          'CONFLICT',
          `the same broadcast was created ${Math.round((now - twin.created_at) / 1000)} s ago (${twin.id}); it is not sent twice`,
        );
      }
    }
  };

  const probeMedia = deps.probeMedia ?? ((url: string, format: MediaFormat) => probeMediaUrl(url, format));
  const checkHeaderMedia = async (template: QontakTemplate, header: BroadcastHeaderMedia | undefined) => {
    const format = template.header?.format;
    if (!isMediaFormat(format)) {
      if (header) {
        throw new AppError('VALIDATION', `header: template ${template.name} has no image, document or video header`, {
          field: 'header',
        });
      }
      return undefined;
    }
    if (!header) {
      throw new AppError(
        'VALIDATION',
        `header: template ${template.name} starts with a ${format.toLowerCase()}: give its link or upload the file`,
        { field: 'header' },
      );
    }
    checkMediaUrl(header.url);
    await probeMedia(header.url, format);
    return header.filename ? { url: header.url, filename: header.filename } : { url: header.url };
  };

  const campaignOrThrow = (id: string) => {
    const c = repo.campaign(id);
    if (!c) throw new AppError('NOT_FOUND', `no broadcast ${id}`, { field: 'id' });
    return c;
  };

  const changed = (campaignId: string) => {
    const c = repo.campaign(campaignId);
    if (!c) return;
    const summary = summaryOf(repo, c);
    if (summary.done && c.status !== 'done') {
      repo.setStatus(c.id, 'done');
      log.info({ campaign: c.id, counts: summary.counts }, 'broadcast finished');
    }
    deps.onProgress(summary);
  };

  const runner = createCampaignRunner({
    repo,
    client: deps.client,
    clock,
    log,
    ratePerSecond: deps.ratePerSecond ?? (() => 2),
    timing,
    onChange: changed,
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    ...(deps.onSend ? { onSend: deps.onSend } : {}),
  });

  /**
   * A row still 'sending' without a broadcast id means the process stopped between "about to call" and
   * "Qontak answered". Qontak has no lookup by number, so whether that person got the message is unknown;
   * resending could message them twice, so the row is closed as failed with that reason for a human to judge.
   */
  function recoverOrphans(): void {
    const now = clock.now();
    const touched = new Set<string>();
    db.transaction(() => {
      for (const r of repo.orphans()) {
        repo.markFailed(r.id, now, UNKNOWN_OUTCOME_AFTER_RESTART);
        touched.add(r.campaign_id);
      }
    })();
    if (touched.size)
      log.warn({ campaigns: [...touched] }, 'broadcast rows with an unknown outcome after restart marked failed');
    for (const c of repo.campaigns()) if (c.status === 'running' || touched.has(c.id)) changed(c.id);
  }

  return {
    async create(input) {
      const valid = parseInput(createSchema, input);
      const client = await deps.client();
      const template = (await client.listTemplates()).find((t) => t.id === valid.templateId);
      if (!template)
        throw new AppError('VALIDATION', 'templateId: no such template in Qontak', { field: 'templateId' });
      refuseUnusable(template);
      const media = await checkHeaderMedia(template, valid.header);
      const channel = (await listWhatsAppIntegrations(client)).find((i) => i.id === valid.channelIntegrationId);
      if (!channel) {
        throw new AppError('VALIDATION', 'channelIntegrationId: no such WhatsApp channel in Qontak', {
          field: 'channelIntegrationId',
        });
      }
      const { recipients, rejected } = validateRecipients(valid.recipients, {
        body: template.placeholders,
        header: template.headerPlaceholders,
        buttons: template.dynamicButtons,
      });
      if (!recipients.length) {
        throw new AppError('VALIDATION', `recipients: no valid recipient (${rejected[0]?.reason ?? 'empty list'})`, {
          field: 'recipients',
        });
      }
      const now = clock.now();
      // Checked and inserted with no await between: two requests at once cannot both pass.
      const rows = recipients.map((r) => ({ phone: r.phone, name: r.name, params: storeParams(template, r, media) }));
      refuseTwin({ channel: valid.channelIntegrationId, template: template.id, language: valid.language }, rows, now);
      const id = randomUUID();
      repo.insert(
        {
          id,
          created_at: now,
          channel_integration_id: valid.channelIntegrationId,
          template_id: template.id,
          template_name: template.name,
          language: valid.language,
          total: recipients.length,
          status: 'running',
        },
        rows,
        now,
      );
      log.info(
        { campaign: id, template: template.name, total: recipients.length, rejected: rejected.length },
        'broadcast created',
      );
      changed(id);
      runner.kick();
      return { id, rejected };
    },
    start() {
      if (started) return;
      started = true;
      recoverOrphans();
      runner.start();
    },
    async stop() {
      await runner.stop();
      started = false;
    },
    list: () => repo.campaigns().map((c) => summaryOf(repo, c)),
    get: (id) => detailOf(repo, campaignOrThrow(id)),
    log: (id) => repo.recipients(campaignOrThrow(id).id).map(recipientLog),
    exportCsv(id, options = {}) {
      const c = campaignOrThrow(id);
      return campaignCsv(c, repo.recipients(c.id), options);
    },
  };
}
