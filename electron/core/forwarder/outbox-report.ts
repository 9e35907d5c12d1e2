import type { GroupCommit } from '../db/durable';
import type { Clock } from '../kernel/clock';
import type { Logger } from '../kernel/logger';
import type { OtomaxReachability } from '../otomax';
import { classifyFailure } from '../otomax';
import type { OutboxRepo } from './outbox-repo';
import type { OtomaxLookup } from './ports';

/** Backoff of UpdateStatusOutbox retries (ms), capped at the last value. */
export const REPORT_BACKOFF_MS = [1000, 2000, 5000, 10_000, 30_000, 60_000];

/** The report step's port: the outbox rows that wait for OtomaX to hear their result, and OtomaX (or null). */
export interface ReportStepPorts {
  outbox: Pick<OutboxRepo, 'unreported' | 'setReported' | 'reportFailed' | 'countUnreported'>;
  otomax: OtomaxLookup;
  clock: Clock;
  log: Logger;
  reachability: Pick<OtomaxReachability, 'ok' | 'error'>;
  backoffMs?: number[];
  /**
   * The engine's group commit: each answer's mark joins the loop turn's one synced transaction instead of a sync
   * of its own (issue 15). Absent: each mark is its own commit.
   */
  commits?: Pick<GroupCommit, 'run'>;
}

/**
 * Tells OtomaX each outbox result with UpdateStatusOutbox (20 sent, 40 gave up), retried on a backoff until OtomaX
 * accepts it. A definite refusal is recorded and not asked again; one stuck kode never blocks the others.
 */
export function createReportStep(p: ReportStepPorts) {
  const { outbox, clock, log } = p;
  const backoff = p.backoffMs ?? REPORT_BACKOFF_MS;
  let timer: NodeJS.Timeout | null = null;
  let reporting = false;
  // A kick that came while a pass was asking OtomaX: the next pass starts at once instead of after the backoff.
  let kicked = false;
  let failures = 0;
  let stopped = true;
  const store = async (fn: () => void): Promise<void> => {
    if (p.commits) await p.commits.run(fn);
    else fn();
  };

  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void report(), ms);
    timer.unref?.();
  };

  const report = async () => {
    timer = null;
    if (reporting || stopped) return;
    reporting = true;
    try {
      const rows = outbox.unreported(50);
      if (!rows.length) return;
      const client = p.otomax();
      if (!client) {
        // Not configured: asked again on the backoff, and at once when it is set up (kick).
        failures++;
        return;
      }
      let passFailed = false;
      for (const row of rows) {
        if (stopped) return;
        try {
          await client.updateStatusOutbox(row.kode, row.report_status as number);
          const at = clock.now();
          // Stored before the next row (and before the count below): a row is never asked twice in one run.
          await store(() => outbox.setReported(row.id, at));
          p.reachability.ok();
        } catch (e) {
          const c = classifyFailure(e);
          p.reachability.error(c.message, c.definite, c.klass);
          if (c.definite) {
            // OtomaX answered and said no (unknown kode...): asking again gets the same answer.
            const at = clock.now();
            await store(() => {
              outbox.reportFailed(row.id, `UpdateStatusOutbox refused: ${c.message}`);
              outbox.setReported(row.id, at);
            });
            log.warn(
              { kode: row.kode, class: c.klass, error: c.message },
              'OtomaX refused UpdateStatusOutbox; not retried',
            );
            continue;
          }
          // Counted per row, and rows are taken fewest-attempts first: one stuck kode never blocks the others.
          await store(() => outbox.reportFailed(row.id, `UpdateStatusOutbox: ${c.message}`));
          passFailed = true;
          log.warn({ kode: row.kode, class: c.klass }, 'UpdateStatusOutbox failed; will retry');
          if (c.klass === 'unreachable') break;
        }
      }
      failures = passFailed ? failures + 1 : 0;
    } finally {
      reporting = false;
      const again = kicked;
      kicked = false;
      const pending = outbox.countUnreported();
      if (pending && !stopped) {
        schedule(again || !failures ? 0 : (backoff[Math.min(failures - 1, backoff.length - 1)] as number));
      }
    }
  };

  return {
    /** Report what waits now (a result was just recorded, or OtomaX was just configured or came back). */
    kick() {
      if (reporting) kicked = true;
      else schedule(0);
    },
    start() {
      stopped = false;
      failures = 0;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      while (reporting) await new Promise((r) => setTimeout(r, 10));
    },
  };
}
