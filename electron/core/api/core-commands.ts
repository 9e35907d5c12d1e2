import { z } from 'zod';
import type {
  Banner,
  FlowFilter,
  ForwardingState,
  KeychainState,
  MetricsSnapshot,
  OtomaxTestInput,
  OtomaxTestResult,
  SetupChecklist,
} from '../../../shared/dto';
import { otomaxTestInputSchema } from '../otomax-test';
import type { SettingsService } from '../config/settings-service';
import { parseInput } from '../kernel/input';
import type { FlowQuery } from '../forwarder/flow-query';
import type { OtomaxHolder } from '../otomax-holder';
import type { WhatsAppSession } from '../whatsapp/session-port';
import type { HandlerMap } from './dispatch';

export interface CoreCommandDeps {
  version: string;
  host: 'electron' | 'headless';
  dataDir: string;
  databasePath: string;
  keychain: KeychainState;
  settings: SettingsService;
  otomax: OtomaxHolder;
  session: () => WhatsAppSession;
  switches: () => ForwardingState;
  setSwitch: (key: 'forwarding' | 'autoReply', enabled: boolean) => Promise<ForwardingState>;
  flow: FlowQuery;
  metrics: () => MetricsSnapshot;
  banners: () => Banner[];
  ownCallbackUrl: () => Promise<string>;
  rotateCallback: () => Promise<string>;
  apiUrl: () => string;
  /** After OtomaX took our URL: check again, so a mismatch banner clears at once. */
  afterRegister?: () => Promise<void>;
  testOtomax: (input: OtomaxTestInput) => Promise<OtomaxTestResult>;
  checklist: { get: () => Promise<SetupChecklist>; dismiss: () => Promise<SetupChecklist> };
}

/** Validate a command's input: the renderer is outside the trust boundary too. */
function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  return parseInput(schema, input);
}

const filterSchema: z.ZodType<FlowFilter> = z
  .object({
    phone: z.string().max(40).optional(),
    status: z.string().max(40).optional(),
    text: z.string().max(500).optional(),
    direction: z.enum(['in', 'outbox']).optional(),
    from: z.number().int().nonnegative().optional(),
    to: z.number().int().nonnegative().optional(),
  })
  .strict();
const enabledSchema = z.object({ enabled: z.boolean() }).strict();

export function coreCommands(d: CoreCommandDeps): HandlerMap {
  return {
    'app:info': async () => ({
      version: d.version,
      host: d.host,
      dataDir: d.dataDir,
      databasePath: d.databasePath,
      keychain: d.keychain,
      whatsappMode: d.session().mode,
      apiUrl: d.apiUrl(),
    }),
    'settings:get': () => d.settings.view(),
    'settings:save': (patch) => d.settings.save(parse(z.record(z.string(), z.unknown()), patch)),
    'otomax:test': (input) => d.testOtomax(parse(otomaxTestInputSchema, input ?? {})),
    'session:get': async () => d.session().status(),
    'pairing:start': (input) =>
      d
        .session()
        .startPairing(
          parse(
            z.union([
              z.object({ mode: z.literal('qr') }).strict(),
              z.object({ mode: z.literal('code'), phone: z.string().min(6).max(30) }).strict(),
            ]),
            input,
          ),
        ),
    'session:logout': async () => {
      await d.session().logout();
      return d.session().status();
    },
    'forwarding:get': async () => d.switches(),
    'forwarding:set': (input) => d.setSwitch('forwarding', parse(enabledSchema, input).enabled),
    'autoreply:set': (input) => d.setSwitch('autoReply', parse(enabledSchema, input).enabled),
    'log:page': async (input) => {
      const p = parse(
        z
          .object({
            filter: filterSchema.optional(),
            before: z.string().max(60).nullable().optional(),
            limit: z.number().int().min(1).max(1000).optional(),
          })
          .strict(),
        input ?? {},
      );
      return d.flow.page(p.filter ?? {}, p.before ?? null, p.limit ?? 100);
    },
    'log:detail': async (input) => d.flow.detail(parse(z.object({ id: z.string().max(40) }).strict(), input).id),
    'log:export': async (input) => {
      const p = parse(
        z
          .object({
            filter: filterSchema.optional(),
            lang: z.enum(['id', 'en']).optional(),
            separator: z.enum([',', ';']).optional(),
          })
          .strict(),
        input ?? {},
      );
      return d.flow.exportCsv(p.filter ?? {}, undefined, {
        ...(p.lang ? { lang: p.lang } : {}),
        ...(p.separator ? { separator: p.separator } : {}),
      });
    },
    'metrics:get': async () => d.metrics(),
    'banners:get': async () => d.banners(),
    'callback:get': async () => ({ url: await d.ownCallbackUrl() }),
    'callback:register': async () => {
      const url = await d.ownCallbackUrl();
      await d.otomax.get().setOutboxCallback(url);
      await d.afterRegister?.();
      return { url };
    },
    'callback:rotate': async () => ({ url: await d.rotateCallback() }),
    'apikey:rotate': async () => ({ apiKey: await d.settings.rotateApiKey() }),
    'setup:checklist': () => d.checklist.get(),
    'setup:dismiss': () => d.checklist.dismiss(),
  };
}
