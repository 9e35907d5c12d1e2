/**
 * OtomaX outbox callbacks offered at 1,000 a second: each is checked (token), stored and answered 200; the time to
 * the 200 is what OtomaX waits for. Sending them on WhatsApp is paced by the send rate (at most 50/s, a ban guard),
 * so "sent and acknowledged" drains later: measured as a note, not as the callback rate.
 */
import { Agent, request } from 'undici';
import { otomaxToken } from '../../electron/core/otomax/token';
import { startEnv } from '../helpers/engine-env';
import { atLeast, atMost, type BenchRow } from './rows';

const RATE = 1000;
const IN_FLIGHT = 64;
const CREDS = { appId: 'APPID123', appKey: 'appkey-secret', devKey: 'devkey-secret' };

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
};

export async function callbackRows(n: number): Promise<BenchRow[]> {
  const env = await startEnv({ argv: ['--send-rate=50', '--log-level=error'] });
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: IN_FLIGHT });
  try {
    const cb = await env.h.engine.api.invoke('callback:get', undefined);
    if (!cb.ok) throw new Error(cb.error.message);
    const url = cb.value.url;
    const latencies: number[] = [];
    let next = 0;
    const t0 = performance.now();
    const deadline = Date.now() + 60_000;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < n) {
          if (Date.now() > deadline) throw new Error('callback bench time limit');
          const i = next++;
          const due = t0 + (i * 1000) / RATE;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          const body = JSON.stringify({
            kode: 900_000 + i,
            penerima: `0812${String(i % 5000).padStart(8, '0')}`,
            tipe_penerima: 'W',
            pesan: `R#${i} S5.08110000${i} SUKSES. SN: ${i * 7919}. Saldo 1.234.567`,
            kode_inbox: null,
            kode_transaksi: i,
            kode_reseller: 'R0001',
            kode_terminal: 1,
            status: 0,
          });
          const s = performance.now();
          const r = await request(url, {
            method: 'POST',
            body,
            headers: { 'content-type': 'application/json', token: otomaxToken(CREDS, body) },
            dispatcher: agent,
          });
          await r.body.text();
          if (r.statusCode !== 200) throw new Error(`callback answered ${r.statusCode}`);
          latencies.push(performance.now() - s);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    // A short look at the drain: how many went out on WhatsApp in the next seconds (paced, by design).
    await new Promise((r) => setTimeout(r, 3000));
    const sent = (await env.sent()).length;
    return [
      atLeast('callbacks accepted per second (offered 1,000/s)', n / seconds, '/s', 1000 * 0.98, {
        note: `${n} callbacks, token checked, stored, 200; ${sent} sent on WhatsApp within 3 s after (send rate 50/s)`,
      }),
      atMost('callback time to the 200, p99', pct(latencies, 0.99), 'ms', 10, {
        note: `p50 ${pct(latencies, 0.5).toFixed(1)} ms`,
      }),
    ];
  } finally {
    await agent.close();
    await env.stop();
  }
}
