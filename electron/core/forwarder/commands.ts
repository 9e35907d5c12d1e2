import { z } from 'zod';
import type { FlowFilter, ForwardingState } from '../../../shared/dto';
import type { HandlerMap } from '../api/dispatch';
import { csvOptionsShape } from '../kernel/csv';
import { parseInput as parse } from '../kernel/input';
import { createExportSessions } from './export-sessions';
import type { FlowQuery } from './flow-query';

export interface ForwarderCommandDeps {
  switches: () => ForwardingState;
  setSwitch: (key: 'forwarding' | 'autoReply', enabled: boolean) => Promise<ForwardingState>;
  flow: FlowQuery;
}

const filterSchema: z.ZodType<FlowFilter> = z
  .object({
    phone: z.string().max(40).optional(),
    status: z.string().max(40).optional(),
    text: z.string().max(500).optional(),
    direction: z.enum(['in', 'outbox']).optional(),
    from: z.number().int().nonnegative().optional(),
    to: z.number().int().nonnegative().optional(),
    number: z.string().min(1).max(64).optional(),
  })
  .strict();
const enabledSchema = z.object({ enabled: z.boolean() }).strict();

/** The owner's switches and the Live flow log (page, detail, CSV export). */
export function forwarderCommands(d: ForwarderCommandDeps): HandlerMap {
  // CSV exports in progress: only this map's log:export and log:exportPart use them.
  const exports = createExportSessions();
  return {
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
            ...csvOptionsShape,
          })
          .strict(),
        input ?? {},
      );
      return exports.start(
        d.flow.openCsv(p.filter ?? {}, undefined, {
          ...(p.lang ? { lang: p.lang } : {}),
          ...(p.separator ? { separator: p.separator } : {}),
        }),
      );
    },
    'log:exportPart': async (input) =>
      exports.next(parse(z.object({ exportId: z.string().uuid() }).strict(), input).exportId),
  };
}
