import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEnv, type Env } from '../../helpers/engine-env';

let env: Env | null = null;
afterEach(async () => {
  await env?.stop();
  env = null;
});

const RESELLER = '6281234567890';

/** Read the log straight from the database file (a second connection, as an auditor would). */
function inboundRows(e: Env) {
  const db = new Database(join(e.dataDir, 'jembatan.db'), { readonly: true });
  try {
    return db.prepare('SELECT wa_id, status, error_class, attempts FROM inbound_messages ORDER BY id').all() as {
      wa_id: string;
      status: string;
      error_class: string | null;
      attempts: number;
    }[];
  } finally {
    db.close();
  }
}
function attempts(e: Env) {
  const db = new Database(join(e.dataDir, 'jembatan.db'), { readonly: true });
  try {
    return db
      .prepare('SELECT outcome FROM forward_attempts ORDER BY id')
      .all()
      .map((r) => (r as { outcome: string }).outcome);
  } finally {
    db.close();
  }
}

describe('OtomaX faults: nothing lost, nothing sent twice', () => {
  it('5xx twice, then success: retried with backoff, forwarded once, every attempt recorded', async () => {
    env = await startEnv();
    env.sim.fault('InsertInbox', { kind: 'status', status: 503, count: 2 });
    await env.incoming({ from: RESELLER, text: 'SAL.1234', id: 'F5XX' });
    await env.waitFor(() => inboundRows(env!)[0]?.status === 'forwarded', 8000, 'forwarded');
    expect(env.sim.inbox).toHaveLength(1);
    expect(attempts(env)).toEqual(['http_5xx', 'http_5xx', 'ok']);
  });

  it('a 500 may hide a processed request: not retried, marked failed for the owner to check', async () => {
    env = await startEnv();
    env.sim.fault('InsertInbox', { kind: 'status', status: 500, count: 1 });
    await env.incoming({ from: RESELLER, text: 'S10.081234567890.1234', id: 'F500' });
    await env.waitFor(() => inboundRows(env!)[0]?.status === 'failed', 8000, 'failed');
    await new Promise((r) => setTimeout(r, 500));
    expect(attempts(env)).toEqual(['http_5xx']);
    expect(inboundRows(env)[0]).toMatchObject({ error_class: 'http_5xx' });
  });

  it('refused (OtomaX down) for a few seconds: sent when it is back, before _exp', async () => {
    env = await startEnv();
    await env.sim.down();
    await env.incoming({ from: RESELLER, text: 'SAL.1234', id: 'FDOWN' });
    await env.waitFor(() => attempts(env!).length >= 4, 5000, 'the retries while down');
    expect(attempts(env).slice(0, 4)).toEqual(['refused', 'refused', 'refused', 'refused']);
    expect(inboundRows(env)[0]).toMatchObject({ status: 'queued', error_class: 'unreachable' });
    await env.sim.up();
    await env.waitFor(() => inboundRows(env!)[0]?.status === 'forwarded', 10_000, 'forwarded after OtomaX came back');
    expect(env.sim.inbox).toHaveLength(1);
    await env.waitFor(async () => (await env!.sent()).length === 1, 5000, 'the auto-reply');
  });

  it('reset after the body was read: ambiguous, never sent again', async () => {
    env = await startEnv();
    env.sim.fault('InsertInbox', { kind: 'reset_after_body', count: 1 });
    await env.incoming({ from: RESELLER, text: 'S10.081234567890.1234', id: 'FRESET' });
    await env.waitFor(() => inboundRows(env!)[0]?.status === 'failed', 8000, 'failed');
    await new Promise((r) => setTimeout(r, 500));
    expect(env.sim.inbox).toHaveLength(1);
    expect(inboundRows(env)[0]).toMatchObject({ error_class: 'ambiguous' });
    expect(attempts(env)).toEqual(['reset']);
  });

  it('hanging past the timeout: ambiguous, never sent again', async () => {
    env = await startEnv({ argv: ['--otomax-timeout-ms=1000'] });
    env.sim.fault('InsertInbox', { kind: 'hang', count: 1 });
    await env.incoming({ from: RESELLER, text: 'S10.081234567890.1234', id: 'FHANG' });
    await env.waitFor(() => inboundRows(env!)[0]?.status === 'failed', 8000, 'failed');
    expect(attempts(env)).toEqual(['timeout']);
    expect(env.sim.inbox.length).toBeLessThanOrEqual(1);
  });

  it('garbage answer: not retried (it may have been processed)', async () => {
    env = await startEnv();
    env.sim.fault('InsertInbox', { kind: 'malformed_json', count: 1 });
    await env.incoming({ from: RESELLER, text: 'S10.081234567890.1234', id: 'FJUNK' });
    await env.waitFor(() => inboundRows(env!)[0]?.status === 'failed', 8000, 'failed');
    await new Promise((r) => setTimeout(r, 500));
    expect(env.sim.inbox.length).toBeLessThanOrEqual(1);
    expect(attempts(env)).toEqual(['bad_response']);
  });

  it('down for 60 s then back: early messages expire with a notice, later ones go through, reports catch up', async () => {
    env = await startEnv();
    await env.sim.down();
    const t0 = Date.now();
    // OtomaX's outbox still reaches us during the outage (its sender is up; its API is not): sent, not yet reported.
    env.sim.pushOutbox({ penerima: RESELLER, pesan: 'during the outage' });
    await env.waitFor(async () => (await env!.sent()).length === 1, 5000, 'outbox sent');
    await env.incoming({ from: RESELLER, text: 'SAL.1234', id: 'EARLY' });
    // Sent 45 s into the outage: its _exp (75 s) outlives the outage (60 s).
    await new Promise((r) => setTimeout(r, 45_000));
    await env.incoming({ from: RESELLER, text: 'S10.081234567890.1234', id: 'LATE' });
    await new Promise((r) => setTimeout(r, Math.max(0, 60_000 - (Date.now() - t0))));
    expect(env.sim.statusUpdates).toHaveLength(0);
    await env.sim.up();
    await env.waitFor(
      () => inboundRows(env!).find((r) => r.wa_id === 'LATE')?.status === 'forwarded',
      10_000,
      'LATE forwarded',
    );
    // OtomaX answering again wakes the reporter: no waiting out the backoff.
    await env.waitFor(() => env!.sim.statusUpdates.length === 1, 10_000, 'the pending report');
    const rows = inboundRows(env);
    expect(rows.find((r) => r.wa_id === 'EARLY')).toMatchObject({ status: 'expired' });
    expect(env.sim.inbox.map((r) => r.pesan)).toEqual(['S10.081234567890.1234']);
    const sent = await env.sent();
    expect(sent.filter((s) => s.quotedId === 'EARLY').map((s) => s.text)).toEqual([
      expect.stringMatching(/kirim ulang/),
    ]);
  }, 180_000);
});
