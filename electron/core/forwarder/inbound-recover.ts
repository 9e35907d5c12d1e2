import type { Clock } from '../kernel/clock';
import type { InboundRepo } from './inbound-repo';
import type { ReplyStep } from './inbound-reply';

/** The recover step's port: the rows a previous run left mid-flight, and where each goes now. */
export interface RecoverStepPorts {
  inbound: Pick<InboundRepo, 'inFlight' | 'setStatus'>;
  replies: Pick<ReplyStep, 'expire' | 'uncertain'>;
  schedule: (id: number) => void;
  clock: Clock;
}

/**
 * Resume what a previous run left mid-flight. A row caught mid-send is never sent again (OtomaX may have it: a
 * second InsertInbox could be a second transaction); it is flagged for the owner. The rest expire or go.
 */
export function createRecoverStep(p: RecoverStepPorts) {
  /** Settles once the rows that expired are stored (they share the group commit's syncs). */
  return async function recover(): Promise<void> {
    const now = p.clock.now();
    const expiring: Promise<void>[] = [];
    for (const row of p.inbound.inFlight()) {
      if (row.status === 'forwarding') {
        p.replies.uncertain(
          row,
          'interrupted',
          'interrupted mid-send by a restart: check OtomaX before asking for a resend',
        );
      } else if (now >= row.expires_at) expiring.push(p.replies.expire(row, 'expired while the app was not running'));
      else if (row.status === 'received') {
        p.inbound.setStatus(row.id, 'queued');
        p.schedule(row.id);
      } else p.schedule(row.id);
    }
    await Promise.all(expiring);
  };
}
