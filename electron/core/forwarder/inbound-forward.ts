import type { ForwardingState } from '../../../shared/dto';
import type { Settings } from '../../../shared/settings';
import type { GroupCommit } from '../db/durable';
import type { Clock } from '../kernel/clock';
import type { Logger } from '../kernel/logger';
import type { Metrics } from '../kernel/metrics';
import type { OtomaxReachability } from '../otomax';
import { formatOtomaxExp } from '../otomax';
import { classifyFailure } from '../otomax';
import type { InboundRepo, InboundRow } from './inbound-repo';
import { RETRY_LATER_MS } from './inbound-rules';
import type { ReplyStep } from './inbound-reply';
import type { InsertInboxAnswer, NumberOptionsLookup, OtomaxLookup, OtomaxPort } from './ports';
import { uncertainReason } from './uncertain';

/** What the claim looks at of a message about to be logged (the row's own fields, before it exists). */
export type ClaimCandidate = Pick<InboundRow, 'expires_at' | 'from_me' | 'session_id' | 'sender_phone'>;

/** One statement a group-commit item: SQLite undoes it alone if it fails, no savepoint needed (db/durable.ts). */
const ATOMIC = { atomic: true } as const;

/** Stored on a row that waits because OtomaX is not set up yet (the holder's words, kept for the flow). */
export const NOT_CONFIGURED_MESSAGE = 'OtomaX is not configured: set the app id, app key and dev key';

/** The forward step's port: the row, OtomaX (or null), the reply step for how a message ends, and a retry timer. */
export interface ForwardStepPorts {
  inbound: Pick<InboundRepo, 'get' | 'setStatus' | 'startForwardInTransaction' | 'addAttempt'>;
  /** The 'forwarding' marks of the messages starting together share one sync (issue 15). */
  commits: Pick<GroupCommit, 'run'>;
  otomax: OtomaxLookup;
  replies: Pick<ReplyStep, 'expire' | 'uncertain' | 'answered'>;
  settings: () => Pick<Settings, 'otomaxDefaultReseller' | 'otomaxDefaultKodeTerminal'>;
  switches: () => Pick<ForwardingState, 'forwarding'>;
  /** A number's own phone (for messages the owner sent from that phone). */
  ownPhone: (sessionId: string) => string | null;
  /** The OtomaX terminal of a number (its own, else the global default); absent = the global default. */
  terminalFor?: (sessionId: string) => number;
  /** The number's own options (its default reseller) over the global ones. */
  numberOptions?: NumberOptionsLookup;
  /** Try this row again after `ms` (the pipeline's timer). */
  later: (id: number, ms: number) => void;
  /** The pipeline is stopping: what could be sent again stays queued for the next start. */
  stopped: () => boolean;
  clock: Clock;
  log: Logger;
  metrics: Pick<Metrics, 'errors' | 'retries' | 'otomaxLatency'>;
  reachability: Pick<OtomaxReachability, 'error'>;
  onRow: (inboundId: number) => void;
}

/**
 * One queued message to OtomaX: InsertInbox signed by the client, with `_exp` = WhatsApp time + 30 s. The client
 * retries only what OtomaX surely did not process (1/2/4 s backoff), never past `_exp`; a refusal after that waits
 * RETRY_LATER_MS and goes again while `_exp` allows, else the message expires and the sender is told.
 */
