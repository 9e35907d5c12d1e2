import type { SimFault } from './types';

interface Armed {
  fault: SimFault;
  remaining: number | null;
}

/** Faults per route (an OtomaX method name, or '*' for all); a route's own faults go before '*'. */
export class FaultTable {
  private readonly byRoute = new Map<string, Armed[]>();

  add(route: string, fault: SimFault): void {
    const list = this.byRoute.get(route) ?? [];
    list.push({ fault, remaining: fault.count ?? null });
    this.byRoute.set(route, list);
  }

  clear(): void {
    this.byRoute.clear();
  }

  /** The fault for this request, if any; counted faults are used up one per request. */
  take(method: string): SimFault | null {
    for (const route of [method, '*']) {
      const list = this.byRoute.get(route);
      if (!list) continue;
      const armed = list.find((a) => a.remaining === null || a.remaining > 0);
      if (!armed) continue;
      if (armed.remaining !== null) armed.remaining -= 1;
      return armed.fault;
    }
    return null;
  }
}

const KINDS = ['latency', 'status', 'reset_before_body', 'reset_after_body', 'hang', 'malformed_json'] as const;

/**
 * Parse the CLI form `Route:kind[:arg][:count]`: latency takes ms, status takes the HTTP status, the others take
 * no argument (so their third part is the count). Examples: InsertInbox:latency:2000, *:status:503:2, Test:hang.
 */
export function parseFaultSpec(spec: string): { route: string; fault: SimFault } {
  const [route, kind, a, b] = spec.split(':');
  if (!route || !kind || !(KINDS as readonly string[]).includes(kind)) {
    throw new Error(`bad fault "${spec}": expected Route:kind[:arg][:count], kind one of ${KINDS.join(', ')}`);
  }
  const num = (v: string | undefined, what: string): number | undefined => {
    if (v === undefined || v === '') return undefined;
    if (!/^\d+$/.test(v)) throw new Error(`bad fault "${spec}": ${what} must be a whole number`);
    return Number(v);
  };
  const k = kind as SimFault['kind'];
  if (k === 'latency') return { route, fault: { kind: k, ms: num(a, 'ms') ?? 1000, count: num(b, 'count') } };
  if (k === 'status') return { route, fault: { kind: k, status: num(a, 'status') ?? 503, count: num(b, 'count') } };
  return { route, fault: { kind: k, count: num(a, 'count') } };
}
