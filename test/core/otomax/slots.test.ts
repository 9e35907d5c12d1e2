import { describe, expect, it } from 'vitest';
import { createSlots } from '../../../electron/core/otomax/slots';

const tick = () => new Promise((r) => setImmediate(r));

/** A task that runs until its `finish` is called. */
function gate() {
  let finish!: (v?: unknown) => void;
  let fail!: (e: unknown) => void;
  const done = new Promise((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return { done, finish, fail };
}

describe('OtomaX client slots (the cap on requests in flight)', () => {
  it('runs at most `limit` tasks at once and starts the waiting ones in the order they came', async () => {
    const slots = createSlots(2);
    const gates = Array.from({ length: 5 }, () => gate());
    const started: number[] = [];
    const results = gates.map((g, i) =>
      slots.run(async () => {
        started.push(i);
        await g.done;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    gates[1]!.finish();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.finish();
    gates[2]!.finish();
    await tick();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    gates[3]!.finish();
    gates[4]!.finish();
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3, 4]);
  });

  it('a task that fails frees its slot and rejects its caller alone', async () => {
    const slots = createSlots(1);
    const first = gate();
    const a = slots.run(() => first.done);
    const b = slots.run(() => Promise.resolve('b'));
    first.fail(new Error('refused'));
    await expect(a).rejects.toThrow('refused');
    await expect(b).resolves.toBe('b');
  });

  it('onIdle resolves at once when nothing runs, else when the last task (waiting ones included) ends', async () => {
    const slots = createSlots(1);
    await expect(slots.onIdle()).resolves.toBeUndefined();
    const g1 = gate();
    const g2 = gate();
    const runs = [slots.run(() => g1.done), slots.run(() => g2.done)];
    let idle = false;
    void slots.onIdle().then(() => (idle = true));
    g1.finish();
    await tick();
    expect(idle).toBe(false);
    g2.finish();
    await Promise.all(runs);
    await tick();
    expect(idle).toBe(true);
  });

  it('refuses a limit that is not a whole number of at least 1', () => {
    expect(() => createSlots(0)).toThrow(RangeError);
    expect(() => createSlots(1.5)).toThrow(RangeError);
  });
});