export function createForwardStep(p: ForwardStepPorts) {
  const { inbound, clock, log, metrics, replies } = p;

  /**
   * A refusal that leaves the row queued for another go: that mark is queued in the group commit at once, right after
   * the attempts (so it commits with the last one, or later, never before): a reader of the database file never
   * sees the tries without the row queued again, even while their sync is still running off the loop. Null when
   * the row ends otherwise, or when no attempt was recorded (failed() writes it once the attempts are stored).
   */
  const requeueInGroup = (row: InboundRow, e: unknown, attempts: number): Promise<unknown> | null => {
    if (!attempts) return null;
    const c = classifyFailure(e);
    if (c.klass === 'expired' || !c.retryLater) return null;
    if (!p.stopped() && clock.now() + RETRY_LATER_MS >= row.expires_at) return null;
    return p.commits.run(() => inbound.setStatus(row.id, 'queued', c.klass, c.message), ATOMIC);
  };

  const failed = (row: InboundRow, e: unknown, requeued: boolean) => {
    const c = classifyFailure(e);
    metrics.errors.inc({ class: c.klass });
    p.reachability.error(c.message, c.definite, c.klass);
    const fresh = inbound.get(row.id) ?? row;
    if (c.klass === 'expired') return replies.expire(fresh, c.message);
    if (c.retryLater && p.stopped()) {
      // Shutting down: leave it queued; the next start sends it if _exp still allows.
      if (!requeued) inbound.setStatus(row.id, 'queued', c.klass, c.message);
      return;
    }
    if (requeued || (c.retryLater && clock.now() + RETRY_LATER_MS < row.expires_at)) {
      if (!requeued) inbound.setStatus(row.id, 'queued', c.klass, c.message);
      p.onRow(row.id);
      return p.later(row.id, RETRY_LATER_MS);
    }
    if (c.retryLater) return replies.expire(fresh, `OtomaX did not take it before _exp: ${c.message}`);
    if (uncertainReason(c.klass)) return replies.uncertain(fresh, c.klass, c.message);
    inbound.setStatus(row.id, 'failed', c.klass, c.message);
    log.warn({ inboundId: row.id, class: c.klass, error: c.message }, 'InsertInbox failed');
    p.onRow(row.id);
  };

  /**
   * The accept step's transaction, right before the row's insert: when OtomaX is set up, forwarding is on and the
   * message can go now, the row is inserted already marked 'forwarding' (attempts 1) in that same commit: one
   * statement and one sync for both, and the row is on disk as 'forwarding' before its InsertInbox leaves, as on the
   * other path. The caller then hands it to forwardClaimed.
   */
  const claimable = (c: ClaimCandidate): boolean => {
    if (!p.switches().forwarding || clock.now() >= c.expires_at || !p.otomax()) return false;
    return Boolean(c.from_me ? p.ownPhone(c.session_id) : c.sender_phone);
  };

  /**
   * A row claimed by the accept step's commit (on disk as 'forwarding'): its InsertInbox goes now. `sent`: as in
   * forward.
   */
  const forwardClaimed = async (row: InboundRow, sent?: () => void): Promise<void> => {
    const client = p.otomax();
    const pengirim = row.from_me ? p.ownPhone(row.session_id) : row.sender_phone;
    if (!client || !pengirim) {
      // Changed since the claim (nothing was sent): back to waiting, tried again later.
      if (client) inbound.setStatus(row.id, 'queued');
      else inbound.setStatus(row.id, 'queued', 'not_configured', NOT_CONFIGURED_MESSAGE);
      p.onRow(row.id);
      return p.later(row.id, RETRY_LATER_MS);
    }
    return send(row, client, pengirim, sent);
  };

  /**
   * `held`: the row as the accept step just logged it ('queued'), handed over so it is not read again (issue 15). Its
   * message fields never change after the insert; its status may have, so the 'forwarding' mark below takes only a
   * row still 'queued' (the check the read made), and the rare branches that write another status read it first.
   * `sent`: called once OtomaX has answered, before the answer is recorded, or once no call is needed (an expiry):
   * the caller's OtomaX slot is free then; the promise settles once the row's outcome is recorded.
   */
  const forward = async function forward(id: number, held?: InboundRow, sent?: () => void): Promise<void> {
    const row = held ?? inbound.get(id);
    if (!row || row.status !== 'queued') return;
    /** The row as stored when it is still waiting (read again only for a held row), else null: leave it alone. */
    const stillQueued = (): InboundRow | null => {
      if (!held) return row;
      const now = inbound.get(id);
      return now?.status === 'queued' ? now : null;
    };
    if (!p.switches().forwarding) {
      if (!stillQueued()) return;
      inbound.setStatus(id, 'not_forwarded', null, 'forwarding was switched off before it was sent');
      p.onRow(id);
      return;
    }
    if (clock.now() >= row.expires_at) {
      const current = stillQueued();
      // No call to OtomaX: the slot is free while the expiry is stored (a queue draining after an outage expires its
      // rows together, in one group commit).
      sent?.();
      return current ? replies.expire(current, 'waited past _exp before it could be sent') : undefined;
    }
    const client = p.otomax();
    if (!client) {
      if (!stillQueued()) return;
      // Not configured yet: the message stays queued and goes when OtomaX is set up, or expires.
      inbound.setStatus(id, 'queued', 'not_configured', NOT_CONFIGURED_MESSAGE);
      p.onRow(id);
      return p.later(id, RETRY_LATER_MS);
    }
    const pengirim = row.from_me ? p.ownPhone(row.session_id) : row.sender_phone;
    // On disk before the InsertInbox goes out; the marks of the messages starting together share one sync. The mark
    // takes only a row still 'queued': false when someone else took it.
    if (!pengirim || !(await p.commits.run(() => inbound.startForwardInTransaction(id), ATOMIC))) return;
    return send(row, client, pengirim, sent);
  };

  /** The InsertInbox of a row on disk as 'forwarding', and what its answer or failure makes of it. */
  const send = async (row: InboundRow, client: OtomaxPort, pengirim: string, sent?: () => void): Promise<void> => {
    const id = row.id;
    const s = p.settings();
    const started = clock.now();
    // Each attempt record goes through the group commit (its sync shared with the messages in flight), in order.
    const attempts: Promise<unknown>[] = [];
    let answer: InsertInboxAnswer;
    try {
      const call = client.insertInbox(
        {
          pesan: row.text,
          kode_reseller: p.numberOptions?.(row.session_id)?.defaultReseller ?? s.otomaxDefaultReseller,
          pengirim,
          tipe_pengirim: 'W',
          kode_terminal: p.terminalFor?.(row.session_id) ?? s.otomaxDefaultKodeTerminal,
          _exp: formatOtomaxExp(row.expires_at),
        },
        {
          // A second InsertInbox can be a second money transaction: retry only what OtomaX surely did not process.
          safeRetryOnly: true,
          onAttempt: (a) => {
            const stored = p.commits.run(() => inbound.addAttempt(id, a), ATOMIC);
            attempts.push(
              stored.catch((e: unknown) => log.error({ err: e, inboundId: id }, 'InsertInbox attempt not stored')),
            );
            if (a.attempt > 1) metrics.retries.inc();
            if (a.outcome === 'ok') metrics.otomaxLatency.observe(a.latencyMs / 1000);
            // The first failed try turns the row into "waiting for OtomaX": show it once that try is stored (the
            // window reads it), not after the backoff.
            else if (a.attempt === 1)
              void stored.then(
                () => p.onRow(id),
                () => undefined,
              );
          },
        },
      );
      // The window shows the row as forwarding once its InsertInbox is on its way: the row's read for the window waits
      // a loop turn, so it runs after the request is written (undici writes on a kept-alive connection one turn after
      // the call), not on the forward's way (issue 15).
      setImmediate(() => p.onRow(id));
      answer = await call;
    } catch (e) {
      // The row's outcome (failed, uncertain, expired) is written outside the group commit: only once its attempts are
      // on disk, so the log never shows an outcome without the tries that led to it. Queued again: requeueInGroup.
      const requeued = requeueInGroup(row, e, attempts.length);
      await Promise.all(attempts);
      if (requeued) await requeued;
      return failed(row, e, requeued !== null);
    }
    // Outside the try: OtomaX has the message, so nothing after this may turn it into a failure to resend. The answer
    // goes through the same group commit after the attempt records: they commit with it or before it (in order).
    // OtomaX is done with this call: its slot takes the next message while the answer is recorded (issue 15: the
    // slot held through the answer's commit and sync halved the answers sharing one sync).
    sent?.();
    await replies.answered(row, answer, started);
  };

  return Object.assign(forward, { claimable, forwardClaimed });
}
