import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Agent, request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { otomaxToken } from '../../../electron/core/otomax/token';
import { freePort, startChildHost, type ChildHost } from '../../helpers/child-host';
import { tempDir } from '../../helpers/tmp';
import { startOtomaxSim } from '../../sim/otomax/sim';
import type { OtomaxSim } from '../../sim/otomax/types';

const API_KEY = 'crash-sync-api-key-0123456789';
const CREDS = { appId: 'APPID123', appKey: 'appkey-secret', devKey: 'devkey-secret' };
/** Callbacks in flight at once, and answered ones before the kill (bounded in count and time). */
const STREAMS = 24;
const ANSWERED_BEFORE_KILL = 300;

const dir = tempDir('jembatan-crash-sync-');
let sim: OtomaxSim | null = null;
let child: ChildHost | null = null;
afterAll(async () => {
  child?.proc.kill('SIGKILL');
  await sim?.close();
  dir.cleanup();
});

/**
 * Issue 15: the engine commits its groups with synchronous = NORMAL and fsyncs the WAL off the loop; a callback's
 * 200 waits for that fsync. The engine (a real child process) is killed without warning right after a run of 200s:
 * every callback it answered is in the database afterwards, once.
 */
describe('the engine killed (SIGKILL) right after answering callbacks', () => {
  it(`every one of ${ANSWERED_BEFORE_KILL}+ answered callbacks is on disk after the kill`, async () => {
    sim = await startOtomaxSim({
      resellers: [{ kode: 'R0001', phone: '6281234567890', saldo: 100_000_000, pin: '1234' }],
      infoToOutbox: false,
    });
    const port = await freePort();
    child = await startChildHost(
      [
        `--data-dir=${dir.dir}`,
        '--host=127.0.0.1',
        `--port=${port}`,
        '--whatsapp=simulated',
        '--otomax-enabled=true',
        `--otomax-api-url=${sim.url}`,
        `--otomax-app-id=${CREDS.appId}`,
        '--log-level=warn',
      ],
      {
        JEMBATAN_API_KEY: API_KEY,
        OTOMAX_APP_KEY: CREDS.appKey,
        OTOMAX_DEV_KEY: CREDS.devKey,
        JEMBATAN_KEYCHAIN_SERVICE: `JembatanCrashSync${process.pid}`,
      },
    );
    const reg = await request(`${child.url}/otomax/set-callback`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(reg.statusCode).toBe(200);
    await reg.body.text();
    const url = sim.callbackUrl;
    if (!url) throw new Error('the engine did not register its callback URL');

    const agent = new Agent({ connections: STREAMS });
    const answered = new Set<number>();
    let killed = false;
    let next = 1;
    const deadline = Date.now() + 30_000;
    const stream = async () => {
      while (!killed && Date.now() < deadline && next < 100_000) {
        const kode = next++;
        const body = JSON.stringify({
          kode,
          penerima: `0812${String(kode).padStart(8, '0')}`,
          tipe_penerima: 'W',
          pesan: `R#${kode} SUKSES SN:${kode}`,
          kode_inbox: null,
          kode_transaksi: kode,
          kode_reseller: 'R0001',
          kode_terminal: 1,
          status: 0,
        });
        try {
          const r = await request(url, {
            method: 'POST',
            body,
            headers: { 'content-type': 'application/json', token: otomaxToken(CREDS, body) },
            dispatcher: agent,
          });
          await r.body.text();
          if (r.statusCode !== 200 || killed) continue;
          answered.add(kode);
          if (answered.size >= ANSWERED_BEFORE_KILL && !killed) {
            // Right after this 200: no warning, no shutdown, callbacks still in flight.
            killed = true;
            child?.proc.kill('SIGKILL');
          }
        } catch {
          // the connection died with the engine
        }
      }
    };
    await Promise.all(Array.from({ length: STREAMS }, stream));
    await agent.destroy();
    expect(killed).toBe(true);
    expect((await child.exited).signal).toBe('SIGKILL');

    const db = new Database(join(dir.dir, 'jembatan.db'), { readonly: true });
    try {
      const stored = db.prepare('SELECT kode FROM outbox_messages').pluck().all() as string[]; // kode is TEXT
      const onDisk = new Set(stored);
      expect(stored.length).toBe(onDisk.size); // none stored twice
      expect([...answered].filter((k) => !onDisk.has(String(k)))).toEqual([]);
      expect(answered.size).toBeGreaterThanOrEqual(ANSWERED_BEFORE_KILL);
    } finally {
      db.close();
    }
  }, 60_000);
});
