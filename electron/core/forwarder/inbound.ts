import PQueue from 'p-queue';
import type { ForwardingState } from '../../../shared/dto';
import type { Settings } from '../../../shared/settings';
import type { Clock } from '../kernel/clock';
import { createGroupCommit, type GroupCommit } from '../db/durable';
import type { Db } from '../db/open';
import type { Logger } from '../kernel/logger';
import type { Metrics } from '../kernel/metrics';
import type { OtomaxReachability } from '../otomax';
import { createAcceptStep } from './inbound-accept';
import { createForwardStep, type ClaimCandidate } from './inbound-forward';
import { createRecoverStep } from './inbound-recover';
import { createReplyStep } from './inbound-reply';
import type { InboundRepo, InboundRow } from './inbound-repo';
import { createOutboxRepo } from './outbox-repo';
import type { NumberOptionsLookup, OtomaxLookup, OutboundPort } from './ports';
import { createReplyDedupe, type ReplyDedupe } from './reply-dedupe';
import type { ReplyLimiter } from './reply-limiter';

export { autoReplyText, EXPIRED_NOTICE, RETRY_LATER_MS } from './inbound-rules';

export interface InboundPipelineDeps {
  db: Db;
  inbound: InboundRepo;
  outbound: OutboundPort;
  /** null while OtomaX is not configured: the message waits queued. */
  otomax: OtomaxLookup;
  /** Marks the message read on the number it arrived on (`sessionId`). */
  markRead: (m: { sessionId: string; chatJid: string; waId: string; participantJid: string | null }) => Promise<void>;
  settings: () => Settings;
  switches: () => ForwardingState;
  /** The connected account's own number (for messages the owner sends from the phone). */
  /** A number's own phone (for messages the owner sent from that phone). */
  ownPhone: (sessionId: string) => string | null;
  /** The OtomaX terminal of a number (its own, else the global default); absent = the global default. */
  terminalFor?: (sessionId: string) => number;
  /** Each number's own forward options (default reseller, forward in/out, auto-reply); null = the globals. */
  numberOptions?: NumberOptionsLookup;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  reachability: OtomaxReachability;
  limiter: ReplyLimiter;
  /** A row changed: the UI shows it. */
  onRow: (inboundId: number) => void;
  /** Messages held in memory at most; the rest wait in the database and are swept in. */
  maxPending?: number;
  /** The reply-versus-outbox rule; built on `db` when not given. */
  dedupe?: ReplyDedupe;
  /** The forwarding marks, the answers and the read marks are stored through this group commit; its own if absent. */
  commits?: GroupCommit;
}

/**
 * WhatsApp → OtomaX, by step: accept (store first, dedupe), forward (InsertInbox within _exp), reply (what the
 * sender is told), recover (after a restart). This function only connects the steps and runs the queue.
 */
