import type { BroadcastRecipientStatus } from '../../../shared/dto';
import type { Clock } from '../kernel/clock';
import { errorMessage, isAppError } from '../kernel/errors';
import type { Logger } from '../kernel/logger';
import type { CampaignRepo, RecipientRow, SendJob } from './campaign-repo';
import type { QontakClient } from './client';
import { QontakError } from './request';
import { readParams, wireParameters } from './send-params';
import type { BroadcastLogEntry, DirectBroadcastBody } from './wire';

export interface CampaignTiming {
  /** First look at the delivery log after Qontak accepted a broadcast. */
  firstPollMs: number;
  /** The poll delay doubles from firstPollMs up to this. */
  maxPollIntervalMs: number;
  /** Pause between two polls (Qontak counts them against the same limits as sends). */
  pollGapMs: number;
  /** 'delivered' is final this long after sending: read receipts may be off on the recipient's phone. */
  deliveredFinalAfterMs: number;
  /** Stop polling whatever the status this long after sending. */
  giveUpAfterMs: number;
  /** After a failure that is nobody's row's fault (credentials, network, rate limit). */
  pauseOnErrorMs: number;
  /** Calls per recipient before an upstream (5xx) failure is final. */
  maxSendAttempts: number;
}

export const DEFAULT_TIMING: CampaignTiming = {
  firstPollMs: 10_000,
  maxPollIntervalMs: 10 * 60_000,
  pollGapMs: 200,
  deliveredFinalAfterMs: 24 * 3600_000,
  giveUpAfterMs: 3 * 24 * 3600_000,
  pauseOnErrorMs: 30_000,
  maxSendAttempts: 3,
};

export const UNKNOWN_OUTCOME_AFTER_RESTART =
  'unknown outcome after restart: the send was in flight when Jembatan stopped; not resent, to never message anyone twice';
const UNKNOWN_OUTCOME_CONNECTION =
  'unknown outcome: the connection broke while sending; not resent, to never message anyone twice';

export interface RunnerDeps {
  repo: CampaignRepo;
  client: () => QontakClient | Promise<QontakClient>;
  clock: Clock;
  log: Logger;
  ratePerSecond: () => number;
  timing: CampaignTiming;
  /** A recipient of this campaign changed. */
  onChange: (campaignId: string) => void;
  sleep?: (ms: number) => Promise<void>;
  /** How each send ended (metrics): accepted by Qontak, failed for good, or refused for the rate limit. */
  onSend?: (outcome: 'sent' | 'failed' | 'rate_limited') => void;
}

export interface CampaignRunner {
  start(): void;
  stop(): Promise<void>;
  /** New queued rows: the sender should look now. */
  kick(): void;
}

/** A sleep that stop() and kick() can cut short. */
function createWaiter(sleep?: (ms: number) => Promise<void>) {
  let wake: (() => void) | null = null;
  return {
    wait(ms: number): Promise<void> {
      return new Promise<void>((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        let finished = false;
        const done = () => {
          if (finished) return;
          finished = true;
          if (timer) clearTimeout(timer);
          if (wake === done) wake = null;
          resolve();
        };
        wake = done;
        if (sleep) void sleep(ms).then(done);
        else timer = setTimeout(done, Math.max(0, ms));
      });
    },
    wake: () => wake?.(),
  };
}

const RANK: Record<BroadcastRecipientStatus, number> = {
  queued: 0,
  sending: 1,
  pending: 2,
  sent: 3,
  delivered: 4,
  read: 5,
  failed: 6,
};
const LOG_STATUSES = new Set<BroadcastRecipientStatus>(['pending', 'sent', 'delivered', 'read', 'failed']);
const IDLE_MS = 60_000;
/** Failures that say nothing about the row: leave it as it is and try again later. */
const PAUSE_CODES = new Set([
  'QONTAK_UNAUTHORIZED',
  'QONTAK_FORBIDDEN',
  'QONTAK_NOT_CONFIGURED',
  'QONTAK_RATE_LIMITED',
]);

