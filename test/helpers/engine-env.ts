import { join } from 'node:path';
import { request } from 'undici';
import { openDatabase } from '../../electron/core/db/open';
import { createSettingsRepo } from '../../electron/core/db/settings-repo';
import { startHeadless, type Headless } from '../../electron/headless';
import { createMemorySecretStore } from '../../electron/core/secrets/memory-store';
import { startOtomaxSim } from '../sim/otomax/sim';
import type { OtomaxSim, OtomaxSimOptions } from '../sim/otomax/types';
import { tempDir } from './tmp';

export const API_KEY = 'test-api-key-0123456789';

export interface EnvOptions {
  argv?: string[];
  sim?: OtomaxSimOptions;
  /** Reuse a data folder (a restart). */
  dataDir?: string;
  /** Reuse a simulator. */
  otomax?: OtomaxSim;
  pairDelayMs?: number;
  backoffMs?: number[];
  /** Probe OtomaX in the background this often (default: never, so no probe uses up a test's faults). */
  probeMs?: number;
}

export interface Env {
  h: Headless;
  sim: OtomaxSim;
  dataDir: string;
  api: <T = unknown>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => Promise<{ status: number; json: T }>;
  incoming: (m: {
    from?: string;
    text: string;
    id?: string;
    timestamp?: number;
    lid?: string;
    group?: string;
    /** The number (its id) it arrives on; absent = the primary. */
    number?: string;
  }) => Promise<{ status: number; json: unknown }>;
  sent: () => Promise<{ id: string; to: string; text: string; quotedId: string | null }[]>;
  waitFor: (pred: () => boolean | Promise<boolean>, timeoutMs?: number, what?: string) => Promise<void>;
  stop: () => Promise<void>;
}

/** A headless host with the simulated WhatsApp, paired, wired to an OtomaX simulator over loopback. */
export async function startEnv(o: EnvOptions = {}): Promise<Env> {
  const t = o.dataDir ? { dir: o.dataDir, cleanup: () => undefined } : tempDir();
  const sim = o.otomax ?? (await startOtomaxSim(o.sim));
  const secrets = createMemorySecretStore({
    'otomax.appKey': 'appkey-secret',
    'otomax.devKey': 'devkey-secret',
    'api.key': API_KEY,
  });
  // Forwarding on as the owner turns it on (a saved setting, in force from the start, recovery included), so the
  // switch can still flip it; a flag would fix it. A restart on the same data folder keeps what was saved.
  if (!(o.argv ?? []).some((a) => a.startsWith('--otomax-enabled'))) {
    const db = openDatabase(join(t.dir, 'jembatan.db'));
    const repo = createSettingsRepo(db);
    if (!('otomaxEnabled' in repo.all())) repo.save({ otomaxEnabled: true }, Date.now());
    db.close();
  }
  const h = await startHeadless({
    argv: [
      `--data-dir=${t.dir}`,
      '--host=127.0.0.1',
      '--port=0',
      '--whatsapp=simulated',
      `--otomax-api-url=${sim.url}`,
      '--otomax-app-id=APPID123',
      '--otomax-timeout-ms=2000',
      '--log-level=error',
      ...(o.argv ?? []),
    ],
    env: {},
    secrets,
    engine: {
      whatsapp: { pairDelayMs: o.pairDelayMs ?? 0 },
      otomaxBackoffMs: o.backoffMs ?? [50, 100, 200],
      otomaxProbeMs: o.probeMs ?? null,
    },
  });
  const api: Env['api'] = async (method, path, body, headers = {}) => {
    const r = await request(`${h.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${API_KEY}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await r.body.text();
    return { status: r.statusCode, json: (text ? JSON.parse(text) : null) as never };
  };
  const waitFor: Env['waitFor'] = async (pred, timeoutMs = 10_000, what = 'condition') => {
    const until = Date.now() + timeoutMs;
    while (!(await pred())) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  // Pair the simulated phone.
  const session = await h.engine.api.invoke('session:get', undefined);
  if (session.ok && session.value.state !== 'open') {
    await h.engine.api.invoke('pairing:start', { mode: 'qr' });
    await waitFor(
      async () => {
        const s = await h.engine.api.invoke('session:get', undefined);
        return s.ok && s.value.state === 'open';
      },
      5000,
      'pairing',
    );
  }
  const registered = await h.engine.api.invoke('callback:register', undefined);
  if (!registered.ok) throw new Error(`callback:register: ${registered.error.message}`);
  return {
    h,
    sim,
    dataDir: t.dir,
    api,
    incoming: (m) => api('POST', '/dev/whatsapp/incoming', m),
    sent: async () =>
      (
        await api<{ results: { id: string; to: string; text: string; quotedId: string | null }[] }>(
          'GET',
          '/dev/whatsapp/sent',
        )
      ).json.results,
    waitFor,
    async stop() {
      await h.stop();
      if (!o.otomax) await sim.close();
      t.cleanup();
    },
  };
}
