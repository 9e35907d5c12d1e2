import { afterEach, describe, expect, it, vi } from 'vitest';
import { countCommits } from '../../helpers/count-commits';
import { startEnv, type Env } from '../../helpers/engine-env';

let env: Env | null = null;
afterEach(async () => {
  vi.restoreAllMocks();
  await env?.stop();
  env = null;
});

const RESELLER = '6281234567890';
const N = 40;

/**
 * A burst of WhatsApp messages with 8 InsertInbox calls in flight: each "forwarding" mark is on disk before its
 * InsertInbox goes out and each answer is stored, but the marks (and the answers) of the calls in flight share their
 * syncs (group commit) instead of one synced commit each, which bound the pipeline at a few dozen messages a second
 * on a slow disk (issue 15).
 */
describe('a burst of messages to OtomaX', () => {
  it('every message goes to OtomaX once and is answered, with fewer synced commits a message than one per step', async () => {
    const e = await startEnv({
      sim: { resellers: [{ kode: 'R0001', phone: RESELLER, saldo: 1e12, pin: '1234' }], callback: { delayMs: 1e9 } },
      argv: ['--otomax-auto-reply-enabled=false', '--otomax-concurrency=8'],
    });
    env = e;
    // Every commit is synced (FULL): count them, a write statement run outside a transaction and each outermost
    // transaction (a savepoint inside one is not a commit).
    // Each costs 10 ms, like a sync on a slow disk: the event loop stands still meanwhile, as during a real sync.
    const commits = countCommits(() => {
      const until = performance.now() + 10;
      while (performance.now() < until);
    });
    const sent = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        e.incoming({ from: RESELLER, text: `S5.0811${String(i).padStart(7, '0')}.1234`, id: `BURST${i}` }),
      ),
    );
    expect(sent.map((r) => r.status)).toEqual(Array(N).fill(200));
    await e.waitFor(async () => {
      const m = await e.h.engine.api.invoke('metrics:get', undefined);
      return m.ok && m.value.today.forwarded >= N;
    }, 30_000);
    const pesan = e.sim.inbox.map((r) => r.pesan);
    expect(pesan).toHaveLength(N);
    expect(new Set(pesan).size).toBe(N);
    const page = await e.h.engine.api.invoke('log:page', { filter: { direction: 'in', status: 'forwarded' } });
    expect(page.ok && page.value.total).toBe(N);
    // Before: 5 commits a message (logged, forwarding, attempt, answer, read mark). The forwarding marks, the answers
    // and the read marks of the calls in flight now share theirs.
    expect(commits.count() / N).toBeLessThan(4);
  });
});
