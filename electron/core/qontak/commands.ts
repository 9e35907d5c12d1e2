import { z } from 'zod';
import type { HandlerMap } from '../api/dispatch';
import { type CampaignService, parseOrThrow } from './campaigns';
import { listWhatsAppIntegrations, type QontakClient } from './client';
import { parseRecipients } from './recipients';

export interface QontakCommandDeps {
  campaigns: CampaignService;
  /** Throws AppError('QONTAK_NOT_CONFIGURED') while the client id or secret is missing. */
  client: () => QontakClient | Promise<QontakClient>;
}

const parseInput = z.object({
  csv: z.string().max(5 * 1024 * 1024, 'the list is larger than 5 MB'),
  placeholders: z.number().int().min(0).max(100),
});
const idInput = z.object({ id: z.string().trim().min(1).max(100) });

/** The broadcast commands of shared/api.ts. Inputs from the renderer are validated here like any outside input. */
export function qontakCommands(deps: QontakCommandDeps): HandlerMap {
  return {
    'qontak:integrations': async () => listWhatsAppIntegrations(await deps.client()),
    'qontak:templates': async () => {
      const templates = await (await deps.client()).listTemplates();
      return templates.sort((a, b) => a.name.localeCompare(b.name) || a.language.localeCompare(b.language));
    },
    'broadcast:parse': async (input) => {
      const { csv, placeholders } = parseOrThrow(parseInput, input);
      return parseRecipients(csv, placeholders);
    },
    'broadcast:send': async (input) => deps.campaigns.create(input),
    'broadcast:list': async () => deps.campaigns.list(),
    'broadcast:get': async (input) => deps.campaigns.get(parseOrThrow(idInput, input).id),
    'broadcast:export': async (input) => deps.campaigns.exportCsv(parseOrThrow(idInput, input).id),
  };
}
