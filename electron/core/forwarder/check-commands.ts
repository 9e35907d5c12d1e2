import { z } from 'zod';
import type { HandlerMap } from '../api/dispatch';
import { AppError } from '../kernel/errors';
import { parseInput } from '../kernel/input';
import { parseFlowId, type FlowQuery } from './flow-query';
import type { InboundRepo } from './inbound-repo';

const input = z.object({ id: z.string().max(40) }).strict();

/** 'log:markChecked': the owner looked the message up in OtomaX; it leaves the "perlu dicek" count. */
export function checkCommands(d: { inbound: InboundRepo; flow: FlowQuery; onChecked: (id: number) => void }) {
  const handlers: HandlerMap = {
    'log:markChecked': async (raw) => {
      const data = parseInput(input, raw, { override: { field: 'id', message: 'id must look like in:12' } });
      const { direction, id } = parseFlowId(data.id);
      if (direction !== 'in' || !d.inbound.markChecked(id)) {
        const row = d.flow.row(direction, id);
        if (!row) throw new AppError('NOT_FOUND', `no message ${data.id}`);
        // Already checked (a second window, a double click): nothing to do, the row is what it is.
        if (row.status === 'checked') return row;
        throw new AppError('CONFLICT', `message ${data.id} is not waiting for a check`);
      }
      d.onChecked(id);
      return d.flow.row('in', id) as NonNullable<ReturnType<FlowQuery['row']>>;
    },
  };
  return handlers;
}
