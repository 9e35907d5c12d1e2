/**
 * The log rows (log-scale.ts) in a process of their own, as the engine's queries run in the engine's process and not
 * beside a bench's simulator, clients and their heap: run in the bench process after the pipeline and callback
 * sections, every query took about 1.5 times the CPU it took in a fresh one (the text search's slowest term 70-72 ms
 * against 48; the same ratio for every term). Prints the rows as one line `BENCH-ROWS <json>` on stdout.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './rows';
import { logScaleRows, type LogScaleOptions } from './log-scale';

const MARK = 'BENCH-ROWS ';
const SELF = fileURLToPath(import.meta.url);

/** Runs logScaleRows(o) in a child node process (bounded by `timeLimitMs`); its other output is passed through. */
export function logScaleInChild(o: LogScaleOptions, timeLimitMs = 20 * 60_000): Promise<BenchRow[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', SELF, JSON.stringify(o)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      let nl: number;
      while ((nl = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        if (line.startsWith(MARK)) {
          clearTimeout(timer);
          resolve(JSON.parse(line.slice(MARK.length)) as BenchRow[]);
        } else process.stdout.write(`${line}\n`);
      }
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the log rows did not finish in ${timeLimitMs} ms`));
    }, timeLimitMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`the log rows' process exited with ${String(code)}`));
    });
  });
}

if (process.argv[1] === SELF && process.argv[2]) {
  const rows = await logScaleRows(JSON.parse(process.argv[2]) as LogScaleOptions);
  process.stdout.write(`${MARK}${JSON.stringify(rows)}\n`);
  process.exit(0);
}
