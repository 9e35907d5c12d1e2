import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CampaignService } from './campaigns';
import { listWhatsAppIntegrations, type QontakClient } from './client';
import { okReply } from '../http/envelope';

export interface QontakRouteDeps {
  campaigns: CampaignService;
  /** Throws AppError('QONTAK_NOT_CONFIGURED') while the client id or secret is missing. */
  client: () => QontakClient | Promise<QontakClient>;
}

const broadcastBody = z.object({
  channel_integration_id: z.string().trim().min(1).max(200),
  template_id: z.string().trim().min(1).max(200),
  language: z.string().trim().min(1).max(20),
  recipients: z
    .array(
      z.object({
        phone: z.string().max(64),
        name: z.string().max(1000).optional(),
        params: z.array(z.string().max(4096)).max(100).optional(),
        header_params: z.array(z.string().max(4096)).max(10).optional(),
        buttons: z.array(z.string().max(4096)).max(10).optional(),
      }),
    )
    .min(1),
  /** The media of an IMAGE, DOCUMENT or VIDEO header; filename is what a document is called on the phone. */
  header: z
    .object({ url: z.string().trim().min(1).max(2000), filename: z.string().trim().min(1).max(240).optional() })
    .optional(),
});
const campaignParams = z.object({ campaignId: z.string().trim().min(1).max(100) });
const integrationsQuery = z.object({ target_channel: z.enum(['wa', 'wa_cloud']).optional() });

/**
 * Broadcasts over the local REST API (API key required: none of these routes is public). Errors leave as the
 * server's envelope: zod -> 400 with the field, AppError -> its status (unknown campaign 404).
 */
export function registerQontakRoutes(app: FastifyInstance, deps: QontakRouteDeps): void {
  app.get('/qontak/integrations', async (req, reply) => {
    const { target_channel } = integrationsQuery.parse(req.query);
    const client = await deps.client();
    const list = target_channel
      ? await client.listIntegrations(target_channel)
      : await listWhatsAppIntegrations(client);
    return okReply(reply, list);
  });

  app.get('/qontak/templates', async (_req, reply) => okReply(reply, await (await deps.client()).listTemplates()));

  app.post('/qontak/broadcasts', async (req, reply) => {
    const body = broadcastBody.parse(req.body);
    const result = await deps.campaigns.create({
      channelIntegrationId: body.channel_integration_id,
      templateId: body.template_id,
      language: body.language,
      recipients: body.recipients.map((r) => ({
        phone: r.phone,
        name: r.name ?? '',
        params: r.params ?? [],
        ...(r.header_params ? { headerParams: r.header_params } : {}),
        ...(r.buttons ? { buttons: r.buttons } : {}),
      })),
      ...(body.header ? { header: body.header } : {}),
    });
    return okReply(
      reply,
      result,
      result.rejected.length ? `Queued; ${result.rejected.length} row(s) rejected` : 'Queued',
    );
  });

  app.get('/qontak/broadcasts/:campaignId', async (req, reply) => {
    const { campaignId } = campaignParams.parse(req.params);
    return okReply(reply, deps.campaigns.get(campaignId));
  });

  app.get('/qontak/broadcasts/:campaignId/log', async (req, reply) => {
    const { campaignId } = campaignParams.parse(req.params);
    return okReply(reply, deps.campaigns.log(campaignId));
  });
}
