import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { otomaxToken } from '../../../electron/core/otomax/token';
import { startEnv, type Env } from '../../helpers/engine-env';

const CREDS = { appId: 'APPID123', appKey: 'appkey-secret', devKey: 'devkey-secret' };
const N = 40;

const realFsync = fs.fsync;
let env: Env | null = null;
afterEach(async () => {
  fs.fsync = realFsync;
  syncBuiltinESMExports();
  await env?.stop();
  env = null;
});

/**
 * Issue 15: the engine's group commit fsyncs the WAL on the thread pool. Its stop() must wait for an fsync in flight
 * and the groups still owed one, then close the WAL handle, then the database: a stop that closed first hung (the
 * callers never answered) or closed the database under the fsync.
 */
describe('engine stop() with a WAL fsync in flight', () => {
  it('waits for the slow fsync, answers every stored callback, and closes within seconds', async () => {
    const e = await startEnv({ argv: ['--send-rate=1'] });
    env = e;
    const cb = await e.h.engine.api.invoke('callback:get', undefined);
    if (!cb.ok) throw new Error(cb.error.message);
    // Every fsync of the process now takes 300 ms (a slow disk): the engine's WAL syncs are among them.
    let slowed = 0;
    fs.fsync = ((fd: number, done: (err: NodeJS.ErrnoException | null) => void) => {
      slowed++;
      setTimeout(() => realFsync(fd, done), 300);
    }) as typeof fs.fsync;
    syncBuiltinESMExports();

    const agent = new Agent({ connections: N });
    const answered: number[] = [];
    const posts = Array.from({ length: N }, async (_, i) => {
      const body = JSON.stringify({
        kode: 9000 + i,
        penerima: `0812${String(i).padStart(8, '0')}`,
        tipe_penerima: 'W',
        pesan: `R#${i} SUKSES SN:${i}`,
        kode_inbox: null,
        kode_transaksi: i,
        kode_reseller: 'R0001',
        kode_terminal: 1,
        status: 0,
      });
      try {
        const r = await request(cb.value.url, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json', token: otomaxToken(CREDS, body) },
          dispatcher: agent,
        });
        await r.body.text();
        if (r.statusCode === 200) answered.push(9000 + i);
      } catch {
        // closed by the stop
      }
    });
    // Stop once the first fsync has been asked for (it is in flight for 300 ms).
    for (const until = Date.now() + 5000; slowed === 0 && Date.now() < until;) {
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(slowed).toBeGreaterThan(0);
    const t0 = performance.now();
    await e.h.stop(); // the engine's stop (env.stop() later closes the simulator and removes the folder)
    const stopMs = performance.now() - t0;
    await Promise.all(posts);
    await agent.close();
    expect(stopMs).toBeLessThan(10_000);
    expect(answered.length).toBeGreaterThan(0);

    const db = new Database(join(e.dataDir, 'jembatan.db'), { readonly: true });
    try {
      const onDisk = new Set(db.prepare('SELECT kode FROM outbox_messages').pluck().all() as string[]);
      expect(answered.filter((k) => !onDisk.has(String(k)))).toEqual([]);
    } finally {
      db.close();
    }
  }, 30_000);
});
