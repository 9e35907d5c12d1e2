import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startHeadless, type Headless } from '../../../electron/headless';
import { createMemorySecretStore } from '../../../electron/core/secrets/memory-store';
import { createFakeSocketFactory, waMessage } from '../../fakes/fake-wa-socket';
import { startEnv, type Env } from '../../helpers/engine-env';
import { tempDir } from '../../helpers/tmp';

const RESELLER = '6281234567890';
const OWNER = '6281111111111';
const N = 40;

let env: Env | null = null;
let h: Headless | null = null;
let reader: Database.Database | null = null;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  reader?.close();
  reader = null;
  await env?.stop();
  env = null;
  await h?.stop();
  h = null;
  cleanups.splice(0).forEach((c) => c());
});

async function until(pred: () => boolean | Promise<boolean>, ms = 5000, what = 'condition') {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Every commit is synced (FULL): count them, a write statement run outside a transaction and each outermost
 * transaction, at its BEGIN (a savepoint inside one is not a commit). Each costs 10 ms, like a
 * sync on a slow disk: the event loop stands still meanwhile, as during a real sync.
 */
function countCommits(): () => number {
  let commits = 0;
  const commit = () => {
    commits++;
    const until = performance.now() + 10;
    while (performance.now() < until);
  };
  // A pragma is not a commit (the group commit switches synchronous with prepared statements).
  const control = /^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA)/i;
  const begin = /^\s*BEGIN/i;
  const write = /^\s*(INSERT|UPDATE|DELETE|REPLACE)/i;
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as {
    run: (...a: unknown[]) => unknown;
    get: (...a: unknown[]) => unknown;
  };
  probe.close();
  const { run, get } = proto;
  vi.spyOn(proto, 'run').mockImplementation(function (this: Database.Statement, ...a: unknown[]) {
    // An outermost transaction is counted at its BEGIN (better-sqlite3's wrapper runs it as a statement; the engine
    // builds its wrappers once, so the calls of db.transaction() are not the transactions).
    if (!this.database.inTransaction && (begin.test(this.source) || (!this.reader && !control.test(this.source))))
      commit();
    return run.apply(this, a);
  });
  // The log's INSERT ... RETURNING runs through get().
  vi.spyOn(proto, 'get').mockImplementation(function (this: Database.Statement, ...a: unknown[]) {
    if (!this.database.inTransaction && write.test(this.source)) commit();
    return get.apply(this, a);
  });
  return () => commits;
}

/**
 * The inbound log's row is the first thing stored for a message; a batch of messages (WhatsApp hands over the
 * backlog after a reconnect in one messages.upsert) shares its sync (group commit) instead of one synced commit a
 * message, and each row is still stored before anything else happens to its message (issue 15).
 */
describe('a burst of messages into the inbound log', () => {
  it('a batch of 40 from Baileys is logged once each with a few synced commits, not one a message', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const factory = createFakeSocketFactory();
    // Forwarding off: the logged row is the only commit a message makes.
    h = await startHeadless({
      argv: [`--data-dir=${t.dir}`, '--port=0', '--whatsapp=baileys', '--otomax-enabled=false', '--log-level=error'],
      env: {},
      secrets: createMemorySecretStore({}),
      engine: { whatsapp: { makeSocket: factory.makeSocket, random: () => 0.5 } },
    });
    await until(() => factory.sockets.length === 1, 5000, 'a socket');
    factory.last().open({ id: `${OWNER}:3@s.whatsapp.net`, name: 'Toko' });
    await new Promise((r) => setTimeout(r, 200));
    reader = new Database(join(t.dir, 'jembatan.db'), { readonly: true });
    const count = reader.prepare<[], { n: number }>('SELECT count(*) AS n FROM inbound_messages');
    const commits = countCommits();
    const ts = Math.floor(Date.now() / 1000);
    factory.last().upsert(
      Array.from({ length: N }, (_, i) =>
        waMessage({
          key: { remoteJid: `${RESELLER}@s.whatsapp.net`, fromMe: false, id: `B${i}` },
          messageTimestamp: ts,
          message: { conversation: `S5.0811${String(i).padStart(7, '0')}.1234` },
          pushName: 'Budi',
        }),
      ),
      'notify',
    );
    await until(() => count.get()!.n === N, 10_000, 'every message logged');
    const used = commits();
    const page = await h.engine.api.invoke('log:page', { filter: { direction: 'in' } });
    expect(page.ok && page.value.total).toBe(N);
    // Before: one synced commit a logged row (40).
    expect(used).toBeGreaterThan(0);
    expect(used).toBeLessThanOrEqual(N / 8);
  });

  it('POST /dev/whatsapp/incoming answers after the commit that holds its row', async () => {
    const e = await startEnv({ argv: ['--otomax-enabled=false'] });
    env = e;
    reader = new Database(join(e.dataDir, 'jembatan.db'), { readonly: true });
    const logged = reader.prepare<[string], { status: string }>('SELECT status FROM inbound_messages WHERE wa_id = ?');
    const seen = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        e
          .incoming({ from: RESELLER, text: `S5.0811${String(i).padStart(7, '0')}.1234`, id: `LOG${i}` })
          .then((r) => [r.status, logged.get(`LOG${i}`)?.status ?? null]),
      ),
    );
    expect(seen).toEqual(Array(10).fill([200, 'not_forwarded']));
  });
});
