import type { MetricsSnapshot } from '../../../shared/dto';
import type { Clock } from '../kernel/clock';

/** What the window's OtomaX card shows, minus the latencies (those come from the log). */
export type ReachabilitySnapshot = Omit<MetricsSnapshot['otomax'], 'latencyP50Ms' | 'latencyP95Ms'>;

/** OtomaX reachability as the owner sees it: from every real call, not a separate ping. */
export interface OtomaxReachability {
  ok(): void;
  /**
   * `klass`: the OtomaX error class, so the window can say it in the owner's language. 'ambiguous' (OtomaX closed
   * the connection, or stayed silent, after the request was written) is also kept as lastDroppedAt for its card.
   */
  error(message: string, definite: boolean, klass?: string): void;
  snapshot(): ReachabilitySnapshot;
  onChange(listener: () => void): () => void;
}

export function createOtomaxReachability(clock: Clock): OtomaxReachability {
  let reachable: boolean | null = null;
  let lastOkAt: number | null = null;
  let lastErrorAt: number | null = null;
  let lastError: string | null = null;
  let lastErrorClass: string | null = null;
  let unreachableSince: number | null = null;
  let lastDroppedAt: number | null = null;
  const listeners = new Set<() => void>();
  const changed = (before: boolean | null) => {
    if (before !== reachable) for (const l of listeners) l();
  };
  return {
    ok() {
      const before = reachable;
      reachable = true;
      lastOkAt = clock.now();
      unreachableSince = null;
      changed(before);
    },
    error(message, definite, klass) {
      lastErrorAt = clock.now();
      lastError = message;
      lastErrorClass = klass ?? null;
      if (klass === 'ambiguous') lastDroppedAt = lastErrorAt;
      // A definite answer (4xx, ok:false) proves OtomaX is up even though the call failed.
      if (definite) return;
      const before = reachable;
      reachable = false;
      unreachableSince ??= clock.now();
      changed(before);
    },
    snapshot: () => ({ reachable, lastOkAt, lastErrorAt, lastError, lastErrorClass, unreachableSince, lastDroppedAt }),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
