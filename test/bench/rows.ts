/** One benchmark target: what bench-results.json holds, one row per target of issue 15. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** The target as a human reads it, e.g. "<= 5". */
  target: string;
  pass: boolean;
  /** The same measure with the old code or the bare baseline, in the same run (when there is one). */
  baseline?: number;
  note?: string;
}

export const atMost = (
  name: string,
  value: number,
  unit: string,
  max: number,
  extra: Partial<BenchRow> = {},
): BenchRow => ({ name, value: round(value), unit, target: `<= ${max}`, pass: value <= max, ...extra });

export const atLeast = (
  name: string,
  value: number,
  unit: string,
  min: number,
  extra: Partial<BenchRow> = {},
): BenchRow => ({ name, value: round(value), unit, target: `>= ${min}`, pass: value >= min, ...extra });

export const round = (n: number) => Math.round(n * 100) / 100;

/**
 * The longest the event loop was held while `work` ran: a setImmediate chain notes the gap between its turns.
 * Every gap is a stretch of synchronous work nothing else could interrupt.
 */
export async function longestBlock<T>(work: () => Promise<T>): Promise<{ result: T; maxBlockMs: number; ms: number }> {
  let max = 0;
  let last = performance.now();
  let running = true;
  const tick = () => {
    const now = performance.now();
    max = Math.max(max, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const t0 = performance.now();
  const result = await work();
  const ms = performance.now() - t0;
  running = false;
  tick();
  return { result, maxBlockMs: max, ms };
}

/**
 * The slowest of several cases (different pages, terms, filters), each timed `runs` times after a warm-up and
 * taken at its median: on a machine shared with other work, one run can be preempted; the median of a case is what
 * the owner sees, the worst case is the row.
 */
export function timeCases(cases: (() => unknown)[], runs: number): number {
  let worst = 0;
  for (const fn of cases) {
    fn();
    const xs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      fn();
      xs.push(performance.now() - t0);
    }
    xs.sort((a, b) => a - b);
    worst = Math.max(worst, xs[Math.floor(xs.length / 2)] ?? NaN);
  }
  return worst;
}

/**
 * timeCases, with the process's CPU time of the same runs beside the wall time: on a machine shared with other
 * work the wall time includes waiting for a core; the CPU time is what the engine itself spent. `warmUp` calls of
 * each case come first (the engine serves many pages: the JIT has compiled the page code after a few dozen);
 * `coldMs` is the very first call, before any of that.
 */
export function timeCasesWithCpu(
  cases: (() => unknown)[],
  runs: number,
  warmUp = 1,
): { wall: number; cpu: number; coldMs: number } {
  let wall = 0;
  let cpu = 0;
  let coldMs = NaN;
  for (const fn of cases) {
    const c0 = performance.now();
    fn();
    if (Number.isNaN(coldMs)) coldMs = performance.now() - c0;
    for (let i = 1; i < warmUp; i++) fn();
    const w: number[] = [];
    const c: number[] = [];
    for (let i = 0; i < runs; i++) {
      const u = process.cpuUsage();
      const t0 = performance.now();
      fn();
      w.push(performance.now() - t0);
      const d = process.cpuUsage(u);
      c.push((d.user + d.system) / 1000);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    wall = Math.max(wall, median(w));
    cpu = Math.max(cpu, median(c));
  }
  return { wall, cpu, coldMs };
}

/**
 * Each case's median wall and CPU time (as timeCasesWithCpu, case by case): which case is the slow one, and whether
 * it spent the time or waited for a core.
 */
export function timeEachWithCpu(cases: (() => unknown)[], runs: number): { wall: number; cpu: number }[] {
  return cases.map((fn) => {
    const t = timeCasesWithCpu([fn], runs);
    return { wall: t.wall, cpu: t.cpu };
  });
}

export function printRows(rows: BenchRow[]): void {
  console.log(
    `\n${'target'.padEnd(52)}${'value'.padStart(10)} ${'unit'.padEnd(6)}${'target'.padStart(9)}${'old/base'.padStart(10)}  pass`,
  );
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(52)}${String(r.value).padStart(10)} ${r.unit.padEnd(6)}${r.target.padStart(9)}${(r.baseline === undefined ? '' : String(round(r.baseline))).padStart(10)}  ${r.pass ? 'yes' : 'NO'}`,
    );
  }
}
