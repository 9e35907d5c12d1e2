import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRootLogger } from '../../../electron/core/kernel/logger';
import { startMemoryReport } from '../../../electron/core/kernel/memory-report';

/** A root logger whose lines land in an array (parsed). */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: createRootLogger({ level: 'info', destination }), lines };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('JEMBATAN_DEBUG_MEMORY', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('unset: reports nothing', async () => {
    const { log, lines } = capture();
    startMemoryReport(log, undefined)();
    startMemoryReport(log, '')();
    await flush();
    expect(lines).toEqual([]);
  });

  it('reports RSS, the V8 heap and its spaces at start and every N seconds, until stopped', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { log, lines } = capture();
    const stop = startMemoryReport(log, '30');
    vi.advanceTimersByTime(60_000);
    stop();
    vi.advanceTimersByTime(60_000);
    vi.useRealTimers();
    await flush();
    expect(lines).toHaveLength(3);
    const first = lines[0] as { msg: string; rssMb: number; heapTotalMb: number; spaces: Record<string, number> };
    expect(first.msg).toBe('memory');
    expect(first.rssMb).toBeGreaterThan(first.heapTotalMb);
    expect(first.spaces.new_space).toBeGreaterThan(0);
    expect(first.spaces.old_space).toBeGreaterThan(0);
  });

  it('a value that is not 1-3600 seconds: one warning, no report', async () => {
    const { log, lines } = capture();
    startMemoryReport(log, 'often')();
    startMemoryReport(log, '0')();
    await flush();
    expect(lines.map((l) => l.level)).toEqual([40, 40]);
    expect(String(lines[0]?.msg)).toContain('JEMBATAN_DEBUG_MEMORY');
  });
});
