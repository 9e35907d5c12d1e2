import type { Logger } from '../kernel/logger';
import type { OtomaxHolder } from './holder';
import type { OtomaxReachability } from './reachability';
import { classifyFailure } from './classify';
import type { Clock } from '../kernel/clock';

/** How often OtomaX is asked when no real call has proved it up; refused connections fail at once. */
export const PROBE_EVERY_MS = 10_000;
/** A probe that gets no answer in this long counts as "not answering" (well inside the ~30 s the owner waits). */
export const PROBE_TIMEOUT_MS = 8_000;

/**
 * OtomaX reachability without traffic: while OtomaX is configured, a cheap GetVersiOtomaX (no retries, short
 * timeout) every PROBE_EVERY_MS unless a real call succeeded since the last one. So the OtomaX card and the overall
 * state go red within ~20 s of OtomaX going away, and green again by themselves when it is back.
 */
export function createOtomaxProbe(deps: {
  otomax: OtomaxHolder;
  reachability: OtomaxReachability;
  clock: Clock;
  log: Logger;
  /** null: never probe (tests whose OtomaX faults a probe would use up). */
  everyMs?: number | null | undefined;
  timeoutMs?: number;
}) {
  const every = deps.everyMs === undefined ? PROBE_EVERY_MS : deps.everyMs;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  const probe = async () => {
    if (!deps.otomax.configured()) return;
    const { lastOkAt } = deps.reachability.snapshot();
    if (every === null) return;
    if (lastOkAt !== null && deps.clock.now() - lastOkAt < every) return;
    try {
      await deps.otomax.get().getVersiOtomaX({ retries: 0, timeoutMs: deps.timeoutMs ?? PROBE_TIMEOUT_MS });
      deps.reachability.ok();
    } catch (e) {
      const c = classifyFailure(e);
      if (c.klass === 'not_configured') return;
      deps.reachability.error(c.message, c.definite, c.klass);
      // An answer that says no (a bad key, an unknown method) still proves OtomaX is up.
      if (c.definite) deps.reachability.ok();
      deps.log.debug({ class: c.klass }, 'OtomaX probe failed');
    }
  };

  const tick = () => {
    if (running) return;
    running = probe()
      .catch((e: unknown) => deps.log.warn({ err: e }, 'OtomaX probe crashed'))
      .finally(() => (running = null));
  };

  return {
    start() {
      if (timer || every === null) return;
      timer = setInterval(tick, every);
      timer.unref?.();
      tick();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
    /** Probe now (OtomaX settings changed). */
    now: tick,
  };
}
