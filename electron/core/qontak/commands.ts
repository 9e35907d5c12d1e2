import { z } from 'zod';
import type { HandlerMap } from '../api/dispatch';
import { csvOptionsShape } from '../kernel/csv';
import { parseInput } from '../kernel/input';
import type { CampaignService } from './campaigns';
import { listWhatsAppIntegrations, type QontakClient } from './client';
import { MEDIA_LIMITS } from './media';
import { parseRecipients } from './recipients';
import { uploadMedia } from './upload';

export interface QontakCommandDeps {
  campaigns: CampaignService;
  /** Throws AppError('QONTAK_NOT_CONFIGURED') while the client id or secret is missing. */
  client: () => QontakClient | Promise<QontakClient>;
}

const csvInput = z.object({
  csv: z.string().max(5 * 1024 * 1024, 'the list is larger than 5 MB'),
  placeholders: z.number().int().min(0).max(100),
  headerPlaceholders: z.number().int().min(0).max(10).optional(),
  dynamicButtons: z.number().int().min(0).max(10).optional(),
});
/** Base64 of at most the largest WhatsApp media (a 100 MB document). */
const uploadInput = z.object({
  filename: z.string().trim().min(1).max(240),
  mime: z.string().trim().min(1).max(100),
  dataBase64: z.string().max(Math.ceil((MEDIA_LIMITS.DOCUMENT.maxBytes * 4) / 3) + 4, 'the file is larger than 100 MB'),
});
const pageInput = z.object({ cursor: z.string().max(2000).nullish() }).optional();
const idInput = z.object({ id: z.string().trim().min(1).max(100) });
/** A campaign's CSV: the language and separator as the log's export takes them (kernel/csv.ts). */
const exportInput = idInput.extend(csvOptionsShape);

/** The broadcast commands of shared/api.ts. Inputs from the renderer are validated here like any outside input. */
export function qontakCommands(deps: QontakCommandDeps): HandlerMap {
  return {
    'qontak:integrations': async () => listWhatsAppIntegrations(await deps.client()),
    'qontak:templates': async () => {
      const templates = await (await deps.client()).listTemplates();
      return templates.sort((a, b) => a.name.localeCompare(b.name) || a.language.localeCompare(b.language));
    },
    'broadcast:parse': async (input) => {
      const { csv, placeholders, headerPlaceholders, dynamicButtons } = parseInput(csvInput, input);
      return parseRecipients(csv, {
        body: placeholders,
        header: headerPlaceholders ?? 0,
        buttons: dynamicButtons ?? 0,
      });
    },
    'broadcast:upload': async (input) => uploadMedia(await deps.client(), parseInput(uploadInput, input)),
    'qontak:broadcasts': async (input) => (await deps.client()).listBroadcasts(parseInput(pageInput, input)?.cursor),
    'qontak:broadcast': async (input) => {
      const { id } = parseInput(idInput, input);
      const client = await deps.client();
      const [record, log] = await Promise.all([client.getBroadcast(id), client.getBroadcastLog(id)]);
      return {
        record,
        log: log.map((e) => ({
          phone: e.phone,
          name: e.name,
          status: e.status,
          errorMessage: e.errorMessage,
          createdAt: e.createdAt,
        })),
      };
    },
    'broadcast:send': async (input) => deps.campaigns.create(input),
    'broadcast:list': async () => deps.campaigns.list(),
    'broadcast:get': async (input) => deps.campaigns.get(parseInput(idInput, input).id),
    'broadcast:export': async (input) => {
      const { id, lang, separator } = parseInput(exportInput, input);
      return deps.campaigns.exportCsv(id, { lang, separator });
    },
  };
}