export function createInboundPipeline(deps: InboundPipelineDeps) {
  const { db, inbound, clock, log } = deps;
  const maxPending = deps.maxPending ?? 1000;
  const queue = new PQueue({ concurrency: deps.settings().otomaxConcurrency });
  const scheduled = new Set<number>();
  /** One retry timer per row at most: a row the sweep picks up first loses its timer (see schedule). */
  const timers = new Map<number, NodeJS.Timeout>();
  /** Rows waiting out a retry delay: the sweep leaves them alone until then. */
  const notBefore = new Map<number, number>();
  let stopped = false;
  const commits = deps.commits ?? createGroupCommit(db);
  const dedupe =
    deps.dedupe ??
    createReplyDedupe({
      outboxHasText: createOutboxRepo(db).hasSameText,
      autoReplyWithText: deps.outbound.autoReplyWithText,
    });

  const replies = createReplyStep({
    ...deps,
    transaction: (fn) => db.transaction(fn)(),
    commits,
    dedupe,
    autoReply: () => deps.switches().autoReply,
  });
  const later = (id: number, ms: number) => {
    clearTimeout(timers.get(id));
    notBefore.set(id, clock.now() + ms);
    const t = setTimeout(() => {
      timers.delete(id);
      notBefore.delete(id);
      schedule(id);
    }, ms);
    t.unref?.();
    timers.set(id, t);
  };
  const forward = createForwardStep({ ...deps, commits, replies, later, stopped: () => stopped });

  /**
   * Queued rows were left in the database because the queue was full (a burst over maxPending): they are swept in as
   * soon as the queue has drained to half, not only at the next tick of the sweep.
   */
  let leftInDb = false;
  let refill = false;
  /** One of the queue's rows is done: sweep the rows left in the database once it has room for many. */
  const done = (id: number) => {
    scheduled.delete(id);
    if (!leftInDb || refill || stopped || scheduled.size > maxPending / 2) return;
    refill = true;
    setImmediate(() => {
      refill = false;
      sweep();
    });
  };

  /** Forwards whose OtomaX slot is free again and whose answer is still being recorded: stop waits for them. */
  const finishing = new Set<Promise<void>>();
  /**
   * A forward in the queue: it holds one of the `otomaxConcurrency` slots from its start until OtomaX has answered
   * (`sent`) or it ends otherwise; recording the answer goes on outside the slot. The row stays scheduled until the
   * whole forward has settled.
   */
  const enqueue = (id: number, job: (sent: () => void) => Promise<void>) => {
    void queue.add(
      () =>
        new Promise<void>((slotFree) => {
          const whole: Promise<void> = job(slotFree)
            .catch((e: unknown) => log.error({ err: e, inboundId: id }, 'forward crashed'))
            .finally(() => {
              finishing.delete(whole);
              slotFree();
              done(id);
            });
          finishing.add(whole);
        }),
    );
  };

  /**
   * `row`: the row as the accept step just logged it, so the forward step need not read it again. `swept`: handed
   * over by the sweep, oldest first. While rows wait in the database, every other row (a new message, a retry whose
   * delay is over, a recovered one) waits behind them there: taking a place freed in the queue, a new message went
   * ahead of older rows that the refill at half (never reached while a stream lasted) or the one-second sweep (a few
   * places a tick) handed over later, and 799 of a 100,000-message flood expired unsent (issue 15's bench).
   */
  function schedule(id: number, row?: InboundRow, swept = false) {
    if (stopped || scheduled.has(id)) return;
    if (scheduled.size >= maxPending || (leftInDb && !swept)) {
      leftInDb = true;
      return;
    }
    // Going now: a retry timer still pending for it (the sweep got there first) would send it a second time.
    clearTimeout(timers.get(id));
    timers.delete(id);
    notBefore.delete(id);
    scheduled.add(id);
    enqueue(id, (sent) => forward(id, row, sent));
  }

  /** Rows the accept commits marked 'forwarding' (claims.take) and not yet handed to the queue. */
  let claimed = 0;
  /** Claimed rows in the queue whose InsertInbox has not started: put back to queued if the pipeline stops. */
  const claimedWaiting = new Set<number>();
  const claims = {
    take(c: ClaimCandidate): boolean {
      const busy = queue.size + queue.pending + claimed;
      // Rows waiting in the database go first (see schedule).
      if (stopped || leftInDb || busy >= queue.concurrency || scheduled.size + claimed >= maxPending) return false;
      if (!forward.claimable(c)) return false;
      claimed++;
      return true;
    },
    release() {
      claimed--;
    },
    start(row: InboundRow) {
      claimed--;
      if (stopped) {
        // Nothing was sent: it waits queued for the next start, as the rows not claimed do.
        inbound.releaseForward(row.id);
        return;
      }
      const id = row.id;
      scheduled.add(id);
      claimedWaiting.add(id);
      enqueue(id, (sent) => {
        claimedWaiting.delete(id);
        return forward.forwardClaimed(row, sent);
      });
    },
  };

  /**
   * Pick up rows that waited in the database (more than maxPending, or retries after a restart). The oldest queued
   * rows are mostly the ones already in the queue (they stay 'queued' until their turn), so the read reaches past
   * them: asking only for as many as the free places found those alone, and a backlog moved only once the queue had
   * emptied (one sweep a second). Bounded by twice maxPending ids.
   */
  const sweep = () => {
    if (stopped || scheduled.size >= maxPending) return;
    const now = clock.now();
    const free = maxPending - scheduled.size;
    const ids = inbound.queuedIds(free + scheduled.size);
    let taken = 0;
    for (const id of ids) {
      if (taken >= free) break;
      if (scheduled.has(id) || (notBefore.get(id) ?? 0) > now) continue;
      schedule(id, undefined, true);
      taken++;
    }
    // Every place filled from a full read: more may wait behind them. Else the database has no other row to give.
    leftInDb = taken >= free && ids.length >= free + scheduled.size - taken;
  };
  let sweeper: NodeJS.Timeout | null = null;

  return {
    /** A message from WhatsApp: logged first (a re-delivery is a no-op), then forwarded; settles after its commit. */
    accept: createAcceptStep({ ...deps, commits, sends: deps.outbound, replies, schedule, claims }),
    /** Resume what a previous run left mid-flight. */
    recover: createRecoverStep({ ...deps, replies, schedule }),
    start() {
      stopped = false;
      sweeper = setInterval(sweep, 1000);
      sweeper.unref?.();
    },
    async stop() {
      stopped = true;
      // Rows already handed to the group commit are stored before the database closes (they stay queued).
      await commits.run(() => undefined);
      if (sweeper) clearInterval(sweeper);
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      notBefore.clear();
      queue.clear();
      // Claimed rows dropped from the queue before their InsertInbox started: queued again for the next start.
      for (const id of claimedWaiting) inbound.releaseForward(id);
      claimedWaiting.clear();
      await queue.onIdle();
      // Answers OtomaX gave before the stop are recorded before the database closes.
      await Promise.all(finishing);
    },
    depth: () => inbound.countQueued(),
    setConcurrency(n: number) {
      queue.concurrency = n;
    },
  };
}

export type InboundPipeline = ReturnType<typeof createInboundPipeline>;
