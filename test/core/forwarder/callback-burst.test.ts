import Database from 'better-sqlite3';
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { otomaxToken } from '../../../electron/core/otomax/token';
import { startEnv, type Env } from '../../helpers/engine-env';

let env: Env | null = null;
afterEach(async () => {
  vi.restoreAllMocks();
  await env?.stop();
  env = null;
});

const CREDS = { appId: 'APPID123', appKey: 'appkey-secret', devKey: 'devkey-secret' };
const N = 60;

/**
 * OtomaX delivers its outbox in bursts. Each callback is answered 200 only once its row is on disk, but the rows
 * of a burst share their syncs (group commit): one synced commit per callback was what a burst waited on.
 */
describe('a burst of outbox callbacks', () => {
  it('every callback is stored once and answered 200, with far fewer synced commits than callbacks', async () => {
    const e = await startEnv({ argv: ['--send-rate=1'] });
    env = e;
    const cb = await env.h.engine.api.invoke('callback:get', undefined);
    if (!cb.ok) throw new Error(cb.error.message);
    const agent = new Agent({ connections: N });
    // durably() reads the synchronous level once per transaction it commits: counted, and made to cost 20 ms
    // like a sync on a slow disk (the event loop stands still meanwhile, as it does during a real sync).
    let syncs = 0;
    const original = Database.prototype.pragma;
    vi.spyOn(Database.prototype, 'pragma').mockImplementation(function (
      this: Database.Database,
      ...args: Parameters<Database.Database['pragma']>
    ) {
      if (args[0] === 'synchronous') {
        syncs++;
        const until = performance.now() + 20;
        while (performance.now() < until);
      }
      return original.apply(this, args);
    });
    const syncedCommits = () => syncs;
    const body = (i: number) =>
      JSON.stringify({
        kode: 7000 + i,
        penerima: `0812${String(i).padStart(8, '0')}`,
        tipe_penerima: 'W',
        pesan: `R#${i} SUKSES SN:${i}`,
        kode_inbox: null,
        kode_transaksi: i,
        kode_reseller: 'R0001',
        kode_terminal: 1,
        status: 0,
      });
    const post = async (i: number) => {
      const b = body(i % N); // every callback twice: the second is a duplicate, answered 200 and not stored again
      const r = await request(cb.value.url, {
        method: 'POST',
        body: b,
        headers: { 'content-type': 'application/json', token: otomaxToken(CREDS, b) },
        dispatcher: agent,
      });
      return { status: r.statusCode, json: (await r.body.json()) as { results: { duplicate: boolean } } };
    };
    // Connections open before the burst, as OtomaX's keep-alive ones are.
    await Promise.all(
      Array.from({ length: N }, async () =>
        (await request(`${e.h.url}/otomax/health`, { dispatcher: agent })).body.text(),
      ),
    );
    const first = await Promise.all(Array.from({ length: N }, (_, i) => post(i)));
    const commitsForBurst = syncedCommits();
    const again = await Promise.all(Array.from({ length: N }, (_, i) => post(i)));
    await agent.close();
    expect(first.map((r) => r.status)).toEqual(Array(N).fill(200));
    expect(first.every((r) => !r.json.results.duplicate)).toBe(true);
    expect(again.every((r) => r.status === 200 && r.json.results.duplicate)).toBe(true);
    // 60 callbacks, a handful of commits (a send or two may add theirs); one per callback before.
    expect(commitsForBurst).toBeLessThan(N / 4);
    const page = await env.h.engine.api.invoke('log:page', { filter: { direction: 'outbox' } });
    expect(page.ok && page.value.total).toBe(N);
  });
});