export function directBroadcastBody(job: SendJob): DirectBroadcastBody {
  return {
    to_number: job.phone,
    to_name: job.name,
    message_template_id: job.template_id,
    channel_integration_id: job.channel_integration_id,
    language: { code: job.language },
    parameters: wireParameters(readParams(job.params)),
  };
}

/** The statuses only move forward; 'failed' only before WhatsApp reported delivery. */
function merge(current: BroadcastRecipientStatus, reported: string | undefined): BroadcastRecipientStatus {
  const next = LOG_STATUSES.has(reported as BroadcastRecipientStatus)
    ? (reported as BroadcastRecipientStatus)
    : 'pending';
  if (next === 'failed') return RANK[current] < RANK.delivered ? 'failed' : current;
  if (current === 'failed') return current;
  return RANK[next] > RANK[current] ? next : current;
}

export function createCampaignRunner(deps: RunnerDeps): CampaignRunner {
  const { repo, clock, log, timing } = deps;
  const sender = createWaiter(deps.sleep);
  const poller = createWaiter(deps.sleep);
  let stopping = false;
  let loops: Promise<void>[] = [];
  // Aborted by stop(): ends a Retry-After wait inside the client at once instead of sitting it out.
  let lifetime = new AbortController();
  let lastSendAt = 0;

  async function getClient(): Promise<QontakClient | null> {
    try {
      return await deps.client();
    } catch (e) {
      log.warn(
        { code: isAppError(e) ? e.code : undefined, err: errorMessage(e) },
        'qontak not available, broadcasts paused',
      );
      return null;
    }
  }

  async function sendOne(job: SendJob): Promise<'ok' | 'pause'> {
    const client = await getClient();
    if (!client) return 'pause';
    if (!repo.markSending(job.id, clock.now())) return 'ok';
    deps.onChange(job.campaign_id);
    let broadcastId: string;
    try {
      broadcastId = (await client.sendDirectBroadcast(directBroadcastBody(job), { signal: lifetime.signal })).id;
    } catch (e) {
      const outcome = onSendError(job, e);
      deps.onChange(job.campaign_id);
      return outcome;
    }
    const now = clock.now();
    repo.markAccepted(job.id, broadcastId, now, now + timing.firstPollMs);
    deps.onSend?.('sent');
    poller.wake();
    deps.onChange(job.campaign_id);
    return 'ok';
  }

  function onSendError(job: SendJob, e: unknown): 'ok' | 'pause' {
    const outcome = sendErrorOutcome(job, e);
    if (isAppError(e) && e.code === 'QONTAK_RATE_LIMITED') deps.onSend?.('rate_limited');
    else if (repo.recipient(job.id)?.status === 'failed') deps.onSend?.('failed');
    return outcome;
  }

  function sendErrorOutcome(job: SendJob, e: unknown): 'ok' | 'pause' {
    const now = clock.now();
    const message = errorMessage(e);
    if (!isAppError(e)) {
      log.error({ err: e, recipient: job.id }, 'broadcast send failed unexpectedly');
      repo.markFailed(job.id, now, `internal error: ${message}`);
      return 'ok';
    }
    log.warn({ recipient: job.id, code: e.code, err: message }, 'broadcast send failed');
    if (e instanceof QontakError && e.maybeProcessed) {
      repo.markFailed(job.id, now, `${UNKNOWN_OUTCOME_CONNECTION} (${message})`);
      return 'ok';
    }
    if (PAUSE_CODES.has(e.code) || e.code === 'QONTAK_UNREACHABLE') {
      repo.requeue(job.id, now, message);
      return 'pause';
    }
    if (e.code === 'QONTAK_UPSTREAM' && job.attempts + 1 < timing.maxSendAttempts) {
      repo.requeue(job.id, now, message);
      return 'pause';
    }
    repo.markFailed(job.id, now, message);
    return 'ok';
  }

  async function sendLoop(): Promise<void> {
    while (!stopping) {
      const job = repo.nextQueued();
      if (!job) {
        await sender.wait(IDLE_MS);
        continue;
      }
      const interval = 1000 / Math.max(0.01, deps.ratePerSecond());
      const gap = lastSendAt + interval - clock.now();
      if (gap > 0) {
        await sender.wait(gap);
        continue;
      }
      lastSendAt = clock.now();
      const outcome = await sendOne(job);
      if (outcome === 'pause' && !stopping) await sender.wait(timing.pauseOnErrorMs);
    }
  }

  function nextPollDelay(row: RecipientRow): number {
    return Math.min(timing.firstPollMs * 2 ** (row.polls + 1), timing.maxPollIntervalMs);
  }

  function pick(entries: BroadcastLogEntry[], phone: string): BroadcastLogEntry | undefined {
    return entries.find((e) => e.phone.replace(/\D/g, '') === phone) ?? entries[0];
  }

  async function pollOne(row: RecipientRow): Promise<'ok' | 'pause'> {
    const client = await getClient();
    if (!client || row.broadcast_id === null) return 'pause';
    let entries: BroadcastLogEntry[];
    try {
      entries = await client.getBroadcastLog(row.broadcast_id, { signal: lifetime.signal });
    } catch (e) {
      const code = isAppError(e) ? e.code : 'INTERNAL';
      log.warn({ recipient: row.id, code, err: errorMessage(e) }, 'broadcast log poll failed');
      if (PAUSE_CODES.has(code) || code === 'QONTAK_UNREACHABLE') return 'pause';
      entries = [];
    }
    const now = clock.now();
    const entry = pick(entries, row.phone);
    const status = merge(row.status, entry?.status);
    const age = now - (row.sent_at ?? now);
    let error = row.error;
    let nextPollAt: number | null = now + nextPollDelay(row);
    if (status === 'failed') {
      error = entry?.errorMessage || 'failed (WhatsApp gave no reason)';
      nextPollAt = null;
    } else if (status === 'read') {
      nextPollAt = null;
    } else if (status === 'delivered' && age >= timing.deliveredFinalAfterMs) {
      nextPollAt = null;
    } else if (age >= timing.giveUpAfterMs) {
      error = `no final delivery report after ${age >= 7200_000 ? `${Math.round(age / 3600_000)} h` : `${Math.round(age / 60_000)} min`}`;
      nextPollAt = null;
    }
    repo.applyLog(row.id, { status, whatsappMessageId: entry?.whatsappMessageId ?? null, error, nextPollAt }, now);
    if (status !== row.status || nextPollAt === null) deps.onChange(row.campaign_id);
    return 'ok';
  }

  async function pollLoop(): Promise<void> {
    while (!stopping) {
      const now = clock.now();
      const row = repo.nextDue(now);
      if (!row) {
        const earliest = repo.earliestPoll();
        await poller.wait(earliest === null ? IDLE_MS : Math.min(IDLE_MS, Math.max(1, earliest - now)));
        continue;
      }
      const outcome = await pollOne(row);
      if (!stopping) await poller.wait(outcome === 'pause' ? timing.pauseOnErrorMs : timing.pollGapMs);
    }
  }

  /** A loop that throws (a database error, a bug) is logged and restarted after a pause, never left dead. */
  async function guard(name: string, loop: () => Promise<void>, waiter: { wait(ms: number): Promise<void> }) {
    while (!stopping) {
      try {
        await loop();
      } catch (e) {
        log.error({ err: e }, `broadcast ${name} loop crashed`);
        await waiter.wait(timing.pauseOnErrorMs);
      }
    }
  }

  return {
    start() {
      if (loops.length) return;
      stopping = false;
      lifetime = new AbortController();
      loops = [guard('send', sendLoop, sender), guard('poll', pollLoop, poller)];
    },
    async stop() {
      stopping = true;
      lifetime.abort();
      sender.wake();
      poller.wake();
      await Promise.all(loops);
      loops = [];
    },
    kick: () => sender.wake(),
  };
}
